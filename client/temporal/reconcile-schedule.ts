import type { Client, ScheduleDescription } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { ensureIntervalSchedule } from './schedules';

export const RECONCILE_SCHEDULE_ID = 'partner-accounts-reconcile';
export const RECONCILE_WORKFLOW_TYPE = 'partnerAccountsReconcile';

/**
 * The Schedule that reconciles Salesforce's portal Contacts with the partners' Zendesk
 * organizations (A1), created once (see ensureIntervalSchedule).
 */
export function ensureReconcileSchedule(
  client: Client,
  taskQueue: string,
  every: Duration = '1 hour',
): Promise<{ created: boolean; description: ScheduleDescription }> {
  return ensureIntervalSchedule(client, {
    scheduleId: RECONCILE_SCHEDULE_ID,
    workflowType: RECONCILE_WORKFLOW_TYPE,
    taskQueue,
    every,
    args: [],
  });
}

export type ReconcileTrigger =
  /** A run was going already: nothing triggered (runs never overlap). */
  | { kind: 'running'; workflowIds: string[] }
  /** A run was asked for now; its workflow ID once the Schedule has started it (it may lag). */
  | { kind: 'triggered'; workflowId?: string };

/**
 * Runs the reconciliation now through its Schedule (so its runs still never overlap): nothing is
 * triggered while one is going. `ScheduleNotFoundError` when the Schedule was never created.
 */
export async function triggerReconcileSchedule(client: Client): Promise<ReconcileTrigger> {
  const handle = client.schedule.getHandle(RECONCILE_SCHEDULE_ID);
  const before = await handle.describe();
  const running = before.info.runningActions.map((a) => a.workflow.workflowId);
  if (running.length > 0) return { kind: 'running', workflowIds: running };
  // trigger() defaults to ALLOW_ALL: SKIP keeps the Schedule's promise should a run start meanwhile.
  await handle.trigger('SKIP');
  const after = await handle.describe();
  const known = new Set(before.info.recentActions.map((a) => a.action.workflow.workflowId));
  const started = [
    ...after.info.runningActions.map((a) => a.workflow),
    ...after.info.recentActions.map((a) => a.action.workflow),
  ]
    .map((w) => w.workflowId)
    .find((id) => !known.has(id));
  return { kind: 'triggered', workflowId: started };
}
