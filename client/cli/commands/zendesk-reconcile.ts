import { ScheduleNotFoundError } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import {
  ensureZendeskReconcileSchedule,
  triggerZendeskReconcile,
  ZENDESK_RECONCILE_SCHEDULE_ID,
} from '../../temporal/zendesk-reconcile-schedule';
import { temporalCall, writeJson, type CliContext } from '../context';
import { CliError, ExitCode, usageError } from '../exit-codes';

/** `partner-support zendesk reconcile-schedule [--every <interval>]`: the Schedule, created once (as the worker does). */
export async function zendeskReconcileScheduleCommand(
  context: CliContext,
  options: { every: string; json?: boolean },
): Promise<void> {
  const every = options.every.trim();
  if (!/^\d+\s*(s|seconds?|m|minutes?|h|hours?|d|days?)$/i.test(every)) {
    throw usageError('--every must be an interval such as "5 minutes" or "1h"');
  }
  const { created } = await temporalCall(
    context,
    (client) => ensureZendeskReconcileSchedule(client, context.taskQueue, every as Duration),
    'no schedule',
  );
  if (options.json) return writeJson(context, { scheduleId: ZENDESK_RECONCILE_SCHEDULE_ID, created });
  context.stdout.write(
    created
      ? `${ZENDESK_RECONCILE_SCHEDULE_ID}: created, every ${every}\n`
      : `${ZENDESK_RECONCILE_SCHEDULE_ID}: exists already (left as it is)\n`,
  );
}

/** `partner-support zendesk reconcile --now`: one reconciliation run now, through the Schedule (its cursor). */
export async function zendeskReconcileNowCommand(
  context: CliContext,
  options: { now?: boolean; json?: boolean },
): Promise<void> {
  if (!options.now) {
    throw usageError(`the Schedule ${ZENDESK_RECONCILE_SCHEDULE_ID} runs it; --now starts a run now`);
  }
  await temporalCall(
    context,
    async (client) => {
      try {
        await triggerZendeskReconcile(client);
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
        throw new CliError(
          ExitCode.notFound,
          `no Schedule ${ZENDESK_RECONCILE_SCHEDULE_ID}: start the worker or run \`partner-support zendesk reconcile-schedule\``,
        );
      }
    },
    'no schedule',
  );
  if (options.json) return writeJson(context, { scheduleId: ZENDESK_RECONCILE_SCHEDULE_ID, triggered: true });
  context.stdout.write(`${ZENDESK_RECONCILE_SCHEDULE_ID}: run triggered\n`);
}
