/**
 * The intake floor's worker (bench-only process): bareTriage on its own task queue, with the same
 * worker settings (WORKER_* configuration) as the real worker.
 *
 *   INTAKE_FLOOR_TASK_QUEUE=… TEMPORAL_ADDRESS=… node --import tsx bench/intake/floor-worker.ts
 */
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { workerTuningOptions } from '../../workers/worker-tuning';
import type { FloorActivities } from './floor-workflow';

async function main(): Promise<void> {
  const config = loadConfig();
  const taskQueue = process.env.INTAKE_FLOOR_TASK_QUEUE ?? 'intake-bench-floor';
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const activities: FloorActivities = { noop: async () => undefined };
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: require.resolve('./floor-workflow'),
    activities,
    ...workerTuningOptions(config.worker.tuning),
  });
  console.log(`floor worker: polling ${taskQueue}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error('floor worker: failed', err);
  process.exit(1);
});
