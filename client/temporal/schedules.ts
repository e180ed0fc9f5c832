import { ScheduleAlreadyRunning, type Client, type ScheduleDescription } from '@temporalio/client';
import type { Duration } from '@temporalio/common';

/**
 * A Schedule that starts `workflowType` every `every`, created once: a second call leaves the
 * existing one as it is (`created: false`), its arguments included. Runs never overlap (`SKIP`):
 * a slow run is not joined by the next. The workflow ID is the Schedule's.
 */
export async function ensureIntervalSchedule(
  client: Client,
  schedule: { scheduleId: string; workflowType: string; taskQueue: string; every: Duration; args: unknown[] },
): Promise<{ created: boolean; description: ScheduleDescription }> {
  let created = true;
  try {
    await client.schedule.create({
      scheduleId: schedule.scheduleId,
      spec: { intervals: [{ every: schedule.every }] },
      action: {
        type: 'startWorkflow',
        workflowType: schedule.workflowType,
        workflowId: schedule.scheduleId,
        taskQueue: schedule.taskQueue,
        args: schedule.args,
      },
      policies: { overlap: 'SKIP' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    created = false;
  }
  return { created, description: await client.schedule.getHandle(schedule.scheduleId).describe() };
}
