import type { RuntimeOptions } from '@temporalio/worker';

/**
 * The worker process's Temporal runtime. With a metrics port, the Core SDK serves its own worker
 * metrics (task slots, poll and task latencies, sticky cache, activity and workflow outcomes, all
 * prefixed `temporal_`) in Prometheus format at `GET /metrics` on that port, on every interface.
 * `Runtime.install` can run once per process, before any connection: the worker entry point only
 * (tests install their own quiet runtime).
 */
export function workerRuntimeOptions(worker: { metricsPort?: number }): RuntimeOptions {
  return {
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    ...(worker.metricsPort === undefined
      ? {}
      : {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: `0.0.0.0:${worker.metricsPort}`,
                // Prometheus conventions: `_total` counters, durations in seconds.
                countersTotalSuffix: true,
                useSecondsForDurations: true,
              },
            },
          },
        }),
  };
}
