import type { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { ensureReconcileSchedule, RECONCILE_SCHEDULE_ID } from '../client/temporal/reconcile-schedule';
import type { AppConfig } from '../config';

/**
 * A1: the worker creates the Schedule partner-accounts-reconcile at start when
 * PARTNER_RECONCILE_EVERY is not `off`, so that it exists (and shows in the Temporal UI) without a
 * manual step. Idempotent: an existing Schedule is left as it is, whatever its interval. A failure
 * does not stop the worker: tickets still run, and the next start (or the CLI) creates it.
 */
export async function ensurePartnerReconcileScheduleAtStart(
  client: Client,
  config: Pick<AppConfig, 'temporal' | 'worker'>,
  log: Pick<Console, 'log' | 'error'> = console,
): Promise<void> {
  const every = config.worker.partnerReconcileEvery;
  if (every === undefined) return;
  try {
    const { created } = await ensureReconcileSchedule(client, config.temporal.taskQueue, every as Duration);
    log.log(
      `worker: Schedule ${RECONCILE_SCHEDULE_ID} ${created ? `created, every ${every}` : 'exists (left as it is)'}`,
    );
  } catch (err) {
    log.error(`worker: could not create the Schedule ${RECONCILE_SCHEDULE_ID}`, err);
  }
}
