import {
  alreadyRecorded,
  isLargeAttachment,
  shouldIssueUploader,
  STANDARD_ATTACHMENT_LIMIT_BYTES,
  uploadKeyProblem,
  uploadsPrefix,
} from '../../../domain/support-uploader';

const MB = 1024 * 1024;
const now = Date.UTC(2026, 10, 30);

describe('S5 Support Uploader rules', () => {
  test('S5: an attachment over 20 MB is large; 20 MB exactly is a standard upload', () => {
    expect(STANDARD_ATTACHMENT_LIMIT_BYTES).toBe(20 * MB);
    expect(isLargeAttachment(20 * MB)).toBe(false);
    expect(isLargeAttachment(20 * MB + 1)).toBe(true);
    expect(isLargeAttachment(25 * MB)).toBe(true);
  });

  test("S5: keys are confined to the ticket's uploads prefix, as single safe file names", () => {
    expect(uploadsPrefix(77)).toBe('tickets/77/uploads/');
    expect(uploadKeyProblem(77, 'tickets/77/uploads/core.dump')).toBeUndefined();
    expect(uploadKeyProblem(77, 'tickets/78/uploads/core.dump')).toMatch(/not under/);
    expect(uploadKeyProblem(77, 'tickets/77/partner-s3/x')).toMatch(/not under/);
    expect(uploadKeyProblem(77, 'tickets/77/uploads/../x')).toBeDefined();
    expect(uploadKeyProblem(77, 'tickets/77/uploads/a/b')).toMatch(/single file name/);
  });

  test('S5: a request always issues an uploader; the 20 MB rule only once, and not while one is open', () => {
    const large = { kind: 'large_attachment', fileName: 'dump.tgz', sizeBytes: 25 * MB } as const;
    const open = { sequence: 1, expiresAt: now + 1000 };
    const expired = { sequence: 1, expiresAt: now - 1 };
    expect(shouldIssueUploader(large, { autoIssued: false, now })).toBe(true);
    expect(shouldIssueUploader(large, { autoIssued: true, now })).toBe(false);
    expect(shouldIssueUploader(large, { autoIssued: false, uploader: open, now })).toBe(false);
    expect(shouldIssueUploader(large, { autoIssued: false, uploader: expired, now })).toBe(true);
    expect(
      shouldIssueUploader({ kind: 'requested', by: 'amy' }, { autoIssued: true, uploader: open, now }),
    ).toBe(true);
    expect(shouldIssueUploader({ kind: 'tag' }, { autoIssued: true, uploader: open, now })).toBe(true);
  });

  test('the same key and content is recorded once; new content under the same key is new', () => {
    const uploads = [{ key: 'tickets/1/uploads/a', etag: 'e1' }];
    expect(alreadyRecorded(uploads, { key: 'tickets/1/uploads/a', etag: 'e1' })).toBe(true);
    expect(alreadyRecorded(uploads, { key: 'tickets/1/uploads/a', etag: 'e2' })).toBe(false);
    expect(alreadyRecorded(uploads, { key: 'tickets/1/uploads/b', etag: 'e1' })).toBe(false);
  });
});
