import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { workerTuningOptions } from '../../workers/worker-tuning';

/**
 * A benchmark floor's worker process: the floor workflow on its own task queue, with the same
 * worker settings (WORKER_* configuration) as the real worker, so that the floor differs from the
 * service only by the work it does. Exits 1 if the worker fails.
 */
export function runFloorWorker(floor: {
  defaultTaskQueue: string;
  taskQueueVariable: string;
  workflowsPath: string;
  activities: object;
}): void {
  const main = async (): Promise<void> => {
    const config = loadConfig();
    const taskQueue = process.env[floor.taskQueueVariable] ?? floor.defaultTaskQueue;
    Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
    const connection = await NativeConnection.connect({ address: config.temporal.address });
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowsPath: floor.workflowsPath,
      activities: floor.activities,
      ...workerTuningOptions(config.worker.tuning),
    });
    console.log(`floor worker: polling ${taskQueue}`);
    try {
      await worker.run();
    } finally {
      await connection.close();
    }
  };
  main().catch((err: unknown) => {
    console.error('floor worker: failed', err);
    process.exit(1);
  });
}
