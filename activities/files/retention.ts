import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ApplicationFailure } from '@temporalio/common';
import { ticketFilesPrefix } from '../../domain/support-files';
import { s3Call } from './failures';

export interface FileRetentionDeps {
  s3: S3Client;
  supportBucket: string;
}

export interface TicketFilesDeleted {
  /** Objects deleted by this call (a retried call counts only what was still there). */
  deleted: number;
  bytes: number;
  /** Objects S3 refused to delete, with its reason. */
  failed: Array<{ key: string; error: string }>;
}

/** S3's DeleteObjects takes at most 1,000 keys, as a ListObjectsV2 page gives. */
const PAGE = 1000;

/**
 * Retention (S5, A5): a ticket's files are deleted a retention period after it closes. Deleting
 * what is listed is idempotent, so a retried attempt finishes the job without repeating it.
 */
export function createFileRetentionActivities(deps: FileRetentionDeps) {
  const { s3, supportBucket } = deps;
  return {
    /** Deletes every object under `tickets/<ticketId>/` (uploads and partner files) in the support bucket. */
    async deleteTicketFiles(input: { ticketId: number }): Promise<TicketFilesDeleted> {
      const prefix = ticketFilesPrefix(input.ticketId);
      if (!prefix.ok) throw ApplicationFailure.nonRetryable(prefix.reason, 'InvalidRequest');
      const result: TicketFilesDeleted = { deleted: 0, bytes: 0, failed: [] };
      // Deleting while listing shifts the listing: list again from the start until nothing is
      // left, past the keys S3 refused to delete (listings are in key order).
      let startAfter: string | undefined;
      for (;;) {
        const page = await s3Call('ListObjectsV2', () =>
          s3.send(
            new ListObjectsV2Command({
              Bucket: supportBucket,
              Prefix: prefix.key,
              MaxKeys: PAGE,
              StartAfter: startAfter,
            }),
          ),
        );
        const objects = (page.Contents ?? []).filter((o) => o.Key !== undefined);
        if (objects.length === 0) return result;
        const answer = await s3Call('DeleteObjects', () =>
          s3.send(
            new DeleteObjectsCommand({
              Bucket: supportBucket,
              Delete: { Objects: objects.map((o) => ({ Key: o.Key })), Quiet: false },
            }),
          ),
        );
        const sizes = new Map(objects.map((o) => [o.Key, o.Size ?? 0]));
        for (const deleted of answer.Deleted ?? []) {
          if (deleted.Key === undefined) continue;
          result.deleted += 1;
          result.bytes += sizes.get(deleted.Key) ?? 0;
        }
        const refused = (answer.Errors ?? []).filter((e) => e.Key !== undefined);
        for (const error of refused)
          result.failed.push({ key: error.Key ?? '', error: error.Code ?? 'Error' });
        if ((answer.Deleted ?? []).length === 0 && refused.length === 0) {
          throw ApplicationFailure.retryable(
            'S3 DeleteObjects deleted nothing and refused nothing',
            'S3Unexpected',
          );
        }
        // The last refused key in S3's own (listing) order: the next listing starts after it.
        const refusedKeys = new Set(refused.map((e) => e.Key));
        const lastRefused = objects
          .map((o) => o.Key)
          .filter((key) => refusedKeys.has(key))
          .at(-1);
        if (lastRefused !== undefined) startAfter = lastRefused;
      }
    },
  };
}

export type FileRetentionActivities = ReturnType<typeof createFileRetentionActivities>;
