import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { ProvisioningActivities } from '../../activities/provisioning-contract';

/** Every attempt bounded; retries go on with back-off until the system answers (or refuses for good). */
export const provisioning = proxyActivities<ProvisioningActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * Waking tickets is best effort: a few attempts, then the step is recorded as failed. Nothing is
 * lost: every unverified ticket re-checks its Contact periodically anyway (S2).
 */
export const ticketWaking = proxyActivities<Pick<ProvisioningActivities, 'wakeRepresentativeTickets'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 5 },
});

/** The ApplicationFailure behind an activity's failure: its type decides (e.g. S4's guard). */
export function failureOf(err: unknown): { type: string; message: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? 'Error', message: cause.message };
  return { type: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}
