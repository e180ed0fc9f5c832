import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Runs a command to its end, its output on ours; rejects on a failed exit. */
function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args[0]} exited with ${code}`)),
    );
  });
}

/**
 * Builds a commit as production does (tsc -p tsconfig.build.json, then the prebuilt workflow
 * bundle) into `sourceDir`, from `git archive` (never the shared working tree: the figures name
 * the commit they measure). Asynchronous, so that the dev server, the simulators and the floor
 * worker start meanwhile. Resolves to the short commit, also written to `sourceDir/COMMIT`.
 */
export async function buildCommit(
  root: string,
  sourceDir: string,
  ref: string,
  log: (text: string) => void,
): Promise<string> {
  rmSync(sourceDir, { recursive: true, force: true });
  mkdirSync(sourceDir, { recursive: true });
  const commit = execFileSync('git', ['rev-parse', '--short', '--verify', `${ref}^{commit}`], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  await run(
    'sh',
    ['-c', `git archive --format=tar ${commit} | tar -x -C ${JSON.stringify(sourceDir)}`],
    root,
  );
  // The commit the build is of, for the results (also with --skip-build).
  writeFileSync(path.join(sourceDir, 'COMMIT'), commit);
  try {
    await run(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      sourceDir,
    );
  } catch {
    // tsc still emits; what matters is whether the worker starts (its log says if not).
    log(`WARNING: ${commit} has type errors (above); measuring what tsc emitted`);
  }
  // tsc emits no imported JSON from under a node_modules path: the SLA policies are copied as the build would.
  await run(
    'sh',
    [
      '-c',
      `find domain activities workflows -name '*.json' -exec sh -c 'mkdir -p dist/$(dirname "$1") && cp "$1" dist/"$1"' _ {} \\;`,
    ],
    sourceDir,
  );
  await run(
    process.execPath,
    [path.join(sourceDir, 'dist', 'scripts', 'build-workflow-bundle.js')],
    sourceDir,
  );
  return commit;
}
