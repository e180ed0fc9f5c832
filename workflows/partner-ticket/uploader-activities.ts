import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { UploaderActivities } from '../../activities/uploads';
import type { createZendeskAttachmentActivities } from '../../activities/uploads/zendesk-attachment';

type AttachmentActivities = ReturnType<typeof createZendeskAttachmentActivities>;

/**
 * S5 reads: short and retried with back-off, but a bounded number of times: the uploader loop
 * must not stall behind S3 or Zendesk (a failed listing is simply tried at the next backstop).
 */
export const uploaderReads = proxyActivities<
  Pick<UploaderActivities, 'issueUploaderLink' | 'listSupportUploads'> & AttachmentActivities
>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 8,
  },
});

/** Hashing a file of up to 5 GB: as long as it takes, heartbeating the bytes hashed. */
export const uploadHashing = proxyActivities<Pick<UploaderActivities, 'describeSupportUpload'>>({
  startToCloseTimeout: '3 hours',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 5,
  },
});

/** An activity failure as a decision states it. */
export const failureMessage = (err: unknown): string => {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause instanceof Error ? cause.message : String(cause);
};
