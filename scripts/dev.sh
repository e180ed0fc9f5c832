#!/usr/bin/env bash
# Runs the whole local stack in the foreground: Temporal dev server (with its Web UI and the
# project's search attributes), the simulators, the worker and the webhook/API server.
# Ctrl-C (or SIGTERM) stops every process it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

temporal="${TEMPORAL_CLI_PATH:-$root/.tools/venv/bin/temporal}"
# tsx itself, not through npx: npm exec does not pass SIGTERM on to the process it runs.
tsx="$root/node_modules/.bin/tsx"
[ -x "$temporal" ] || { echo "dev: $temporal not found; run 'make setup' first" >&2; exit 1; }
temporal_port="${TEMPORAL_PORT:-7233}"
ui_port="${TEMPORAL_UI_PORT:-8233}"
state_dir="$root/.tools/dev"
mkdir -p "$state_dir"

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "dev: stopping…"
  # The server, worker and simulators first (they drain against a live Temporal), Temporal last.
  local rest=("${pids[@]:1}")
  [ ${#rest[@]} -gt 0 ] && stop_pids "${rest[@]}"
  [ ${#pids[@]} -gt 0 ] && stop_pids "${pids[0]}"
  echo "dev: stopped"
}

stop_pids() { # pids...: SIGTERM, up to 15 s to drain, then nothing is left behind
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 75); do
    local alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "$@"; do
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

start() { # name, command...
  local name="$1"; shift
  "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
  pids+=("$!")
}

wait_for_port() { # name, port
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "dev: $1 did not open port $2" >&2
  exit 1
}

# Payload encryption is on when keys are configured: the Web UI then decodes payloads through the
# server's codec endpoint. The local UI has no login whose token it could forward, so the codec
# endpoint runs without authentication here (allowed on a loopback address only).
# (Arrays expanded as ${a[@]+"${a[@]}"}: an empty one is no word, even under set -u in bash 4.3.)
codec_flags=()
server_env=()
if [ -n "${PAYLOAD_ENCRYPTION_KEYS:-}" ]; then
  codec_flags=(--ui-codec-endpoint "http://127.0.0.1:${HTTP_PORT:-3000}/codec")
  server_env=(
    "CODEC_AUTH=${CODEC_AUTH:-none}"
    "CODEC_CORS_ORIGINS=${CODEC_CORS_ORIGINS:-http://127.0.0.1:$ui_port,http://localhost:$ui_port}"
  )
fi

search_attribute_flags=$("$tsx" -e "import { devServerSearchAttributeFlags } from './domain/search-attributes'; console.log(devServerSearchAttributeFlags().join(' '))")

# Persisted in .tools/dev so that tickets survive a restart of `make dev`.
# shellcheck disable=SC2086
# Its own session: a Ctrl-C reaches the other processes first; Temporal is stopped last.
start temporal setsid "$temporal" server start-dev --ip 127.0.0.1 --port "$temporal_port" --ui-port "$ui_port" \
  --db-filename "$state_dir/temporal.db" --log-level warn ${codec_flags[@]+"${codec_flags[@]}"} $search_attribute_flags
wait_for_port "Temporal" "$temporal_port"

if [ -f simulators/main.ts ]; then
  start simulators "$tsx" simulators/main.ts
fi
start worker "$tsx" workers/main.ts
if [ -f client/server/main.ts ]; then
  start server env ${server_env[@]+"${server_env[@]}"} "$tsx" client/server/main.ts
fi

cat <<TXT

  Partner Support Orchestrator — local stack
    Temporal gRPC      127.0.0.1:$temporal_port
    Temporal Web UI    http://127.0.0.1:$ui_port
TXT
[ -f simulators/main.ts ] && cat <<TXT
    Zendesk simulator  http://127.0.0.1:4010/api/v2
    Salesforce sim.    http://127.0.0.1:4020
    Slack simulator    http://127.0.0.1:4030
    S3 (moto)          http://127.0.0.1:4040
TXT
[ -f client/server/main.ts ] && echo "    Webhooks and API   http://127.0.0.1:${HTTP_PORT:-3000}"
[ ${#codec_flags[@]} -gt 0 ] && echo "    Payloads           encrypted; the Web UI decodes them via http://127.0.0.1:${HTTP_PORT:-3000}/codec"
echo
echo "  Ctrl-C stops everything."
echo

wait -n "${pids[@]}" || true
echo "dev: a process exited; stopping the rest" >&2
