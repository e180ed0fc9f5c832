import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { ensureIntervalSchedule } from './schedules';

export const ZENDESK_RECONCILE_SCHEDULE_ID = 'zendesk-reconcile';
export const ZENDESK_RECONCILE_WORKFLOW_TYPE = 'zendeskTicketEventsReconcile';

/** The reconciliation's input: where to read Zendesk's ticket event export from (Unix seconds). */
export interface ZendeskReconcileInput {
  startTime?: number;
  /** Pages read at most per run (the rest is read by the next run); default 20. */
  maxPages?: number;
}

/**
 * The Schedule that reads Zendesk's incremental ticket event export (the reconciliation of
 * webhooks Zendesk never delivered), created once (see ensureIntervalSchedule), its cursor kept.
 *
 * The cursor lives in the Schedule itself: each run ends by writing the export's `end_time` into
 * the Schedule's action arguments (`saveZendeskReconcileCursor`), so the next run starts there.
 * Schedules pass nothing from one run to the next, and this keeps it durable without another
 * workflow or store; a run that fails before saving is simply read again from the old cursor.
 */
export function ensureZendeskReconcileSchedule(
  client: Client,
  taskQueue: string,
  every: Duration = '5 minutes',
): Promise<{ created: boolean; description: ScheduleDescription }> {
  return ensureIntervalSchedule(client, {
    scheduleId: ZENDESK_RECONCILE_SCHEDULE_ID,
    workflowType: ZENDESK_RECONCILE_WORKFLOW_TYPE,
    taskQueue,
    every,
    args: [{} satisfies ZendeskReconcileInput],
  });
}

/** Starts a run now (`partner-support zendesk reconcile --now`); skipped if one is running. */
export async function triggerZendeskReconcile(client: Client): Promise<void> {
  // trigger() defaults to ALLOW_ALL: SKIP keeps the Schedule's no-overlap promise.
  await client.schedule.getHandle(ZENDESK_RECONCILE_SCHEDULE_ID).trigger('SKIP');
}

/**
 * Writes the cursor into the Schedule's action arguments, for its next run. False when there is no
 * such Schedule (a run started by hand, e.g. in tests): nothing to keep the cursor for.
 */
export async function saveZendeskReconcileCursor(client: Client, startTime: number): Promise<boolean> {
  try {
    await client.schedule.getHandle(ZENDESK_RECONCILE_SCHEDULE_ID).update((previous) => {
      if (previous.action.type !== 'startWorkflow') return previous;
      const [current] = (previous.action.args ?? []) as [ZendeskReconcileInput | undefined];
      return {
        ...previous,
        action: { ...previous.action, args: [{ ...current, startTime } satisfies ZendeskReconcileInput] },
      };
    });
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}
