import { ScheduleAlreadyRunning, type Client, type ScheduleDescription } from '@temporalio/client';
import type { Duration } from '@temporalio/common';

export const RECONCILE_SCHEDULE_ID = 'partner-accounts-reconcile';
export const RECONCILE_WORKFLOW_TYPE = 'partnerAccountsReconcile';

/**
 * The Schedule that reconciles Salesforce's portal Contacts with the partners' Zendesk
 * organizations (A1), created once: a second call leaves the existing one as it is (`created:
 * false`). Runs never overlap (`SKIP`): a slow run is not joined by the next.
 */
export async function ensureReconcileSchedule(
  client: Client,
  taskQueue: string,
  every: Duration = '1 hour',
): Promise<{ created: boolean; description: ScheduleDescription }> {
  let created = true;
  try {
    await client.schedule.create({
      scheduleId: RECONCILE_SCHEDULE_ID,
      spec: { intervals: [{ every }] },
      action: {
        type: 'startWorkflow',
        workflowType: RECONCILE_WORKFLOW_TYPE,
        workflowId: RECONCILE_SCHEDULE_ID,
        taskQueue,
        args: [],
      },
      policies: { overlap: 'SKIP' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    created = false;
  }
  return { created, description: await client.schedule.getHandle(RECONCILE_SCHEDULE_ID).describe() };
}
