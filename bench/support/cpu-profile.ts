import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that the summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  what: string;
  selfMs: number;
  /** Share of the busy time (idle left out). */
  share: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  /** Self time by package (`fastify`, `pino`, `@temporalio/client`, `node:internal/…`, project files). */
  byPackage: ProfileLine[];
  /** Self time by function. */
  byFunction: ProfileLine[];
}

/** Where a function comes from: its npm package, Node's internals, or our own file. */
function origin(url: string, root: string): string {
  if (url === '') return '(native / V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:'))
    return url
      .replace(/^node:internal\//, 'node:')
      .split('/')
      .slice(0, 2)
      .join('/');
  return url.replace(/^file:\/\//, '').replace(`${root}/`, '');
}

const top = (totals: Map<string, number>, busyMs: number, count: number): ProfileLine[] =>
  [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([what, selfMs]) => ({ what, selfMs, share: selfMs / busyMs }));

/** Self time of a CPU profile by package and by function, the busiest first. */
export async function summariseCpuProfile(file: string, root: string, count = 15): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = nodes.get(id);
    if (!frame) return;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    const from = origin(frame.url, root);
    byPackage.set(from, (byPackage.get(from) ?? 0) + ms);
    const fn = `${frame.functionName || '(anonymous)'} ${from}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  });
  return {
    busyMs,
    idleMs,
    byPackage: top(byPackage, busyMs, count),
    byFunction: top(byFunction, busyMs, count),
  };
}

/** The main thread's profile among those `--cpu-prof` wrote into `dir` (the largest). */
export async function mainThreadProfile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile'));
  const sized = await Promise.all(
    files.map(async (file) => ({
      file: path.join(dir, file),
      size: (await stat(path.join(dir, file))).size,
    })),
  );
  const largest = sized.sort((a, b) => b.size - a.size)[0];
  if (!largest) throw new Error(`no CPU profile in ${dir}`);
  return largest.file;
}
