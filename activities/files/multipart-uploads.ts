import { AbortMultipartUploadCommand, ListPartsCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Failure } from './failures';
import { bareETag } from './streaming';

// A multipart upload's bookkeeping, for copies that resume one or give it up.

/** The parts an unfinished multipart upload already holds; undefined when it is gone (completed, aborted, expired). */
export async function uploadedParts(
  s3: S3Client,
  target: { bucket: string; key: string },
  uploadId: string,
  signal?: AbortSignal,
): Promise<Map<number, { etag: string; size: number }> | undefined> {
  const parts = new Map<number, { etag: string; size: number }>();
  let marker: string | undefined;
  try {
    do {
      const page = await s3.send(
        new ListPartsCommand({
          Bucket: target.bucket,
          Key: target.key,
          UploadId: uploadId,
          PartNumberMarker: marker,
        }),
        { abortSignal: signal },
      );
      for (const part of page.Parts ?? [])
        if (part.PartNumber) parts.set(part.PartNumber, { etag: bareETag(part.ETag), size: part.Size ?? -1 });
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchUpload') return undefined;
    throw s3Failure('ListParts', err);
  }
  return parts;
}

/** Best effort: an unfinished upload's parts are billed until aborted (or a lifecycle rule does it). */
export async function abortUpload(
  s3: S3Client,
  target: { bucket: string; key: string },
  uploadId: string,
): Promise<void> {
  await s3
    .send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId }))
    .catch(() => undefined);
}
