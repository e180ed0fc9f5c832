import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../../config';
import { uploadKeyProblem, uploadsPrefix } from '../../domain/support-uploader';
import { signUploaderToken } from '../../domain/uploader-token';
import { createFileActivities } from '../files';
import { s3Failure } from '../files/failures';
import { bareETag, MeasuringStream } from '../files/streaming';
import { hmacTokenMac } from './token-signer';

export interface UploaderActivityDeps {
  s3: S3Client;
  supportBucket: string;
  uploader: AppConfig['uploader'];
  /** Agents' presigned GET links in the notes expire after this many seconds (FILE_LINK_EXPIRY_SECONDS). */
  linkExpirySeconds: number;
}

/** One object under the ticket's uploads prefix, as S3 lists it. */
export interface ListedUpload {
  key: string;
  size: number;
  /** Without quotes. */
  etag: string;
}

export interface DescribedUpload extends ListedUpload {
  /** The file's name (the key's last segment). */
  name: string;
  sha256: string;
  /** A presigned GET link for agents, valid `linkExpirySeconds`. */
  link: string;
  linkExpiresAt: number;
  /** A short digest of the key, for the note's idempotency key (keys may be long or unicode). */
  keyDigest: string;
}

const UNSAFE_KEY = 'UnsafeKey';
const HASH_WINDOW_BYTES = 8 * 1024 * 1024;

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

const statusOf = (err: unknown): number | undefined =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * S5 activities over the support bucket: sign an uploader link, describe a finished upload
 * (HEAD, streamed SHA-256, a short-lived link for agents), and list the ticket's uploads (the
 * backstop for a callback that never came).
 */
export function createUploaderActivities(deps: UploaderActivityDeps) {
  const { s3, supportBucket, uploader } = deps;
  const mac = hmacTokenMac(uploader.tokenSecret);
  // A5's listing and links, over the support bucket.
  const files = createFileActivities({ s3, supportBucket });

  return {
    /** The uploader page's address for the ticket's uploader `sequence`, and when it expires. */
    async issueUploaderLink(input: {
      ticketId: number;
      sequence: number;
      /** The workflow's time of issue: the expiry counts from it. */
      issuedAt: number;
    }): Promise<{ url: string; expiresAt: number; maxBytes: number }> {
      const expiresAt = Math.floor((input.issuedAt + uploader.expirySeconds * 1000) / 1000) * 1000;
      const token = signUploaderToken({ ticketId: input.ticketId, sequence: input.sequence, expiresAt }, mac);
      return { url: `${uploader.publicUrl}/uploads/${token}`, expiresAt, maxBytes: uploader.maxBytes };
    },

    /**
     * A finished upload: its size and ETag (HEAD), its SHA-256 (the body streamed through a hash,
     * never held in memory, heartbeating), and a presigned GET link. Null when the key is absent
     * (a callback for an upload that did not happen); a key outside the ticket's prefix is refused.
     */
    async describeSupportUpload(input: { ticketId: number; key: string }): Promise<DescribedUpload | null> {
      const problem = uploadKeyProblem(input.ticketId, input.key);
      if (problem !== undefined) {
        throw ApplicationFailure.nonRetryable(
          `refused key ${JSON.stringify(input.key)}: ${problem}`,
          UNSAFE_KEY,
        );
      }
      let head;
      try {
        head = await s3.send(new HeadObjectCommand({ Bucket: supportBucket, Key: input.key }));
      } catch (err) {
        if (statusOf(err) === 404) return null;
        throw s3Failure('HeadObject', err);
      }
      const etag = bareETag(head.ETag);
      const object = await (async () => {
        try {
          // IfMatch: the object headed, not one replaced meanwhile.
          return await s3.send(
            new GetObjectCommand({ Bucket: supportBucket, Key: input.key, IfMatch: head.ETag }),
          );
        } catch (err) {
          throw s3Failure('GetObject', err);
        }
      })();
      if (!(object.Body instanceof Readable)) throw s3Failure('GetObject', new Error('no body stream'));
      const context = activityContext();
      const measuring = new MeasuringStream(HASH_WINDOW_BYTES, (bytes) =>
        context?.heartbeat({ bytesHashed: bytes }),
      );
      measuring.resume();
      try {
        await pipeline(object.Body, measuring);
      } catch (err) {
        throw s3Failure('GetObject (body)', err);
      }
      const { bytes, sha256 } = measuring.result();
      const linkExpiresAt = Date.now() + deps.linkExpirySeconds * 1000;
      const [link] = await files.presignSupportFiles({
        keys: [input.key],
        expiresInSeconds: deps.linkExpirySeconds,
      });
      return {
        key: input.key,
        name: input.key.slice(input.key.lastIndexOf('/') + 1),
        size: bytes,
        etag,
        sha256,
        link,
        linkExpiresAt,
        keyDigest: createHash('sha256').update(input.key).digest('hex').slice(0, 16),
      };
    },

    /** One page of the ticket's uploads (ListObjectsV2 under tickets/<id>/uploads/, as A5 lists). */
    async listSupportUploads(input: {
      ticketId: number;
      continuationToken?: string;
    }): Promise<{ objects: ListedUpload[]; nextContinuationToken?: string }> {
      return files.listPartnerObjects({
        bucket: supportBucket,
        prefix: uploadsPrefix(input.ticketId),
        continuationToken: input.continuationToken,
      });
    },
  };
}

export type UploaderActivities = ReturnType<typeof createUploaderActivities>;
