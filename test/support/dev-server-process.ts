import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeFlags } from '../../domain/search-attributes';
import { temporalCliPath } from '../../simulators/local-binaries';
import { eventually } from './eventually';

/**
 * The Temporal CLI dev server as a child process we control, on a fixed port and (optionally) a
 * file database: unlike TestWorkflowEnvironment's server, it can be started after the processes
 * that use it, stopped (SIGTERM, or SIGKILL as a crash) and started again on the same data.
 */
export interface DevServerProcess {
  address: string;
  start(): Promise<void>;
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  running(): boolean;
  output(): string;
}

export function devServerProcess({
  port,
  dbFilename,
}: {
  port: number;
  dbFilename?: string;
}): DevServerProcess {
  const address = `127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    address,
    running,
    output: () => output.slice(-20_000),
    async start() {
      if (running()) return;
      const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless'];
      args.push('--log-level', 'error', ...devServerSearchAttributeFlags());
      if (dbFilename) args.push('--db-filename', dbFilename);
      child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      // Ready once it serves the default namespace's search attributes.
      await eventually(
        async () => {
          if (!running()) throw new Error(`dev server exited: ${output.slice(-2_000)}`);
          const connection = await Connection.connect({ address, connectTimeout: 1_000 });
          try {
            const { customAttributes } = await connection.operatorService.listSearchAttributes({
              namespace: 'default',
            });
            return (
              customAttributes !== null && customAttributes !== undefined && 'TicketId' in customAttributes
            );
          } finally {
            await connection.close();
          }
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
    },
    async stop(signal = 'SIGTERM') {
      const current = child;
      if (current === undefined || !running()) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill(signal);
      const force = setTimeout(() => current.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}
