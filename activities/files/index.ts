import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PartnerAccount } from '../../domain/programs';
import { partnerRelativeKey, supportFileKey } from '../../domain/support-files';
import { s3Failure } from './failures';
import { bareETag, isMd5ETag, MeasuringStream } from './streaming';

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
}

export interface FileActivityDeps {
  s3: S3Client;
  /** Where support files live (SUPPORT_BUCKET). */
  supportBucket: string;
  /** Multipart part size; at most queueSize × partSize bytes are in memory per copy. */
  partSizeBytes?: number;
  queueSize?: number;
  /** Compare the written object's ETag with the MD5 of what was streamed (not with SSE-KMS). */
  verifyETag?: boolean;
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
const UNSAFE_KEY = 'UnsafeKey';
const VERIFICATION_FAILED = 'CopyVerificationFailed';

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

async function s3Call<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw s3Failure(operation, err);
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
     * Copies one partner object to tickets/<ticketId>/partner-s3/<key within the partner's prefix>:
     * GetObject's body streams into a multipart Upload through a hashing stream (never the whole file
     * in memory), heartbeating the bytes copied; size and ETag are checked against what was streamed,
     * and the SHA-256 is tagged on the copy so that a re-run finds it and copies nothing.
     */
    async copyPartnerObject(input: {
      ticketId: number;
      bucket: string;
      partnerPrefix: string;
      object: PartnerObject;
    }): Promise<CopiedFile> {
      const { object } = input;
      const relative = partnerRelativeKey(input.partnerPrefix, object.key);
      const target = relative.ok ? supportFileKey(input.ticketId, 'partner-s3', relative.key) : relative;
      if (!target.ok) {
        throw ApplicationFailure.nonRetryable(
          `refused key ${JSON.stringify(object.key)}: ${target.reason}`,
          UNSAFE_KEY,
        );
      }
      const key = target.key;
      const existing = await existingCopy(key, object);
      if (existing)
        return { sourceKey: object.key, key, size: object.size, sha256: existing.sha256, copied: false };

      const context = activityContext();
      // IfMatch: the object listed, not one replaced since (that would be a different file).
      const source = await s3Call('GetObject', () =>
        s3.send(new GetObjectCommand({ Bucket: input.bucket, Key: object.key, IfMatch: `"${object.etag}"` })),
      );
      if (!(source.Body instanceof Readable)) throw s3Failure('GetObject', new Error('no body stream'));
      const measuring = new MeasuringStream(partSize, (bytes) => context?.heartbeat({ bytesCopied: bytes }));
      const upload = new Upload({
        client: s3,
        partSize,
        queueSize,
        leavePartsOnError: false,
        params: {
          Bucket: supportBucket,
          Key: key,
          Body: measuring,
          ContentType: source.ContentType,
          Metadata: { [SOURCE_ETAG_METADATA]: object.etag },
        },
      });
      const [, written] = await Promise.all([
        s3Call('GetObject (body)', () => pipeline(source.Body as Readable, measuring)),
        s3Call('Upload', () => upload.done()),
      ]);
      const streamed = measuring.result();
      const writtenETag = bareETag(written.ETag);
      if (
        streamed.bytes !== object.size ||
        (verifyETag && isMd5ETag(writtenETag) && writtenETag !== streamed.expectedETag)
      ) {
        throw ApplicationFailure.retryable(
          `copy of ${JSON.stringify(object.key)} does not match: ${streamed.bytes} of ${object.size} bytes, ETag ${writtenETag} (expected ${streamed.expectedETag})`,
          VERIFICATION_FAILED,
        );
      }
      await s3Call('PutObjectTagging', () =>
        s3.send(
          new PutObjectTaggingCommand({
            Bucket: supportBucket,
            Key: key,
            Tagging: { TagSet: [{ Key: SHA256_TAG, Value: streamed.sha256 }] },
          }),
        ),
      );
      return { sourceKey: object.key, key, size: streamed.bytes, sha256: streamed.sha256, copied: true };
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
