/**
 * What a copy heartbeats: its progress, and enough to resume after its worker dies (the
 * multipart upload's id, its part size and the parts already uploaded). Temporal hands the last
 * details to the next attempt (`Context.current().info.heartbeatDetails`).
 */
export interface CopyCheckpoint {
  /** The support-bucket key being written and the source version (ETag) being copied. */
  key: string;
  sourceETag: string;
  bytesCopied: number;
  /** Absent while nothing has been uploaded in parts (a single PutObject, or before the first part). */
  uploadId?: string;
  partSize?: number;
  /** Parts 1..n uploaded so far, in order: n = the last part completed without a gap. */
  parts?: Array<{ partNumber: number; etag: string }>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The checkpoint to resume from, when the last attempt's heartbeat details are one for this very
 * copy (same key, same source version); anything else (none, another object, a changed source,
 * details from an older shape) means starting over.
 */
export function resumableCheckpoint(
  details: unknown,
  copy: { key: string; sourceETag: string },
): (CopyCheckpoint & { uploadId: string; partSize: number }) | undefined {
  if (!isRecord(details)) return undefined;
  const { key, sourceETag, uploadId, partSize, parts, bytesCopied } = details;
  if (key !== copy.key || sourceETag !== copy.sourceETag) return undefined;
  if (typeof uploadId !== 'string' || uploadId === '') return undefined;
  if (typeof partSize !== 'number' || !Number.isInteger(partSize) || partSize <= 0) return undefined;
  const validParts = Array.isArray(parts)
    ? parts.filter(
        (p): p is { partNumber: number; etag: string } =>
          isRecord(p) && Number.isInteger(p.partNumber) && typeof p.etag === 'string',
      )
    : [];
  return {
    key,
    sourceETag,
    uploadId,
    partSize,
    parts: validParts,
    bytesCopied: typeof bytesCopied === 'number' ? bytesCopied : 0,
  };
}
