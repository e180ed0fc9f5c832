import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { workflowBundlerOptions } from '../../workers/workflow-source';

export interface TestWorker {
  worker: Worker;
  taskQueue: string;
}

/** A worker for one test file: the real workflow bundle, the given activities, its own task queue. */
export async function createTestWorker(
  env: TestWorkflowEnvironment,
  activities: Partial<Activities>,
): Promise<TestWorker> {
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    bundlerOptions: workflowBundlerOptions,
    activities,
  });
  return { worker, taskQueue };
}
