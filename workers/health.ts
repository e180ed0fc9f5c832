import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { State } from '@temporalio/worker';
import type { Registry } from 'prom-client';

export interface WorkerHealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The worker's liveness endpoint, for container healthchecks: `GET /healthz` is 200 while the
 * worker runs (polls its task queue) or waits for Temporal at start (`CONNECTING`, with the
 * reason), 503 once it stops, drains or fails. Restarting a worker that waits would not help.
 * `GET /readyz` is 200 only once it polls, otherwise 503 saying why (Temporal unreachable, the
 * namespace or search attributes missing).
 * With a registry, `GET /metrics` serves the worker's business metrics (Prometheus text format).
 */
export async function startWorkerHealthServer(options: {
  port: number;
  host?: string;
  state: () => State | 'CONNECTING';
  /** Why the worker does not poll yet (while `CONNECTING`). */
  notReadyReason?: () => string | undefined;
  metrics?: Registry;
}): Promise<WorkerHealthServer> {
  const { metrics } = options;
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/metrics' && metrics !== undefined) {
      metrics.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': metrics.contentType });
          response.end(text);
        },
        () => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: 'MetricsUnavailable' }));
        },
      );
      return;
    }
    if (request.method !== 'GET' || (request.url !== '/healthz' && request.url !== '/readyz')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'NotFound' }));
      return;
    }
    const state = options.state();
    const reason = state === 'CONNECTING' ? options.notReadyReason?.() : undefined;
    const ok = state === 'RUNNING' || (request.url === '/healthz' && state === 'CONNECTING');
    const status = state === 'RUNNING' ? 'ok' : state === 'CONNECTING' ? 'starting' : 'unavailable';
    response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status, worker: state, ...(reason === undefined ? {} : { reason }) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
