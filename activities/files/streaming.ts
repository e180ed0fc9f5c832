import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A pass-through stream that measures what flows through it: byte count, SHA-256, and the MD5 of
 * each `partSize` window, which is how S3 computes the ETag of what lib-storage's Upload writes
 * (one PutObject below partSize, otherwise parts of exactly partSize and a remainder).
 */
export class MeasuringStream extends Transform {
  bytes = 0;
  private readonly sha256 = createHash('sha256');
  private readonly partDigests: Buffer[] = [];
  private part: Hash = createHash('md5');
  private partBytes = 0;

  constructor(
    private readonly partSize: number,
    private readonly onProgress: (bytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sha256.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      // The window closes only when more data follows: lib-storage's last part may be a full one.
      if (this.partBytes === this.partSize) this.closePart();
      const take = Math.min(this.partSize - this.partBytes, chunk.length - offset);
      this.part.update(chunk.subarray(offset, offset + take));
      this.partBytes += take;
      offset += take;
    }
    this.bytes += chunk.length;
    this.onProgress(this.bytes);
    callback(null, chunk);
  }

  private closePart(): void {
    this.partDigests.push(this.part.digest());
    this.part = createHash('md5');
    this.partBytes = 0;
  }

  /** Call once the stream has ended. */
  result(): { bytes: number; sha256: string; expectedETag: string } {
    const last = this.part.digest();
    const digests = [...this.partDigests, last];
    const expectedETag =
      digests.length === 1
        ? last.toString('hex')
        : `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
    return { bytes: this.bytes, sha256: this.sha256.digest('hex'), expectedETag };
  }
}

/** An ETag without its quotes. */
export const bareETag = (etag: string | undefined): string => (etag ?? '').replace(/^"|"$/g, '');

/** Whether an ETag is an MD5 (single or multipart) we can compare; SSE-KMS ETags are not. */
export const isMd5ETag = (etag: string): boolean => /^[0-9a-f]{32}(-\d+)?$/.test(etag);

/**
 * The bytes of a stream as consecutive parts of exactly `partSize` bytes (the last one shorter,
 * none for an empty stream), each copied into a buffer from `buffer()` (by default a new one): a
 * caller that hands back the buffers of parts it is done with holds a fixed number of them, and a
 * large object never sits in memory. The consumer's pace is the stream's (backpressure).
 */
export async function* partsOf(
  stream: AsyncIterable<Uint8Array>,
  partSize: number,
  buffer: () => Buffer = () => Buffer.allocUnsafe(partSize),
): AsyncGenerator<Buffer> {
  let part: Buffer | undefined;
  let held = 0;
  for await (const chunk of stream) {
    let offset = 0;
    while (offset < chunk.length) {
      part ??= buffer();
      const take = Math.min(partSize - held, chunk.length - offset);
      part.set(chunk.subarray(offset, offset + take), held);
      held += take;
      offset += take;
      if (held === partSize) {
        yield part;
        part = undefined;
        held = 0;
      }
    }
  }
  if (part && held > 0) yield part.subarray(0, held);
}
