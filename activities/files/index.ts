import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PartnerAccount } from '../../domain/programs';
import { partnerRelativeKey, supportFileKey } from '../../domain/support-files';
import { resumableCheckpoint, type CopyCheckpoint } from './copy-checkpoint';
import { writtenObjectMismatches } from './copy-verification';
import { CopyFailureTypes, s3Call, s3Failure } from './failures';
import { abortUpload } from './multipart-uploads';
import { streamCopy } from './resumable-copy';
import { bareETag } from './streaming';

export interface PartnerObject {
  key: string;
  size: number;
  /** Without quotes. */
  etag: string;
}

export interface CopiedFile {
  sourceKey: string;
  /** The key in the support bucket. */
  key: string;
  size: number;
  sha256: string;
  /** False when an earlier run had copied it already (same size and source ETag). */
  copied: boolean;
  /** Bytes an earlier attempt of this copy had uploaded already (resumed after its worker died). */
  resumedBytes?: number;
}

/** One object of a partner's prefix to copy into the ticket's folder. */
export interface CopyInput {
  ticketId: number;
  bucket: string;
  partnerPrefix: string;
  object: PartnerObject;
}

export interface FileActivityDeps {
  s3: S3Client;
  /** Where support files live (SUPPORT_BUCKET). */
  supportBucket: string;
  /** Multipart part size; about (queueSize + 1) × partSize bytes are in memory per copy. */
  partSizeBytes?: number;
  queueSize?: number;
  /** Compare the written object's ETag with the MD5 of what was streamed (not with SSE-KMS). */
  verifyETag?: boolean;
  /** Copies of one object that may fail verification before the copy fails for good (default 3). */
  maxCopies?: number;
  /** Where partners' buckets are configured (Salesforce Account). */
  accounts?: { getAccount(accountId: string): Promise<PartnerAccount | null> };
}

/** A partner's files as its Salesforce Account configures them; null fields: not configured. */
export interface PartnerFileSource {
  accountName: string;
  bucket: string | null;
  prefix: string | null;
}

/** Object metadata and tag names on the copies (x-amz-meta-source-etag, tag sha256). */
export const SOURCE_ETAG_METADATA = 'source-etag';
export const SHA256_TAG = 'sha256';
const MIN_PART_SIZE = 5 * 1024 * 1024;
/** S3 accepts at most 10,000 parts per upload. */
const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/**
 * A5 file activities over an S3 client: list a partner's prefix a page at a time, copy one object
 * into the support bucket (streamed, multipart, checksummed, idempotent), and presign agents' links.
 */
export function createFileActivities(deps: FileActivityDeps) {
  const { s3, supportBucket } = deps;
  const partSize = Math.max(deps.partSizeBytes ?? 8 * 1024 * 1024, MIN_PART_SIZE);
  const queueSize = deps.queueSize ?? 2;
  const verifyETag = deps.verifyETag ?? true;
  const maxCopies = deps.maxCopies ?? 3;
  /** The configured part size, or larger for objects that would need more than S3's 10,000 parts. */
  const partSizeFor = (size: number): number => Math.max(partSize, Math.ceil(size / MAX_PARTS / MIB) * MIB);

  /** tickets/<ticketId>/partner-s3/<key within the partner's prefix>, or a non-retryable refusal. */
  function targetKey(input: CopyInput): string {
    const relative = partnerRelativeKey(input.partnerPrefix, input.object.key);
    const target = relative.ok ? supportFileKey(input.ticketId, 'partner-s3', relative.key) : relative;
    if (!target.ok) {
      throw ApplicationFailure.nonRetryable(
        `refused key ${JSON.stringify(input.object.key)}: ${target.reason}`,
        CopyFailureTypes.unsafeKey,
      );
    }
    return target.key;
  }

  /** The copy already in the support bucket, when it is this very source object. */
  async function existingCopy(key: string, source: PartnerObject): Promise<{ sha256: string } | undefined> {
    let head;
    try {
      head = await s3.send(new HeadObjectCommand({ Bucket: supportBucket, Key: key }));
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return undefined;
      throw s3Failure('HeadObject', err);
    }
    if (head.ContentLength !== source.size || head.Metadata?.[SOURCE_ETAG_METADATA] !== source.etag)
      return undefined;
    const tags = await s3Call('GetObjectTagging', () =>
      s3.send(new GetObjectTaggingCommand({ Bucket: supportBucket, Key: key })),
    );
    const sha256 = tags.TagSet?.find((tag) => tag.Key === SHA256_TAG)?.Value;
    // Without its checksum tag the earlier copy did not finish: copy again.
    return sha256 ? { sha256 } : undefined;
  }

  return {
    /** The bucket and prefix on the partner's Account (Alliance_S3_Bucket__c, Alliance_S3_Prefix__c); null: no such Account. */
    async partnerFileSource(input: { accountId: string }): Promise<PartnerFileSource | null> {
      if (!deps.accounts)
        throw ApplicationFailure.nonRetryable('no Salesforce accounts configured', 'NotConfigured');
      const account = await deps.accounts.getAccount(input.accountId);
      if (!account) return null;
      const bucket = account.s3Bucket?.trim() ? account.s3Bucket.trim() : null;
      return { accountName: account.name, bucket, prefix: account.s3Prefix };
    },

    /** One page of the partner's objects under `prefix` (folders' zero-byte markers included). */
    async listPartnerObjects(input: {
      bucket: string;
      prefix: string;
      continuationToken?: string;
      maxKeys?: number;
    }): Promise<{ objects: PartnerObject[]; nextContinuationToken?: string }> {
      const page = await s3Call('ListObjectsV2', () =>
        s3.send(
          new ListObjectsV2Command({
            Bucket: input.bucket,
            Prefix: input.prefix,
            ContinuationToken: input.continuationToken,
            MaxKeys: input.maxKeys,
          }),
        ),
      );
      return {
        objects: (page.Contents ?? []).map((o) => ({
          key: o.Key ?? '',
          size: o.Size ?? 0,
          etag: bareETag(o.ETag),
        })),
        ...(page.IsTruncated && page.NextContinuationToken
          ? { nextContinuationToken: page.NextContinuationToken }
          : {}),
      };
    },

    /**
     * Copies one partner object to tickets/<ticketId>/partner-s3/<key within the partner's prefix>,
     * streamed in parts (never the whole file in memory; see streamCopy), heartbeating its progress
     * and checkpoint: an attempt after a worker died continues the same multipart upload. The copy
     * is then checked against what S3 reports (length, SHA-256 checksum, MD5 ETag); a mismatch is
     * deleted and copied again, up to `maxCopies` times, then fails non-retryably. The SHA-256 is
     * tagged on the verified copy, so that a re-run finds it and copies nothing.
     */
    async copyPartnerObject(input: CopyInput): Promise<CopiedFile> {
      const { object } = input;
      const key = targetKey(input);
      const existing = await existingCopy(key, object);
      if (existing)
        return { sourceKey: object.key, key, size: object.size, sha256: existing.sha256, copied: false };

      const context = activityContext();
      const target = { bucket: supportBucket, key };
      const heartbeat = (checkpoint: CopyCheckpoint): void => context?.heartbeat(checkpoint);
      let resumeFrom = resumableCheckpoint(context?.info.heartbeatDetails, { key, sourceETag: object.etag });
      const state: { uploadId?: string } = {};
      try {
        for (let copy = 1; ; copy += 1) {
          const streamed = await streamCopy(
            s3,
            {
              source: { bucket: input.bucket, key: object.key, etag: object.etag, size: object.size },
              target: { ...target, metadata: { [SOURCE_ETAG_METADATA]: object.etag } },
              partSize: partSizeFor(object.size),
              queueSize,
              resumeFrom,
              onProgress: heartbeat,
              signal: context?.cancellationSignal,
            },
            state,
          ).catch(async (err: unknown) => {
            const failure = s3Failure('copy', err);
            if (failure.type !== CopyFailureTypes.verificationFailed) throw failure;
            return { failure };
          });
          resumeFrom = undefined;
          const problems =
            'failure' in streamed
              ? [streamed.failure.message]
              : await writtenObjectMismatches(s3, target, streamed, object.size, { verifyETag });
          if (problems.length === 0 && !('failure' in streamed)) {
            await s3Call('PutObjectTagging', () =>
              s3.send(
                new PutObjectTaggingCommand({
                  Bucket: supportBucket,
                  Key: key,
                  Tagging: { TagSet: [{ Key: SHA256_TAG, Value: streamed.sha256 }] },
                }),
              ),
            );
            return {
              sourceKey: object.key,
              key,
              size: streamed.bytes,
              sha256: streamed.sha256,
              copied: true,
              ...(streamed.resumedBytes > 0 ? { resumedBytes: streamed.resumedBytes } : {}),
            };
          }
          // Neither a mismatching copy nor its parts may stay: the next copy starts from nothing.
          if (state.uploadId) await abortUpload(s3, target, state.uploadId);
          state.uploadId = undefined;
          await s3Call('DeleteObject', () =>
            s3.send(new DeleteObjectCommand({ Bucket: supportBucket, Key: key })),
          );
          if (copy >= maxCopies) {
            throw ApplicationFailure.nonRetryable(
              `copy of ${JSON.stringify(object.key)} did not match its source after ${copy} copies: ${problems.join('; ')}`,
              CopyFailureTypes.verificationFailed,
            );
          }
        }
      } catch (err) {
        // Giving up for good (source replaced or gone, copies that never match): no orphaned parts.
        // A retryable failure keeps its upload: the next attempt continues it.
        const failure = s3Failure('copy', err);
        if (failure.nonRetryable && state.uploadId) await abortUpload(s3, target, state.uploadId);
        throw failure;
      }
    },

    /**
     * After the workflow gives up on an object's copy (its retries spent): aborts the multipart
     * uploads left open for its key, so that no invisible parts stay billed in the support bucket.
     */
    async abandonPartnerCopy(input: CopyInput): Promise<{ abortedUploads: number }> {
      const key = targetKey(input);
      const open = await s3Call('ListMultipartUploads', () =>
        s3.send(new ListMultipartUploadsCommand({ Bucket: supportBucket, Prefix: key })),
      );
      const mine = (open.Uploads ?? []).filter((u) => u.Key === key && u.UploadId);
      for (const upload of mine)
        await abortUpload(s3, { bucket: supportBucket, key }, upload.UploadId as string);
      return { abortedUploads: mine.length };
    },

    /** Presigned GET links to support files, for agents, valid `expiresInSeconds`. */
    async presignSupportFiles(input: { keys: string[]; expiresInSeconds: number }): Promise<string[]> {
      return Promise.all(
        input.keys.map((key) =>
          getSignedUrl(s3, new GetObjectCommand({ Bucket: supportBucket, Key: key }), {
            expiresIn: input.expiresInSeconds,
          }),
        ),
      );
    },
  };
}

export type FileActivities = ReturnType<typeof createFileActivities>;
