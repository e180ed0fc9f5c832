import { proxyActivities } from '@temporalio/workflow';
import type { FileActivities } from '../../activities/files';
import type { LifecycleActivities } from '../../activities/lifecycle-contract';

/**
 * Reads: short, retried with back-off until S3 or Salesforce answers (or refuses for good). They
 * are kept alive: a read lost with its worker is retried within 10 s, not after its minute.
 */
export const reads = proxyActivities<
  Pick<FileActivities, 'partnerFileSource' | 'listPartnerObjects' | 'presignSupportFiles'>
>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

/** How soon a copy whose worker died is taken up again (it resumes from its last checkpoint). */
export const DEFAULT_COPY_HEARTBEAT_TIMEOUT_SECONDS = 30;

/**
 * One object's copy: as long as a large file takes, but it heartbeats its progress and
 * checkpoint, so a copy whose worker died or stalled is noticed within the heartbeat timeout and
 * retried; the retry continues the multipart upload from the checkpoint instead of starting over.
 */
export const copiesWith = (heartbeatTimeoutSeconds: number) =>
  proxyActivities<Pick<FileActivities, 'copyPartnerObject'>>({
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: `${heartbeatTimeoutSeconds} seconds`,
    retry: {
      initialInterval: '5 seconds',
      backoffCoefficient: 2,
      maximumInterval: '2 minutes',
      maximumAttempts: 5,
    },
  });

/** After a copy failed for good: its open multipart uploads aborted (short, retried, kept alive). */
export const cleanup = proxyActivities<Pick<FileActivities, 'abandonPartnerCopy'>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

/**
 * The ticket's side: its facts (the organization's Salesforce Account, when the caller names
 * none) and its note, through the existing Zendesk comment activity, keyed so it is written once.
 */
export const tickets = proxyActivities<Pick<LifecycleActivities, 'addInternalNote' | 'gatherIntakeFacts'>>({
  startToCloseTimeout: '1 minute',
  // As the ticket's own calls (they are kept alive): a killed worker's note is written again within
  // seconds, and the back-off stops at a minute, so that the note is on the ticket before its close.
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
