import { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createActivityDeps } from '../activities/clients';
import { ConfigError, loadConfig, redactConfig } from '../config';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { temporalDataConverter } from '../codec/data-converter';
import { ensureZendeskReconcileSchedule } from '../client/temporal/zendesk-reconcile-schedule';
import { checkTemporalReadiness, untilConnected } from '../client/temporal/readiness';
import { startWorkerHealthServer } from './health';
import { ensurePartnerReconcileScheduleAtStart } from './partner-reconcile-schedule';
import { activityMetricsInterceptors } from './metrics/activity-interceptor';
import { createWorkerMetrics } from './metrics/business-metrics';
import { workerRuntimeOptions } from './metrics/runtime-options';
import { workerTracing } from './tracing';
import { workflowSource } from './workflow-source';
import { workerTuningOptions } from './worker-tuning';

/**
 * The worker process: polls the partner-support task queue, runs the ticket workflows and
 * their activities. SIGINT/SIGTERM start a graceful drain: no new tasks are taken, running
 * activities get `shutdownGraceTime` to finish, then the process exits.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // Before any connection: the Core SDK's Prometheus exporter when WORKER_METRICS_PORT is set.
  Runtime.install(workerRuntimeOptions(config.worker));
  const metrics = createWorkerMetrics({ processMetrics: true });
  const tracing = workerTracing(config.worker.tracing);

  const createWorker = (connection: NativeConnection): Promise<Worker> =>
    Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      ...workflowSource(config.worker.workflowBundlePath, {
        encryptFailures: config.payloadEncryption !== undefined,
        traceWorkflows: tracing !== undefined,
      }),
      // OpenTelemetry spans of workflows and activities, when OTEL_EXPORTER_OTLP_ENDPOINT is set.
      plugins: tracing ? [tracing.plugin] : [],
      // A1: provisioning lists and signals a representative's ticket workflows, and the
      // reconciliation starts provisionings, over the same connection and with the same payload
      // encryption as every other client.
      activities: createActivities({
        ...createActivityDeps(config),
        temporal: new Client({
          connection,
          namespace: config.temporal.namespace,
          dataConverter: temporalDataConverter(config.payloadEncryption),
        }),
      }),
      // Payload encryption when keys are configured (the same converter as every client).
      dataConverter: temporalDataConverter(config.payloadEncryption),
      // Business metrics (tickets, SLA events, STARs) and activity failures, counted as activities finish.
      interceptors: { activity: [activityMetricsInterceptors(metrics)] },
      shutdownGraceTime: '10 seconds',
      // Cache size, slots, pollers, sticky queue timeout: WORKER_* settings (measured defaults).
      ...workerTuningOptions(config.worker.tuning),
    });
  const { address, namespace } = config.temporal;
  // Until Temporal answers (with the namespace and search attributes), the process stays up and
  // says why it is not ready; a SIGINT/SIGTERM meanwhile just ends it.
  let waitingFor: string | undefined = `connecting to Temporal at ${address}`;
  const started: { worker?: Worker } = {};
  const health =
    config.worker.healthPort === undefined
      ? undefined
      : await startWorkerHealthServer({
          port: config.worker.healthPort,
          state: () => started.worker?.getState() ?? 'CONNECTING',
          notReadyReason: () => (started.worker === undefined ? waitingFor : undefined),
          metrics: metrics.registry,
        });
  const giveUp = new AbortController();
  const stopWaiting = (): void => giveUp.abort();
  process.once('SIGINT', stopWaiting);
  process.once('SIGTERM', stopWaiting);
  const connected = await untilConnected(
    async () => {
      const connection = await NativeConnection.connect(
        await temporalConnectionOptions(config.temporal),
      ).catch((err: unknown) => {
        throw new Error(`Temporal at ${address} is unreachable: ${(err as Error).message}`);
      });
      try {
        const readiness = await checkTemporalReadiness(connection, { address, namespace });
        if (!readiness.ready) throw new Error(readiness.reason);
        return { connection, worker: await createWorker(connection) };
      } catch (err) {
        await connection.close().catch(() => undefined);
        throw err;
      }
    },
    {
      signal: giveUp.signal,
      onWaiting: (reason, retryInMs) => {
        waitingFor = reason;
        console.warn(`worker: not ready: ${reason}; retrying in ${retryInMs} ms`);
      },
    },
  );
  process.off('SIGINT', stopWaiting);
  process.off('SIGTERM', stopWaiting);
  if (connected === undefined) {
    await health?.close();
    console.log('worker: stopped before Temporal was reachable');
    return;
  }
  const { connection, worker } = connected;
  started.worker = worker;
  console.log(
    `worker: polling task queue "${config.temporal.taskQueue}" in namespace "${config.temporal.namespace}" on ${config.temporal.address}`,
  );
  console.log(
    `worker: workflow code from ${
      tracing
        ? 'workflows/, bundled at start with the tracing interceptors'
        : (config.worker.workflowBundlePath ?? 'workflows/, bundled at start (no WORKFLOW_BUNDLE_PATH)')
    }`,
  );
  if (tracing) console.log(`worker: tracing to ${config.worker.tracing?.endpoint}`);
  if (config.zendesk.reconcileEvery) {
    // Idempotent: an existing Schedule (its cursor included) is kept. A failure here does not stop
    // the worker: tickets still run, and the next start (or the CLI) creates it.
    const schedules = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: temporalDataConverter(config.payloadEncryption),
    });
    await ensureZendeskReconcileSchedule(
      schedules,
      config.temporal.taskQueue,
      config.zendesk.reconcileEvery as Duration,
    )
      .then(({ created }) =>
        console.log(
          `worker: Schedule zendesk-reconcile ${created ? 'created' : 'exists'} (every ${config.zendesk.reconcileEvery})`,
        ),
      )
      .catch((err: unknown) => console.error('worker: could not create the Schedule zendesk-reconcile', err));
  }
  if (config.logLevel === 'debug' || config.logLevel === 'trace') {
    console.log('worker: configuration', JSON.stringify(redactConfig(config)));
  }
  await ensurePartnerReconcileScheduleAtStart(
    new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: temporalDataConverter(config.payloadEncryption),
    }),
    config,
  );
  try {
    await worker.run();
  } finally {
    await health?.close();
    await tracing?.shutdown();
    await connection.close();
  }
  console.log('worker: drained and stopped');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('worker: failed', err);
  }
  process.exit(1);
});
