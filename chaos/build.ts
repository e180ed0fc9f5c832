import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');
/** The chaos run's own build: `npm run build` elsewhere (tests) deletes dist/ while workers restart from it. */
export const chaosBuildDir = path.join(root, '.tools', 'chaos-build');
const stampFile = path.join(chaosBuildDir, '.built-from');
const lock = path.join(root, '.tools', 'chaos-build.lock');
const inputs = [
  'workflows',
  'activities',
  'workers',
  'client',
  'domain',
  'simulators',
  'config',
  'codec',
  'scripts',
];

function newestInputMs(): number {
  let newest = 0;
  const visit = (file: string): void => {
    const stat = statSync(file);
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of [...inputs, 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'])
    if (existsSync(path.join(root, input))) visit(path.join(root, input));
  return newest;
}

const fresh = (newest: number): boolean =>
  existsSync(stampFile) && Number(readFileSync(stampFile, 'utf8')) >= newest;

/**
 * Compiles the service into .tools/chaos-build (tsc, then the workflow bundle) unless it is newer
 * than every input; one build at a time (a lock). Type errors elsewhere in a shared working tree
 * do not stop it: tsc emits anyway, and the entry points must exist.
 */
export async function ensureChaosBuild(
  log: (line: string) => void,
): Promise<{ dist: (...p: string[]) => string }> {
  const dist = (...segments: string[]): string => path.join(chaosBuildDir, ...segments);
  for (;;) {
    const newest = newestInputMs();
    if (fresh(newest)) return { dist };
    try {
      mkdirSync(path.dirname(lock), { recursive: true });
      mkdirSync(lock);
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10 * 60_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      continue;
    }
    try {
      log('chaos: building the service into .tools/chaos-build');
      rmSync(chaosBuildDir, { recursive: true, force: true });
      await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', chaosBuildDir], {
        cwd: root,
        maxBuffer: 16 * 1024 * 1024,
      }).catch((err: { stdout?: string }) =>
        log(`chaos: tsc reported type errors (emitted anyway):\n${err.stdout ?? ''}`),
      );
      for (const entry of ['workers/main.js', 'client/server/main.js', 'scripts/build-workflow-bundle.js'])
        if (!existsSync(dist(entry))) throw new Error(`chaos build: ${entry} was not emitted`);
      await promisify(execFile)(process.execPath, [dist('scripts', 'build-workflow-bundle.js')], {
        cwd: root,
      });
      writeFileSync(stampFile, String(newest));
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return { dist };
  }
}
