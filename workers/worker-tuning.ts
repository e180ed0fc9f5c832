import type { Duration } from '@temporalio/common';
import type { WorkerOptions } from '@temporalio/worker';
import type { WorkerTuningConfig } from '../config';

/**
 * The worker's cache, task slots, pollers and sticky queue timeout, from configuration
 * (WORKER_MAX_CACHED_WORKFLOWS …). Every ticket workflow held in the cache costs memory and
 * saves a replay of its history on its next task; the defaults are measured with
 * bench/sla-timers.ts (docs/benchmarks.md). A bench floor worker takes the same options.
 */
export function workerTuningOptions(
  tuning: WorkerTuningConfig,
): Pick<
  WorkerOptions,
  | 'maxCachedWorkflows'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentActivityTaskExecutions'
  | 'workflowTaskPollerBehavior'
  | 'activityTaskPollerBehavior'
  | 'stickyQueueScheduleToStartTimeout'
> {
  return {
    maxCachedWorkflows: tuning.maxCachedWorkflows,
    // The SDK requires no more concurrent workflow tasks than cached workflows (when cached).
    maxConcurrentWorkflowTaskExecutions:
      tuning.maxCachedWorkflows > 0
        ? Math.min(tuning.maxConcurrentWorkflowTasks, Math.max(2, tuning.maxCachedWorkflows))
        : tuning.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivities,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: tuning.workflowTaskPollers },
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: tuning.activityTaskPollers },
    stickyQueueScheduleToStartTimeout: tuning.stickyQueueTimeout as Duration,
  };
}
