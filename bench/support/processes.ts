import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eventually } from '../../test/support/eventually';
import { startChild, type RunningChild } from '../../test/support/child-process';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface NodeProcessOptions {
  /**
   * Writes V8 CPU profiles (`--cpu-prof`) into this folder when the process exits: one per
   * thread (tsx's loader has its own), the main thread's being the largest.
   */
  cpuProfileDir?: string;
  /** Further Node flags (e.g. `--max-old-space-size=…`). */
  nodeFlags?: string[];
}

/**
 * One TypeScript entry point of the project in its own Node process, run through tsx's loader
 * (`node --import tsx`, so that `--cpu-prof` profiles that very process, not a wrapper).
 */
export function startNodeProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  options: NodeProcessOptions = {},
): RunningChild {
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  return startChild(
    name,
    [...profile, ...(options.nodeFlags ?? []), '--import', 'tsx', path.resolve(repoRoot, entry)],
    { PATH: process.env.PATH ?? '', ...env },
  );
}

/** Waits until `url` answers 2xx, or fails with the process's output. */
export async function waitUntilServing(url: string, child: RunningChild, timeoutMs = 60_000): Promise<void> {
  try {
    await eventually(
      async () => {
        if (child.process.exitCode !== null) throw new Error('exited');
        return (await fetch(url)).ok;
      },
      { timeoutMs, intervalMs: 200 },
    );
  } catch (err) {
    throw new Error(`${String(err)}\n${child.output()}`);
  }
}

/** Runs a process to its end and returns the last line it printed on stdout, parsed as JSON. */
export async function runToEnd<T>(child: RunningChild): Promise<T> {
  let stdout = '';
  child.process.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.process.once('exit', resolve));
  const last = stdout.trim().split('\n').pop() ?? '';
  const complaints = child
    .output()
    .split('\n')
    .filter((line) => line.length < 2_000 && /refused|failed|error/i.test(line));
  if (complaints.length > 0) console.error(complaints.slice(0, 10).join('\n'));
  if (code !== 0) throw new Error(`exit ${code}\n${child.output()}`);
  return JSON.parse(last) as T;
}

/** User + system CPU time of a process so far, in ms (Linux /proc; undefined elsewhere or once gone). */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // utime and stime: fields 14 and 15 of /proc/<pid>/stat, counted after the command's name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process now, in MiB (Linux /proc). */
export function processRssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A child of this process by its command name (e.g. the Temporal dev server, `temporal`). */
export function childProcessId(command: string): number | undefined {
  try {
    for (const task of readdirSync(`/proc/${process.pid}/task`)) {
      const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/);
      for (const child of children.filter(Boolean)) {
        if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() === command) return Number(child);
      }
    }
  } catch {
    // Not Linux: CPU figures are left out.
  }
  return undefined;
}

/** The first line a process prints on stdout, parsed as JSON (how a bench process says it is up). */
export async function firstJsonLine<T>(child: RunningChild, timeoutMs = 60_000): Promise<T> {
  let stdout = '';
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no output in ${timeoutMs} ms\n${child.output()}`)),
      timeoutMs,
    );
    child.process.once('exit', () => reject(new Error(`exited\n${child.output()}`)));
    child.process.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout.slice(0, newline)) as T);
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

/** Waits until a process has printed `text` (on stdout or stderr). */
export async function waitForOutput(child: RunningChild, text: string, timeoutMs = 120_000): Promise<void> {
  await eventually(
    () => {
      if (child.process.exitCode !== null) throw new Error(`exited\n${child.output()}`);
      return child.output().includes(text);
    },
    { timeoutMs, intervalMs: 200 },
  );
}
