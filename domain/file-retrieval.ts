/**
 * A5 file retrieval rules: which listed objects are copied, which are left out and why, and the
 * one internal note that tells the agents. Pure: the workflow and its tests share them.
 */
import { isFolderMarker, partnerRelativeKey } from './support-files';

export const DEFAULT_MAX_OBJECTS = 1000;
/** 20 GiB: far above any support bundle, low enough that a mistaken prefix cannot fill the bucket. */
export const DEFAULT_MAX_BYTES = 20 * 1024 ** 3;

export interface RetrievalLimits {
  maxObjects: number;
  maxBytes: number;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
}

export interface SkippedObject {
  key: string;
  size: number;
  reason: string;
}

/** Readable workflow IDs: the n-th retrieval for a ticket. */
export function fileRetrievalWorkflowId(ticketId: number, n: number): string {
  return `file-retrieval-${ticketId}-${n}`;
}

/** What is being copied so far, so that the limits hold across pages. */
export interface Tally {
  objects: number;
  bytes: number;
}

/** One listed object: copy it, or the reason it is left out (limits counted in `tally`, updated). */
export function admitObject(
  object: ListedObject,
  partnerPrefix: string,
  limits: RetrievalLimits,
  tally: Tally,
): { copy: true } | { copy: false; reason: string } {
  if (isFolderMarker(object)) return { copy: false, reason: 'folder marker (empty, nothing to copy)' };
  const relative = partnerRelativeKey(partnerPrefix, object.key);
  if (!relative.ok) return { copy: false, reason: `refused: ${relative.reason}` };
  if (tally.objects >= limits.maxObjects)
    return { copy: false, reason: `over the limit of ${limits.maxObjects} objects` };
  if (tally.bytes + object.size > limits.maxBytes) {
    return { copy: false, reason: `over the limit of ${formatBytes(limits.maxBytes)}` };
  }
  tally.objects += 1;
  tally.bytes += object.size;
  return { copy: true };
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

export interface RetrievedFile {
  sourceKey: string;
  key: string;
  size: number;
  sha256: string;
  link: string;
  /** False when an earlier retrieval had copied it already. */
  copied: boolean;
  /** Bytes an earlier attempt had uploaded already (the copy resumed after its worker died). */
  resumedBytes?: number;
}

export interface RetrievalReport {
  bucket: string;
  prefix: string;
  files: RetrievedFile[];
  skipped: SkippedObject[];
  /** Left out beyond those in `skipped`, counted by reason (see recordSkip). */
  unlistedSkipped?: Record<string, number>;
  failed: Array<{ key: string; error: string }>;
  /** Listing stopped at the object limit: more objects may exist. */
  truncated: boolean;
  linkExpiryMinutes: number;
}

/** Left-out objects listed one by one in the note; the rest are counted by reason. */
export const MAX_SKIPPED_LISTED = 200;

/**
 * Left-out objects as a retrieval keeps them: the first MAX_SKIPPED_LISTED named, the rest counted
 * by reason, so that a prefix of 100,000 objects over the byte limit cannot swell the workflow's
 * state or its result.
 */
export interface SkipRecord {
  listed: SkippedObject[];
  unlisted: Record<string, number>;
}

export function recordSkip(record: SkipRecord, skipped: SkippedObject): void {
  if (record.listed.length < MAX_SKIPPED_LISTED) record.listed.push(skipped);
  else record.unlisted[skipped.reason] = (record.unlisted[skipped.reason] ?? 0) + 1;
}

/** The lines of a retrieval's note: every file, what was left out and why, what failed. */
export function retrievalNoteLines(report: RetrievalReport): string[] {
  const lines = [
    `Partner files retrieved from s3://${report.bucket}/${report.prefix} (A5): ${report.files.length} file(s), ${formatBytes(
      report.files.reduce((sum, f) => sum + f.size, 0),
    )}. Links expire after ${report.linkExpiryMinutes} minutes.`,
  ];
  for (const file of report.files) {
    lines.push(`- ${file.sourceKey} (${formatBytes(file.size)}, SHA-256 ${file.sha256}): ${file.link}`);
  }
  const unlisted = new Map<string, number>(Object.entries(report.unlistedSkipped ?? {}));
  for (const s of report.skipped.slice(MAX_SKIPPED_LISTED))
    unlisted.set(s.reason, (unlisted.get(s.reason) ?? 0) + 1);
  const listed = report.skipped.slice(0, MAX_SKIPPED_LISTED);
  const total = listed.length + [...unlisted.values()].reduce((sum, n) => sum + n, 0);
  if (total > 0) {
    lines.push('', `Left out (${total}):`);
    for (const s of listed) lines.push(`- ${s.key} (${formatBytes(s.size)}): ${s.reason}`);
    for (const [reason, count] of unlisted) lines.push(`- ${count} more object(s): ${reason}`);
  }
  if (report.truncated)
    lines.push('', 'Listing stopped at the object limit: the prefix may hold more objects.');
  if (report.failed.length > 0) {
    lines.push('', `Failed (${report.failed.length}):`);
    for (const f of report.failed) lines.push(`- ${f.key}: ${f.error}`);
  }
  return lines;
}

/** A retrieval's note as one text (see retrievalNotes for what fits a Zendesk comment). */
export function retrievalNote(report: RetrievalReport): string {
  return retrievalNoteLines(report).join('\n');
}

/** The note when nothing can be retrieved at all. */
export function refusalNote(reason: string): string {
  return `Partner file retrieval refused (A5): ${reason}. Nothing was copied.`;
}
