import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A child process whose output is kept, to show in a failing test's message. */
export interface RunningChild {
  process: ChildProcess;
  output(): string;
  /** SIGTERM (the entry points' graceful stop), SIGKILL if it has not exited in `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function startChild(name: string, args: string[], env: Record<string, string>): RunningChild {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    output: () => `--- ${name} (${args.join(' ')}) ---\n${output}`,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TCP port free at the time of asking (the child binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}
