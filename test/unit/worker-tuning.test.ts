import { ConfigError, loadConfig } from '../../config';
import { workerTuningOptions } from '../../workers/worker-tuning';

describe('worker tuning settings', () => {
  test('unset: the measured defaults', () => {
    expect(loadConfig({}).worker.tuning).toEqual({
      maxCachedWorkflows: 2000,
      maxConcurrentWorkflowTasks: 40,
      maxConcurrentActivities: 100,
      workflowTaskPollers: 10,
      activityTaskPollers: 10,
      stickyQueueTimeout: '10s',
    });
  });

  test('each variable is read and reaches the Worker options', () => {
    const { tuning } = loadConfig({
      WORKER_MAX_CACHED_WORKFLOWS: '500',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
      WORKER_WORKFLOW_TASK_POLLERS: '4',
      WORKER_ACTIVITY_TASK_POLLERS: '6',
      WORKER_STICKY_QUEUE_TIMEOUT: '30 seconds',
    }).worker;
    expect(workerTuningOptions(tuning)).toEqual({
      maxCachedWorkflows: 500,
      maxConcurrentWorkflowTaskExecutions: 8,
      maxConcurrentActivityTaskExecutions: 50,
      workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 4 },
      activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 6 },
      stickyQueueScheduleToStartTimeout: '30 seconds',
    });
  });

  test('concurrent workflow tasks never exceed the cache, which the SDK refuses; 0 turns the cache off', () => {
    const small = loadConfig({
      WORKER_MAX_CACHED_WORKFLOWS: '5',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40',
    });
    expect(workerTuningOptions(small.worker.tuning).maxConcurrentWorkflowTaskExecutions).toBe(5);
    const off = loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' });
    expect(workerTuningOptions(off.worker.tuning)).toMatchObject({
      maxCachedWorkflows: 0,
      maxConcurrentWorkflowTaskExecutions: 40,
    });
  });

  test('bad values are refused, each named', () => {
    let error: unknown;
    try {
      loadConfig({
        WORKER_MAX_CACHED_WORKFLOWS: '-1',
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1',
        WORKER_MAX_CONCURRENT_ACTIVITIES: 'many',
        WORKER_WORKFLOW_TASK_POLLERS: '0',
        WORKER_ACTIVITY_TASK_POLLERS: '2.5',
        WORKER_STICKY_QUEUE_TIMEOUT: 'soon',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of [
      'WORKER_MAX_CACHED_WORKFLOWS',
      'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
      'WORKER_MAX_CONCURRENT_ACTIVITIES',
      'WORKER_WORKFLOW_TASK_POLLERS',
      'WORKER_ACTIVITY_TASK_POLLERS',
      'WORKER_STICKY_QUEUE_TIMEOUT',
    ])
      expect((error as Error).message).toContain(name);
  });
});
