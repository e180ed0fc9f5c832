import { ScheduleNotFoundError } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import {
  ensureReconcileSchedule,
  RECONCILE_SCHEDULE_ID,
  triggerReconcileSchedule,
} from '../../temporal/reconcile-schedule';
import { temporalCall, writeJson, type CliContext } from '../context';
import { CliError, ExitCode, usageError } from '../exit-codes';

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

const NO_SCHEDULE = `no Schedule ${RECONCILE_SCHEDULE_ID}: start the worker (PARTNER_RECONCILE_EVERY) or run reconcile-schedule`;

/** `partner-support reconcile --now`: the A1 reconciliation now, through its Schedule (runs never overlap). */
export async function reconcileNowCommand(
  context: CliContext,
  options: { now?: boolean; json?: boolean },
): Promise<void> {
  if (!options.now) {
    throw usageError(`reconcile needs --now (the Schedule ${RECONCILE_SCHEDULE_ID} runs it otherwise)`);
  }
  const outcome = await temporalCall(
    context,
    async (client) => {
      try {
        return await triggerReconcileSchedule(client);
      } catch (err) {
        if (err instanceof ScheduleNotFoundError) throw new CliError(ExitCode.notFound, NO_SCHEDULE);
        throw err;
      }
    },
    NO_SCHEDULE,
  );
  if (options.json) return writeJson(context, { scheduleId: RECONCILE_SCHEDULE_ID, ...outcome });
  context.stdout.write(
    outcome.kind === 'running'
      ? `${RECONCILE_SCHEDULE_ID}: a run is going already (${outcome.workflowIds.join(', ')}); nothing triggered\n`
      : `${RECONCILE_SCHEDULE_ID}: triggered a run now${outcome.workflowId ? ` (workflow ${outcome.workflowId})` : ''}\n`,
  );
}
