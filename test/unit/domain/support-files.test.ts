import fc from 'fast-check';
import {
  isFolderMarker,
  listingPrefix,
  normalizePartnerPrefix,
  parseSupportFileKey,
  partnerRelativeKey,
  relativeKeyProblem,
  supportFileKey,
} from '../../../domain/support-files';

// A safe segment: any well-formed Unicode except '/', '\', control characters; never '.' or '..'.
const safeChar = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
  .filter((c) => !/[/\\\u0000-\u001f\u007f-\u009f]/u.test(c));
const safeSegment = fc
  .array(safeChar, { minLength: 1, maxLength: 12 })
  .map((chars) => chars.join(''))
  .filter((s) => s !== '.' && s !== '..');
const safeRelative = fc
  .array(safeSegment, { minLength: 1, maxLength: 5 })
  .map((segments) => segments.join('/'));
const ticketId = fc.integer({ min: 1, max: 2 ** 40 });

/** Resolves a key as a file system would: an escape is any `..` climbing above the start. */
function escapes(relative: string): boolean {
  let depth = 0;
  for (const segment of relative.split(/[/\\]/)) {
    if (segment === '..') depth -= 1;
    else if (segment !== '' && segment !== '.') depth += 1;
    if (depth < 0) return true;
  }
  return relative.startsWith('/') || relative.startsWith('\\');
}

// Anything: traversal pieces, separators and control characters mixed with text.
const hostileKey = fc
  .array(
    fc.oneof(
      fc.constantFrom('..', '.', '/', '\\', '', '\u0000', '\n', '\u007f', '\u0085', '%2e%2e', '\uD800'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));

describe('support bucket keys (S5, A5)', () => {
  test('examples', () => {
    expect(supportFileKey(42, 'uploads', 'trace.log')).toEqual({
      ok: true,
      key: 'tickets/42/uploads/trace.log',
    });
    expect(supportFileKey(42, 'partner-s3', 'logs/2026/é.txt')).toEqual({
      ok: true,
      key: 'tickets/42/partner-s3/logs/2026/é.txt',
    });
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a\\b', 'a\u0000b', 'a/', '.', '']) {
      expect(supportFileKey(42, 'partner-s3', bad).ok).toBe(false);
    }
    expect(supportFileKey(42, 'uploads', 'a/b').ok).toBe(false);
    expect(supportFileKey(0, 'uploads', 'a').ok).toBe(false);
    expect(supportFileKey(1, 'partner-s3', 'x'.repeat(1100)).ok).toBe(false);
  });

  test('no generated key escapes its ticket folder', () => {
    fc.assert(
      fc.property(
        ticketId,
        fc.constantFrom('uploads', 'partner-s3' as const),
        hostileKey,
        (id, area, relative) => {
          const result = supportFileKey(id, area, relative);
          if (!result.ok) return;
          const folder = `tickets/${id}/${area}/`;
          expect(result.key.startsWith(folder)).toBe(true);
          const rest = result.key.slice(folder.length);
          expect(escapes(rest)).toBe(false);
          expect(relativeKeyProblem(rest)).toBeUndefined();
          expect(rest.split('/')).not.toContain('..');
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('valid unicode and nested keys round-trip', () => {
    fc.assert(
      fc.property(ticketId, safeRelative, (id, relative) => {
        const result = supportFileKey(id, 'partner-s3', relative);
        expect(result).toEqual({ ok: true, key: `tickets/${id}/partner-s3/${relative}` });
        if (result.ok)
          expect(parseSupportFileKey(result.key)).toEqual({ ticketId: id, area: 'partner-s3', relative });
      }),
    );
  });

  test('folder markers', () => {
    expect(isFolderMarker({ key: 'p/logs/', size: 0 })).toBe(true);
    expect(isFolderMarker({ key: 'p/logs/', size: 3 })).toBe(false);
    expect(isFolderMarker({ key: 'p/logs', size: 0 })).toBe(false);
  });

  test('a key we did not build does not parse', () => {
    expect(parseSupportFileKey('tickets/42/partner-s3/a/../b')).toBeUndefined();
    expect(parseSupportFileKey('tickets/042/uploads/a')).toBeUndefined();
    expect(parseSupportFileKey('elsewhere/a')).toBeUndefined();
  });
});

describe("the partner's prefix (A5)", () => {
  test('normalized to a folder', () => {
    expect(normalizePartnerPrefix('gitlab-support/')).toEqual({ ok: true, key: 'gitlab-support/' });
    expect(normalizePartnerPrefix('gitlab-support')).toEqual({ ok: true, key: 'gitlab-support/' });
    expect(normalizePartnerPrefix(null)).toEqual({ ok: true, key: '' });
    expect(normalizePartnerPrefix('../other').ok).toBe(false);
  });

  test('a requested prefix narrows, never widens', () => {
    expect(listingPrefix('gitlab-support/', 'logs/')).toEqual({ ok: true, key: 'gitlab-support/logs/' });
    expect(listingPrefix('gitlab-support/', undefined)).toEqual({ ok: true, key: 'gitlab-support/' });
    for (const bad of ['../', '/abs', 'a//b', '..', 'a\\b'])
      expect(listingPrefix('gitlab-support/', bad).ok).toBe(false);
    fc.assert(
      fc.property(hostileKey, (requested) => {
        const result = listingPrefix('p/', requested);
        if (!result.ok) return;
        expect(result.key.startsWith('p/')).toBe(true);
        expect(escapes(result.key.slice(2))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  test('an object key lies within the prefix, or is refused', () => {
    expect(partnerRelativeKey('gitlab-support/', 'gitlab-support/a/b.txt')).toEqual({
      ok: true,
      key: 'a/b.txt',
    });
    expect(partnerRelativeKey('gitlab-support/', 'gitlab-supportx/a').ok).toBe(false);
    expect(partnerRelativeKey('gitlab-support/', 'gitlab-support/../x').ok).toBe(false);
    expect(partnerRelativeKey('gitlab-support/', 'gitlab-support/').ok).toBe(false);
    fc.assert(
      fc.property(fc.constantFrom('', 'p/', 'a/b/'), hostileKey, (prefix, key) => {
        const result = partnerRelativeKey(prefix, key);
        if (!result.ok) return;
        expect(`${prefix}${result.key}`).toBe(key);
        expect(escapes(result.key)).toBe(false);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.constantFrom('', 'p/', 'a/b/'), safeRelative, (prefix, relative) => {
        expect(partnerRelativeKey(prefix, `${prefix}${relative}`)).toEqual({ ok: true, key: relative });
      }),
    );
  });
});
