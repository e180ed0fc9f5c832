import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SupportAlert } from '../../domain/alert-digest';

/** Workflow type and ID of the digest of one Slack destination (one per incoming webhook). */
export const SLACK_ALERT_DIGEST_WORKFLOW_TYPE = 'slackAlertDigest';
export const slackAlertDigestWorkflowId = (channel: string): string => `slack-alert-digest-${channel}`;

/** A ticket's alert handed to its destination's digest (signal-with-start by `queueSupportAlert`). */
export const supportAlertSignal = defineSignal<[SupportAlert]>('supportAlert');

export interface AlertDigestView {
  channel: string;
  /** Accepted, not yet posted (the batch being posted included). */
  pending: number;
  received: number;
  duplicates: number;
  /** Messages posted (or given up on) so far. */
  messages: number;
  lastPostAt?: string;
}

export const alertDigestQuery = defineQuery<AlertDigestView>('alertDigest');

/** The digest could not deliver an alert, for good: the ticket records it as its own failed alert. */
export interface UndeliveredAlert {
  key: string;
  text: string;
  failureType: string;
  reason: string;
}

export const supportAlertUndeliveredSignal = defineSignal<[UndeliveredAlert]>('supportAlertUndelivered');
