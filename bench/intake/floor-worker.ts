/**
 * The intake floor's worker (bench-only process): bareTriage on its own task queue, with the same
 * worker settings (WORKER_* configuration) as the real worker.
 *
 *   INTAKE_FLOOR_TASK_QUEUE=… TEMPORAL_ADDRESS=… node --import tsx bench/intake/floor-worker.ts
 */
import { runFloorWorker } from '../support/floor-worker';
import type { FloorActivities } from './floor-workflow';

const activities: FloorActivities = { noop: async () => undefined };

runFloorWorker({
  defaultTaskQueue: 'intake-bench-floor',
  taskQueueVariable: 'INTAKE_FLOOR_TASK_QUEUE',
  workflowsPath: require.resolve('./floor-workflow'),
  activities,
});
