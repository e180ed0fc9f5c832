import type { SupportAlert } from '../domain/alert-digest';

/** The activities of alert digests (activities/slack/alert-digest.ts); workflows import this type only. */
export interface AlertDigestActivities {
  /**
   * Hands a ticket's alert to the digest of the alerts channel (signal-with-start of
   * `slack-alert-digest-alerts`): done once Temporal durably holds it in the digest's history.
   */
  queueSupportAlert(alert: SupportAlert): Promise<void>;
  /** Posts one digest message to the alerts channel (idempotent per key, as every Slack post). */
  postAlertDigest(input: { idempotencyKey: string; text: string }): Promise<void>;
}
