import type { Duration } from '@temporalio/common';
import { ensureReconcileSchedule, RECONCILE_SCHEDULE_ID } from '../../temporal/reconcile-schedule';
import { temporalCall, writeJson, type CliContext } from '../context';
import { usageError } from '../exit-codes';

/** `partner-support reconcile-schedule [--every <interval>]`: the A1 reconciliation Schedule, created once. */
export async function reconcileScheduleCommand(
  context: CliContext,
  options: { every: string; json?: boolean },
): Promise<void> {
  if (!/^\d+\s*(s|seconds?|m|minutes?|h|hours?|d|days?)$/i.test(options.every.trim())) {
    throw usageError('--every must be an interval such as "1 hour" or "30 minutes"');
  }
  const { created } = await temporalCall(
    context,
    (client) => ensureReconcileSchedule(client, context.taskQueue, options.every.trim() as Duration),
    'no schedule',
  );
  if (options.json) return writeJson(context, { scheduleId: RECONCILE_SCHEDULE_ID, created });
  context.stdout.write(
    created
      ? `${RECONCILE_SCHEDULE_ID}: created, every ${options.every.trim()}\n`
      : `${RECONCILE_SCHEDULE_ID}: exists already (left as it is)\n`,
  );
}
