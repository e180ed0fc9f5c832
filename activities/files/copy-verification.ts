import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Failure } from './failures';
import type { StreamedCopy } from './resumable-copy';
import { bareETag, isMd5ETag } from './streaming';

/**
 * What S3 reports for the written object against what was streamed into it: its length, its
 * x-amz-checksum-sha256 (computed by S3 from the bytes it stored: of the whole object, or
 * composite over the parts), and its ETag when it is an MD5 (not with SSE-KMS). Empty when
 * they agree; otherwise one line per disagreement. A server that returns no checksum is checked
 * on length and ETag alone.
 */
export async function writtenObjectMismatches(
  s3: S3Client,
  target: { bucket: string; key: string },
  streamed: StreamedCopy,
  expectedSize: number,
  options: { verifyETag: boolean },
): Promise<string[]> {
  let head;
  try {
    head = await s3.send(
      new HeadObjectCommand({ Bucket: target.bucket, Key: target.key, ChecksumMode: 'ENABLED' }),
    );
  } catch (err) {
    throw s3Failure('HeadObject', err);
  }
  const problems: string[] = [];
  if (streamed.bytes !== expectedSize)
    problems.push(`read ${streamed.bytes} of the source's ${expectedSize} bytes`);
  if (head.ContentLength !== streamed.bytes)
    problems.push(`S3 holds ${head.ContentLength ?? '?'} bytes, ${streamed.bytes} were sent`);
  // Composite checksums read "<b64>-<parts>" on S3; some servers leave the suffix out.
  const withoutParts = (checksum: string): string => checksum.replace(/-\d+$/, '');
  if (head.ChecksumSHA256 && withoutParts(head.ChecksumSHA256) !== withoutParts(streamed.expectedChecksum)) {
    problems.push(`SHA-256 checksum ${head.ChecksumSHA256}, expected ${streamed.expectedChecksum}`);
  }
  const etag = bareETag(head.ETag);
  if (options.verifyETag && isMd5ETag(etag) && etag !== streamed.expectedETag)
    problems.push(`ETag ${etag}, expected ${streamed.expectedETag}`);
  return problems;
}
