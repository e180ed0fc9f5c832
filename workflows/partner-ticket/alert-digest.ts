import { patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { AlertDigestActivities } from '../../activities/alert-digest-contract';
import { supportAlertUndeliveredSignal, type UndeliveredAlert } from '../slack-alert-digest/definitions';
import type { TicketEffect } from './types';

/** Handing an alert over is one signal: retried until Temporal takes it (kept alive, as the ticket's writes). */
const { queueSupportAlert } = proxyActivities<AlertDigestActivities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Alerts go to the alerts channel's digest (workflows/slack-alert-digest), which paces Slack and
 * coalesces storms; the alert counts as done once the digest holds it. Tickets whose history
 * posted alerts directly keep doing so up to this point (patched).
 */
export const alertsThroughDigest = (): boolean => patched('slack-alert-digest');

export function queueAlert(
  ticketId: number,
  effect: Extract<TicketEffect, { kind: 'alert' }>,
  summary: string,
): Promise<void> {
  return queueSupportAlert.executeWithOptions({ summary }, [
    { ticketId, key: effect.key, text: effect.text, replyTo: workflowInfo().workflowId },
  ]);
}

/** The digest's word that one of this ticket's alerts was refused for good: recorded as the ticket's own. */
export function registerUndeliveredAlerts(
  onFailed: (effect: TicketEffect, failure: { type: string; message: string }) => void,
): void {
  setHandler(supportAlertUndeliveredSignal, (undelivered: UndeliveredAlert) => {
    onFailed(
      { kind: 'alert', key: undelivered.key, text: undelivered.text },
      { type: undelivered.failureType, message: undelivered.reason },
    );
  });
}
