/**
 * Keys in the support bucket (S5, A5), and the partner's side of A5 retrieval.
 *
 * Every key we write is built here, so that nothing a partner or a user names can escape its
 * ticket's folder: `tickets/<ticketId>/uploads/<name>` (S5) and
 * `tickets/<ticketId>/partner-s3/<relative key>` (A5). S3 itself has no directories, so `..` is
 * not resolved by S3; it is refused because agents download files to disks where it would be.
 */

export type KeyResult = { ok: true; key: string } | { ok: false; reason: string };

export type SupportFileArea = 'uploads' | 'partner-s3';

/** S3's limit on a key: 1,024 bytes of UTF-8. */
export const MAX_S3_KEY_BYTES = 1024;

// C0 and C1 control characters and DEL: invisible in notes, dangerous in file names.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** UTF-8 length without Buffer, so that workflows can use these rules too. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Why a relative key (one or more `/`-separated segments) is refused; undefined when it is safe. */
export function relativeKeyProblem(relative: string): string | undefined {
  if (relative === '') return 'the key is empty';
  if (relative.startsWith('/')) return 'the key is absolute (starts with /)';
  if (relative.includes('\\')) return 'the key contains a backslash';
  if (CONTROL.test(relative)) return 'the key contains a control character';
  // A lone surrogate cannot be encoded as UTF-8: S3 would store something else.
  if (LONE_SURROGATE.test(relative)) return 'the key is not valid Unicode';
  for (const segment of relative.split('/')) {
    if (segment === '') return 'the key has an empty segment (//, or a trailing /)';
    if (segment === '.' || segment === '..') return `the key has a "${segment}" segment`;
  }
  return undefined;
}

function ticketFolder(ticketId: number): string | undefined {
  return Number.isSafeInteger(ticketId) && ticketId > 0 ? `tickets/${ticketId}/` : undefined;
}

/** Everything a ticket has in the support bucket (both areas): what retention deletes. */
export function ticketFilesPrefix(ticketId: number): KeyResult {
  const folder = ticketFolder(ticketId);
  return folder === undefined
    ? { ok: false, reason: `${ticketId} is not a ticket id` }
    : { ok: true, key: folder };
}

function withinLimit(key: string): KeyResult {
  const bytes = utf8Bytes(key);
  if (bytes > MAX_S3_KEY_BYTES) return { ok: false, reason: `the key is ${bytes} bytes (S3 allows 1,024)` };
  return { ok: true, key };
}

/**
 * The one way to name an object in the support bucket. An upload's name is a single segment (the
 * uploader names files, not folders); a partner's relative key keeps its folders.
 */
export function supportFileKey(ticketId: number, area: SupportFileArea, relative: string): KeyResult {
  const folder = ticketFolder(ticketId);
  if (folder === undefined) return { ok: false, reason: `${ticketId} is not a ticket id` };
  const problem = relativeKeyProblem(relative);
  if (problem !== undefined) return { ok: false, reason: problem };
  if (area === 'uploads' && relative.includes('/')) {
    return { ok: false, reason: 'an upload name is a single file name (no /)' };
  }
  return withinLimit(`${folder}${area}/${relative}`);
}

/** The ticket, area and relative key of a support bucket key we built; undefined for any other key. */
export function parseSupportFileKey(
  key: string,
): { ticketId: number; area: SupportFileArea; relative: string } | undefined {
  const match = /^tickets\/([1-9]\d*)\/(uploads|partner-s3)\/(.+)$/su.exec(key);
  if (!match) return undefined;
  const ticketId = Number(match[1]);
  const area = match[2] as SupportFileArea;
  const relative = match[3];
  const rebuilt = supportFileKey(ticketId, area, relative);
  return rebuilt.ok && rebuilt.key === key ? { ticketId, area, relative } : undefined;
}

/**
 * The partner's configured prefix (Alliance_S3_Prefix__c) as a folder: empty means the whole
 * bucket; otherwise it ends with `/`, so that `logs` cannot also match `logs-private/…`.
 */
export function normalizePartnerPrefix(prefix: string | null | undefined): KeyResult {
  const trimmed = (prefix ?? '').trim();
  if (trimmed === '' || trimmed === '/') return { ok: true, key: '' };
  const folder = trimmed.endsWith('/') ? trimmed.slice(0, -1) : trimmed;
  const problem = relativeKeyProblem(folder);
  if (problem !== undefined) return { ok: false, reason: `the partner's prefix: ${problem}` };
  return { ok: true, key: `${folder}/` };
}

/**
 * The prefix to list: the partner's folder, narrowed by what the agent asked for. The request is
 * relative to the partner's folder; it may end with `/` (a folder) or not (a name's beginning).
 */
export function listingPrefix(partnerPrefix: string, requested: string | undefined): KeyResult {
  if (requested === undefined || requested === '') return { ok: true, key: partnerPrefix };
  const body = requested.endsWith('/') ? requested.slice(0, -1) : requested;
  const problem = relativeKeyProblem(body);
  if (problem !== undefined) return { ok: false, reason: `the requested prefix: ${problem}` };
  return withinLimit(`${partnerPrefix}${requested}`);
}

/**
 * An object key listed in the partner's bucket, relative to the partner's folder: refused when it
 * lies outside that folder or names something unsafe (S3 stores `a/../b` literally).
 */
export function partnerRelativeKey(partnerPrefix: string, objectKey: string): KeyResult {
  if (!objectKey.startsWith(partnerPrefix)) {
    return { ok: false, reason: `outside the partner's prefix "${partnerPrefix}"` };
  }
  const relative = objectKey.slice(partnerPrefix.length);
  const problem = relativeKeyProblem(relative);
  if (problem !== undefined) return { ok: false, reason: problem };
  return { ok: true, key: relative };
}

/** A zero-byte `…/` object: how consoles create an empty folder; nothing to copy. */
export function isFolderMarker(object: { key: string; size: number }): boolean {
  return object.key.endsWith('/') && object.size === 0;
}
