import { Readable } from 'node:stream';
import { resumableCheckpoint } from '../../activities/files/copy-checkpoint';
import { partsOf } from '../../activities/files/streaming';

describe('A5 copy checkpoint and parts', () => {
  const copy = { key: 'tickets/1/partner-s3/a.bin', sourceETag: 'etag-1' };
  const details = {
    ...copy,
    bytesCopied: 10,
    uploadId: 'upload-1',
    partSize: 5,
    parts: [
      { partNumber: 1, etag: 'e1' },
      { partNumber: 2, etag: 'e2' },
    ],
  };

  test("the last attempt's heartbeat details resume the same copy of the same source version", () => {
    expect(resumableCheckpoint(details, copy)).toEqual(details);
  });

  test.each([
    ['no details', undefined],
    ['another key', { ...details, key: 'tickets/1/partner-s3/b.bin' }],
    ['a replaced source', { ...details, sourceETag: 'etag-2' }],
    ['no upload yet (a single PutObject)', { ...details, uploadId: undefined }],
    ['a part size that is not one', { ...details, partSize: 0 }],
    ['details of another shape', { bytesCopied: 10 }],
  ])('%s: start over', (_name, given) => {
    expect(resumableCheckpoint(given, copy)).toBeUndefined();
  });

  test('malformed parts are ignored, not trusted', () => {
    expect(
      resumableCheckpoint(
        { ...details, parts: [{ partNumber: 'x' }, null, { partNumber: 1, etag: 'e1' }] },
        copy,
      )?.parts,
    ).toEqual([{ partNumber: 1, etag: 'e1' }]);
  });

  test('a stream is cut into parts of exactly the part size, the last one shorter, whatever its chunks', async () => {
    const chunks = [Buffer.from('abc'), Buffer.from('defghij'), Buffer.from(''), Buffer.from('k')];
    const parts: string[] = [];
    for await (const part of partsOf(Readable.from(chunks), 4)) parts.push(part.toString());
    expect(parts).toEqual(['abcd', 'efgh', 'ijk']);
    const none: Buffer[] = [];
    for await (const part of partsOf(Readable.from([]), 4)) none.push(part);
    expect(none).toEqual([]);
  });

  test('parts can be written into buffers handed back once used: two buffers serve any number of parts', async () => {
    const chunks = Array.from({ length: 10 }, (_, i) => Buffer.from(String.fromCharCode(97 + i).repeat(3)));
    const pool: Buffer[] = [];
    let allocated = 0;
    const parts: string[] = [];
    for await (const part of partsOf(
      Readable.from(chunks),
      4,
      () => pool.pop() ?? (allocated++, Buffer.alloc(4)),
    )) {
      parts.push(part.toString());
      pool.push(part);
    }
    expect(parts.join('')).toBe(chunks.map((c) => c.toString()).join(''));
    expect(parts.slice(0, -1).every((p) => p.length === 4)).toBe(true);
    expect(allocated).toBe(1);
  });
});
