import { loadConfig } from '../config';

/**
 * The container image's HEALTHCHECK, one command for both long-running roles: in a worker
 * (`WORKER_HEALTH_PORT` set) it asks the worker's /healthz, otherwise the webhook server's.
 * Exit 0 when it answers 200 within 3 s, 1 otherwise (Docker's healthy/unhealthy).
 * Node, not curl or wget: node:20-slim has neither.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  // The worker's endpoint listens on every interface; the server on HTTP_HOST, which in a
  // container is every interface too (then ask over loopback).
  const [host, port] =
    config.worker.healthPort !== undefined
      ? ['127.0.0.1', config.worker.healthPort]
      : [['0.0.0.0', '::'].includes(config.http.host) ? '127.0.0.1' : config.http.host, config.http.port];
  const url = new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}/healthz`);
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  if (response.ok) return 0;
  console.error(`healthcheck: HTTP ${response.status} ${await response.text()}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('healthcheck:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
