import {
  DEFAULT_MAX_OBJECTS,
  formatBytes,
  MAX_SKIPPED_LISTED,
  recordSkip,
  type RetrievalReport,
  type SkipRecord,
} from '../../../domain/file-retrieval';
import {
  NOTE_BUDGET_BYTES,
  retrievalNoteKey,
  retrievalNotes,
  utf8Length,
  ZENDESK_COMMENT_LIMIT_BYTES,
} from '../../../domain/retrieval-notes';

/** A presigned GET link as S3 signs it for a worker with temporary (STS) credentials: ~1.3 KB. */
const presigned = (key: string): string =>
  `https://partner-support-files.s3.us-east-1.amazonaws.com/${encodeURIComponent(key).replace(/%2F/g, '/')}` +
  `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD` +
  `&X-Amz-Credential=ASIAXAMPLEXAMPLEXAMP%2F20261130%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261130T120000Z` +
  `&X-Amz-Expires=900&X-Amz-Security-Token=${'IQoJb3JpZ2luX2VjE'.repeat(50)}` +
  `&X-Amz-Signature=${'a1'.repeat(32)}&X-Amz-SignedHeaders=host&x-id=GetObject`;

/** The largest retrieval the defaults admit: 1,000 files with long unicode keys, and more left out. */
function thousandFiles(): RetrievalReport {
  const files = Array.from({ length: DEFAULT_MAX_OBJECTS }, (_, i) => {
    const relative = `runs/2026-11-30/ノード-${i}/données été/${'diagnostic-'.repeat(4)}${String(i).padStart(4, '0')}.log`;
    const key = `tickets/123456/partner-s3/${relative}`;
    return {
      sourceKey: `gitlab-support/${relative}`,
      key,
      size: 1000 + i,
      sha256: (i.toString(16).padStart(4, '0') + 'f'.repeat(60)).slice(0, 64),
      link: presigned(key),
      copied: true,
    };
  });
  return {
    bucket: 'globex-support-files',
    prefix: 'gitlab-support/runs/',
    files,
    skipped: Array.from({ length: 1500 }, (_, i) => ({
      key: `gitlab-support/runs/later/${i}.log`,
      size: 5,
      reason: i % 2 ? 'over the limit of 1000 objects' : 'folder marker (empty, nothing to copy)',
    })),
    failed: [
      { key: 'gitlab-support/runs/broken.bin', error: `CopyVerificationFailed: ${'x'.repeat(200_000)}` },
    ],
    truncated: true,
    linkExpiryMinutes: 15,
  };
}

describe('A5 notes within Zendesk comment size', () => {
  test('a note listing 1,000 files is split into notes Zendesk accepts, every file once, in order', () => {
    const report = thousandFiles();
    const notes = retrievalNotes(report);
    expect(notes.length).toBeGreaterThan(1);
    for (const note of notes) {
      expect(utf8Length(note)).toBeLessThanOrEqual(NOTE_BUDGET_BYTES);
      expect(utf8Length(note)).toBeLessThan(ZENDESK_COMMENT_LIMIT_BYTES);
    }
    const listed = notes
      .join('\n')
      .split('\n')
      .filter((line) => line.includes('SHA-256'));
    expect(listed).toHaveLength(report.files.length);
    expect(listed).toEqual(
      report.files.map((f) => `- ${f.sourceKey} (${formatBytes(f.size)}, SHA-256 ${f.sha256}): ${f.link}`),
    );
    expect(notes[0]).toMatch(
      new RegExp(`^Partner files retrieved .*: 1000 file\\(s\\).* Listed in ${notes.length} notes\\.`),
    );
    notes
      .slice(1)
      .forEach((note, i) =>
        expect(note.split('\n')[0]).toBe(
          `Partner files retrieved from s3://globex-support-files/gitlab-support/runs/ (A5), continued: note ${i + 2} of ${notes.length}.`,
        ),
      );
    // Left-out objects: the first ones listed, the rest counted by reason; the long failure clipped.
    const all = notes.join('\n');
    expect(all).toContain('Left out (1500):');
    expect(all.split('\n').filter((line) => line.startsWith('- gitlab-support/runs/later/'))).toHaveLength(
      MAX_SKIPPED_LISTED,
    );
    expect(all).toContain('- 650 more object(s): over the limit of 1000 objects');
    expect(all).toContain('- 650 more object(s): folder marker (empty, nothing to copy)');
    expect(all).toMatch(/- gitlab-support\/runs\/broken\.bin: CopyVerificationFailed: x+\.\.\.$/m);
    expect(all).toContain('Listing stopped at the object limit');
    // The same report gives the same notes (a replayed or retried workflow writes the same ones).
    expect(retrievalNotes(thousandFiles())).toEqual(notes);
  });

  test('left-out objects kept by recordSkip (200 named, the rest counted) read the same in the notes', () => {
    const report = thousandFiles();
    const record: SkipRecord = { listed: [], unlisted: {} };
    for (const skipped of report.skipped) recordSkip(record, skipped);
    expect(record.listed).toHaveLength(MAX_SKIPPED_LISTED);
    expect(record.unlisted).toEqual({
      'over the limit of 1000 objects': 650,
      'folder marker (empty, nothing to copy)': 650,
    });
    expect(retrievalNotes({ ...report, skipped: record.listed, unlistedSkipped: record.unlisted })).toEqual(
      retrievalNotes(report),
    );
  });

  test('a small retrieval is one note, as before', () => {
    const report = { ...thousandFiles(), files: thousandFiles().files.slice(0, 3), skipped: [], failed: [] };
    const notes = retrievalNotes(report);
    expect(notes).toHaveLength(1);
    expect(notes[0]).not.toContain('Listed in');
  });

  test('each note has its own stable idempotency key, the first the retrieval’s own', () => {
    expect([0, 1, 2].map((i) => retrievalNoteKey('file-retrieval-7-1', i))).toEqual([
      'a5-file-retrieval-7-1',
      'a5-file-retrieval-7-1-note-2',
      'a5-file-retrieval-7-1-note-3',
    ]);
  });

  test('UTF-8 length counts bytes as Zendesk receives them', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('ノ')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });
});
