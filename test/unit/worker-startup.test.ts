import path from 'node:path';
import type { State } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../../config';
import { startWorkerHealthServer } from '../../workers/health';
import {
  encryptedFailuresBundle,
  workflowBundlerOptions,
  workflowSource,
} from '../../workers/workflow-source';

describe('worker configuration', () => {
  test('unset (dev, tests): no prebuilt bundle, no health endpoint', () => {
    expect(loadConfig({}).worker).toEqual({
      workflowBundlePath: undefined,
      healthPort: undefined,
      partnerReconcileEvery: '1 hour',
      // Cache, slots, pollers: test/unit/worker-tuning.test.ts.
      tuning: expect.any(Object),
    });
    expect(
      loadConfig({ WORKFLOW_BUNDLE_PATH: '', WORKER_HEALTH_PORT: '' }).worker.healthPort,
    ).toBeUndefined();
  });

  test('production: the bundle path and the health port', () => {
    expect(
      loadConfig({ WORKFLOW_BUNDLE_PATH: '/app/dist/workflow-bundle.js', WORKER_HEALTH_PORT: '8081' }).worker,
    ).toEqual({
      workflowBundlePath: '/app/dist/workflow-bundle.js',
      healthPort: 8081,
      partnerReconcileEvery: '1 hour',
      tuning: expect.any(Object),
    });
  });

  test('A1: the reconcile Schedule every PARTNER_RECONCILE_EVERY (default 1 hour), none when off', () => {
    expect(loadConfig({ PARTNER_RECONCILE_EVERY: '30 minutes' }).worker.partnerReconcileEvery).toBe(
      '30 minutes',
    );
    expect(loadConfig({ PARTNER_RECONCILE_EVERY: 'off' }).worker.partnerReconcileEvery).toBeUndefined();
    expect(() => loadConfig({ PARTNER_RECONCILE_EVERY: 'hourly' })).toThrow(/PARTNER_RECONCILE_EVERY/);
  });

  test('a bad health port is named', () => {
    expect(() => loadConfig({ WORKER_HEALTH_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_HEALTH_PORT: 'eighty' })).toThrow(/WORKER_HEALTH_PORT/);
  });
});

describe('workflowSource', () => {
  test('without a bundle: workflows/, bundled by the worker at start', () => {
    expect(workflowSource(undefined)).toEqual({
      workflowsPath: require.resolve('../../workflows'),
      bundlerOptions: workflowBundlerOptions,
    });
  });

  test('with a bundle: its absolute path', () => {
    const existing = __filename;
    expect(workflowSource(path.relative(process.cwd(), existing))).toEqual({
      workflowBundle: { codePath: existing },
    });
  });

  test('with payload encryption: the twin bundle whose failure converter encrypts', () => {
    expect(encryptedFailuresBundle('dist/workflow-bundle.js')).toBe(
      'dist/workflow-bundle.encrypted-failures.js',
    );
    expect(() => workflowSource('/nowhere/workflow-bundle.js', { encryptFailures: true })).toThrow(
      /workflow-bundle\.encrypted-failures\.js does not exist/,
    );
  });

  test('with tracing: workflows/, bundled at start with the tracing interceptors', () => {
    expect(workflowSource('/nowhere/workflow-bundle.js', { traceWorkflows: true })).toEqual({
      workflowsPath: require.resolve('../../workflows'),
      bundlerOptions: workflowBundlerOptions,
    });
  });

  test('a bundle that was never built fails with its cause', () => {
    expect(() => workflowSource('/nowhere/workflow-bundle.js')).toThrow(/npm run build/);
  });
});

describe('worker health endpoint', () => {
  test('200 while the worker runs, 503 otherwise, 404 elsewhere', async () => {
    let state: State = 'INITIALIZED';
    const health = await startWorkerHealthServer({ port: 0, host: '127.0.0.1', state: () => state });
    const url = `http://127.0.0.1:${health.port}`;
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(503);
      state = 'RUNNING';
      const running = await fetch(`${url}/healthz`);
      expect(running.status).toBe(200);
      expect(await running.json()).toEqual({ status: 'ok', worker: 'RUNNING' });
      state = 'DRAINING';
      expect((await fetch(`${url}/healthz`)).status).toBe(503);
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
    } finally {
      await health.close();
    }
  });
});
