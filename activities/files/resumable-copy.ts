import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CopyCheckpoint } from './copy-checkpoint';
import { s3Call, s3Failure } from './failures';
import { uploadedParts } from './multipart-uploads';
import { bareETag, isMd5ETag, partsOf } from './streaming';

export interface StreamCopyRequest {
  source: { bucket: string; key: string; etag: string; size: number };
  target: { bucket: string; key: string; metadata: Record<string, string> };
  partSize: number;
  /** Parts uploading at once; memory held is about (queueSize + 1) × partSize. */
  queueSize: number;
  /** The last attempt's checkpoint (same key and source version), to resume its multipart upload. */
  resumeFrom?: CopyCheckpoint & { uploadId: string; partSize: number };
  /** Called with the progress and what a later attempt needs to resume (heartbeat it). */
  onProgress(checkpoint: CopyCheckpoint): void;
  signal?: AbortSignal;
}

/** What was streamed, and what S3 must report for the written object if it holds those bytes. */
export interface StreamedCopy {
  bytes: number;
  sha256: string;
  /** x-amz-checksum-sha256 of the written object: of the whole object, or composite "<b64>-<parts>". */
  expectedChecksum: string;
  /** The ETag S3 computes (MD5, or MD5 of the parts' MD5s "-<parts>") when it is not encrypted with KMS. */
  expectedETag: string;
  /** Bytes not uploaded again because an earlier attempt's parts were intact. */
  resumedBytes: number;
  /** The multipart upload this copy completed, or undefined for a single PutObject. */
  uploadId?: string;
}

const b64 = (digest: Buffer): string => digest.toString('base64');

/**
 * Streams one object from the partner's bucket into the support bucket: GetObject (If-Match the
 * listed ETag; ChecksumMode so that the SDK checks a whole-object checksum the source carries)
 * cut into parts of `partSize`, each hashed (SHA-256, MD5) and uploaded with its x-amz-checksum-sha256
 * (S3 rejects a part whose bytes differ), a few at a time. Objects below one part go in a single
 * PutObject. After each part the checkpoint (upload id, parts done) is reported; given one, the
 * copy continues that upload: the source is read again from the start to rebuild the SHA-256, but
 * parts S3 already holds with the same bytes (their MD5 ETag, or the checkpoint's ETag when S3's
 * are not MD5) are not uploaded again. `state.uploadId` names the open upload, for the caller to
 * abort when it gives up.
 */
export async function streamCopy(
  s3: S3Client,
  request: StreamCopyRequest,
  state: { uploadId?: string } = {},
): Promise<StreamedCopy> {
  const { source, target, signal } = request;
  const partSize = request.resumeFrom?.partSize ?? request.partSize;
  const got = await s3Call('GetObject', () =>
    s3.send(
      new GetObjectCommand({
        Bucket: source.bucket,
        Key: source.key,
        IfMatch: `"${source.etag}"`,
        ChecksumMode: 'ENABLED',
      }),
      { abortSignal: signal },
    ),
  );
  if (!(got.Body instanceof Readable)) throw s3Failure('GetObject', new Error('no body stream'));
  const body = got.Body;
  const whole = createHash('sha256');
  const checkpoint = (extra: Partial<CopyCheckpoint> = {}): CopyCheckpoint => ({
    key: target.key,
    sourceETag: source.etag,
    bytesCopied: bytes,
    ...extra,
  });
  let bytes = 0;

  if (source.size < partSize) {
    // One part at most: a single PutObject, its SHA-256 checked by S3 on receipt.
    const parts: Buffer[] = [];
    for await (const part of partsOf(body, partSize)) parts.push(part);
    const content = Buffer.concat(parts);
    bytes = content.length;
    whole.update(content);
    const digest = whole.digest();
    await s3Call('PutObject', () =>
      s3.send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: target.key,
          Body: content,
          ContentLength: content.length,
          ContentType: got.ContentType,
          Metadata: target.metadata,
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: b64(digest),
        }),
        { abortSignal: signal },
      ),
    );
    request.onProgress(checkpoint());
    return {
      bytes,
      sha256: digest.toString('hex'),
      expectedChecksum: b64(digest),
      expectedETag: createHash('md5').update(content).digest('hex'),
      resumedBytes: 0,
    };
  }

  const resume = request.resumeFrom;
  const held = resume ? await uploadedParts(s3, target, resume.uploadId, signal) : undefined;
  const uploadId =
    held && resume
      ? resume.uploadId
      : (
          await s3Call('CreateMultipartUpload', () =>
            s3.send(
              new CreateMultipartUploadCommand({
                Bucket: target.bucket,
                Key: target.key,
                ContentType: got.ContentType,
                Metadata: target.metadata,
                ChecksumAlgorithm: 'SHA256',
              }),
              { abortSignal: signal },
            ),
          )
        ).UploadId;
  if (!uploadId) throw s3Failure('CreateMultipartUpload', new Error('no UploadId'));
  state.uploadId = uploadId;
  const checkpointETags = new Map((resume?.parts ?? []).map((p) => [p.partNumber, p.etag]));
  const partDigests: Buffer[] = [];
  const partMd5s: Buffer[] = [];
  const done = new Map<number, string>();
  // Progress counts bytes S3 holds (parts uploaded or kept), not bytes read ahead of them.
  let uploaded = 0;
  let contiguous = 0;
  let resumedBytes = 0;
  const report = (): void => {
    while (done.has(contiguous + 1)) contiguous += 1;
    const parts = Array.from({ length: contiguous }, (_, i) => ({
      partNumber: i + 1,
      etag: done.get(i + 1) as string,
    }));
    request.onProgress({ ...checkpoint({ uploadId, partSize, parts }), bytesCopied: uploaded });
  };
  const inFlight = new Set<Promise<void>>();
  const failures: unknown[] = [];
  // At most queueSize + 1 part buffers, reused: one filling, the others uploading.
  const free: Buffer[] = [];
  const buffer = (): Buffer => free.pop() ?? Buffer.allocUnsafe(partSize);
  const release = (part: Buffer): void => {
    if (part.length === partSize) free.push(part);
  };
  let partNumber = 0;
  for await (const part of partsOf(body, partSize, buffer)) {
    if (failures.length > 0) break;
    partNumber += 1;
    bytes += part.length;
    whole.update(part);
    const md5 = createHash('md5').update(part).digest();
    const sha = createHash('sha256').update(part).digest();
    partMd5s.push(md5);
    partDigests.push(sha);
    const kept = held?.get(partNumber);
    const intact =
      kept !== undefined &&
      kept.size === part.length &&
      (isMd5ETag(kept.etag)
        ? kept.etag === md5.toString('hex')
        : checkpointETags.get(partNumber) === kept.etag);
    if (intact) {
      done.set(partNumber, kept.etag);
      resumedBytes += part.length;
      uploaded += part.length;
      release(part);
      report();
      continue;
    }
    while (inFlight.size >= request.queueSize) await Promise.race(inFlight);
    const n = partNumber;
    const upload: Promise<void> = s3Call('UploadPart', () =>
      s3.send(
        new UploadPartCommand({
          Bucket: target.bucket,
          Key: target.key,
          UploadId: uploadId,
          PartNumber: n,
          Body: part,
          ContentLength: part.length,
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: b64(sha),
        }),
        { abortSignal: signal },
      ),
    )
      .then((written) => {
        done.set(n, bareETag(written.ETag));
        uploaded += part.length;
        report();
      })
      .catch((err: unknown) => {
        failures.push(err);
      })
      .finally(() => {
        inFlight.delete(upload);
        release(part);
      });
    inFlight.add(upload);
  }
  await Promise.all(inFlight);
  if (failures.length > 0) {
    body.destroy();
    throw failures[0];
  }
  await s3Call('CompleteMultipartUpload', () =>
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: target.bucket,
        Key: target.key,
        UploadId: uploadId,
        MultipartUpload: {
          Parts: partDigests.map((digest, i) => ({
            PartNumber: i + 1,
            ETag: `"${done.get(i + 1) ?? ''}"`,
            ChecksumSHA256: b64(digest),
          })),
        },
      }),
      { abortSignal: signal },
    ),
  );
  state.uploadId = undefined;
  request.onProgress(checkpoint());
  const count = partDigests.length;
  return {
    bytes,
    sha256: whole.digest('hex'),
    expectedChecksum: `${b64(createHash('sha256').update(Buffer.concat(partDigests)).digest())}-${count}`,
    expectedETag: `${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${count}`,
    resumedBytes,
    uploadId,
  };
}
