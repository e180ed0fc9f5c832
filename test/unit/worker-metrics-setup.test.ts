import { ConfigError, loadConfig } from '../../config';
import { startWorkerHealthServer } from '../../workers/health';
import { createWorkerMetrics } from '../../workers/metrics/business-metrics';
import { workerRuntimeOptions } from '../../workers/metrics/runtime-options';

describe('WORKER_METRICS_PORT: the Core SDK Prometheus exporter', () => {
  test('unset (dev, tests): no exporter, only the shutdown signals', () => {
    expect(loadConfig({}).worker.metricsPort).toBeUndefined();
    expect(workerRuntimeOptions(loadConfig({ WORKER_METRICS_PORT: '' }).worker)).toEqual({
      shutdownSignals: ['SIGINT', 'SIGTERM'],
    });
  });

  test('set: Prometheus on every interface, _total counters, durations in seconds', () => {
    const { worker } = loadConfig({ WORKER_METRICS_PORT: '9464' });
    expect(workerRuntimeOptions(worker)).toEqual({
      shutdownSignals: ['SIGINT', 'SIGTERM'],
      telemetryOptions: {
        metrics: {
          prometheus: {
            bindAddress: '0.0.0.0:9464',
            countersTotalSuffix: true,
            useSecondsForDurations: true,
          },
        },
      },
    });
  });

  test('a bad port is named', () => {
    expect(() => loadConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT/);
  });
});

describe("the worker health server's /metrics", () => {
  test('serves the business registry in the Prometheus text format', async () => {
    const metrics = createWorkerMetrics();
    metrics.starEvents.inc({ event: 'raised' });
    const health = await startWorkerHealthServer({
      port: 0,
      host: '127.0.0.1',
      state: () => 'RUNNING',
      metrics: metrics.registry,
    });
    try {
      const response = await fetch(`http://127.0.0.1:${health.port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toMatch(/^partner_support_star_events_total\{event="raised"\} 1$/m);
      expect((await fetch(`http://127.0.0.1:${health.port}/healthz`)).status).toBe(200);
    } finally {
      await health.close();
    }
  });
});
