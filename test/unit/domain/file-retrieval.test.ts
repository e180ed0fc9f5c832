import {
  admitObject,
  fileRetrievalWorkflowId,
  formatBytes,
  refusalNote,
  retrievalNote,
  type Tally,
} from '../../../domain/file-retrieval';

const object = (key: string, size = 10) => ({ key, size, etag: 'e' });

describe('A5 file retrieval rules', () => {
  test('workflow IDs', () => {
    expect(fileRetrievalWorkflowId(42, 3)).toBe('file-retrieval-42-3');
  });

  test('folder markers and refused keys are left out; limits hold across calls', () => {
    const limits = { maxObjects: 2, maxBytes: 25 };
    const tally: Tally = { objects: 0, bytes: 0 };
    expect(admitObject(object('p/a/', 0), 'p/', limits, tally)).toEqual({
      copy: false,
      reason: 'folder marker (empty, nothing to copy)',
    });
    expect(admitObject(object('p/../x'), 'p/', limits, tally)).toEqual({
      copy: false,
      reason: 'refused: the key has a ".." segment',
    });
    expect(admitObject(object('q/x'), 'p/', limits, tally)).toMatchObject({ copy: false });
    expect(admitObject(object('p/1'), 'p/', limits, tally)).toEqual({ copy: true });
    expect(admitObject(object('p/big', 20), 'p/', limits, tally)).toEqual({
      copy: false,
      reason: 'over the limit of 25 bytes',
    });
    expect(admitObject(object('p/2'), 'p/', limits, tally)).toEqual({ copy: true });
    expect(admitObject(object('p/3'), 'p/', limits, tally)).toEqual({
      copy: false,
      reason: 'over the limit of 2 objects',
    });
    expect(tally).toEqual({ objects: 2, bytes: 20 });
  });

  test('sizes read as people read them', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(20 * 1024 ** 3)).toBe('20.0 GiB');
  });

  test('the note lists every file, what was left out, what failed', () => {
    const note = retrievalNote({
      bucket: 'b',
      prefix: 'p/',
      files: [
        {
          sourceKey: 'p/a.txt',
          key: 'tickets/1/partner-s3/a.txt',
          size: 3,
          sha256: 'abc',
          link: 'https://l',
          copied: true,
        },
      ],
      skipped: [{ key: 'p/../x', size: 1, reason: 'refused: the key has a ".." segment' }],
      failed: [{ key: 'p/gone', error: 'NotFound: S3 GetObject failed: NoSuchKey' }],
      truncated: true,
      linkExpiryMinutes: 15,
    });
    expect(note.split('\n')).toEqual([
      'Partner files retrieved from s3://b/p/ (A5): 1 file(s), 3 bytes. Links expire after 15 minutes.',
      '- p/a.txt (3 bytes, SHA-256 abc): https://l',
      '',
      'Left out (1):',
      '- p/../x (1 bytes): refused: the key has a ".." segment',
      '',
      'Listing stopped at the object limit: the prefix may hold more objects.',
      '',
      'Failed (1):',
      '- p/gone: NotFound: S3 GetObject failed: NoSuchKey',
    ]);
    expect(refusalNote('no bucket')).toBe(
      'Partner file retrieval refused (A5): no bucket. Nothing was copied.',
    );
  });
});
