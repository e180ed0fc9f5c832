import { proxyActivities } from '@temporalio/workflow';
import type { FileActivities } from '../../activities/files';
import type { LifecycleActivities } from '../../activities/lifecycle-contract';

/** Reads: short, retried with back-off until S3 or Salesforce answers (or refuses for good). */
export const reads = proxyActivities<
  Pick<FileActivities, 'partnerFileSource' | 'listPartnerObjects' | 'presignSupportFiles'>
>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

/**
 * One object's copy: as long as a large file takes, but it heartbeats the bytes copied, so a
 * stalled copy is noticed within the heartbeat timeout and retried (an attempt copies from the start).
 */
export const copies = proxyActivities<Pick<FileActivities, 'copyPartnerObject'>>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 5,
  },
});

/**
 * The ticket's side: its facts (the organization's Salesforce Account, when the caller names
 * none) and its note, through the existing Zendesk comment activity, keyed so it is written once.
 */
export const tickets = proxyActivities<Pick<LifecycleActivities, 'addInternalNote' | 'gatherIntakeFacts'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
