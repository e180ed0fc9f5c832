/**
 * A5's note within what Zendesk accepts for one comment. Zendesk limits a comment's size, not a
 * number of lines: about 64 KB, "roughly ~65,000 characters depending on encoding/markup"
 * (Zendesk's developer support, support.zendesk.com community post 4719863289498). A plain-text
 * body is stored with its HTML rendering, where every link becomes an anchor that repeats the
 * URL, so a note is kept to half of that. A retrieval of 1,000 files (each with a presigned link
 * of several hundred characters) is written as several notes, each saying which part it is.
 * Pure: the workflow and its tests share it.
 */
import { retrievalNoteLines, type RetrievalReport } from './file-retrieval';

/** Zendesk's limit on one comment body (64 KB). */
export const ZENDESK_COMMENT_LIMIT_BYTES = 64 * 1024;
/** What one note may use: half the limit, leaving room for the HTML Zendesk renders from it. */
export const NOTE_BUDGET_BYTES = ZENDESK_COMMENT_LIMIT_BYTES / 2;

/** UTF-8 length without Buffer or TextEncoder (workflow code runs this). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** A line cut to `maxBytes` (a failure message or key can be long; a note never is). */
function clip(line: string, maxBytes: number): string {
  if (utf8Length(line) <= maxBytes) return line;
  let out = '';
  let bytes = 0;
  for (const char of line) {
    bytes += utf8Length(char);
    if (bytes > maxBytes - 3) break;
    out += char;
  }
  return `${out}...`;
}

const continuation = (report: RetrievalReport, index: number, count: number): string =>
  `Partner files retrieved from s3://${report.bucket}/${report.prefix} (A5), continued: note ${index} of ${count}.`;

/**
 * The retrieval's note as one or more comment bodies, each at most `budgetBytes` of UTF-8, lines
 * kept whole and in order. Several notes: the first says how many there are, each next one
 * starts by saying which it is.
 */
export function retrievalNotes(report: RetrievalReport, budgetBytes = NOTE_BUDGET_BYTES): string[] {
  const [header, ...lines] = retrievalNoteLines(report);
  const whole = [header, ...lines].join('\n');
  if (utf8Length(whole) <= budgetBytes) return [whole];
  // Room for the longest header a part can get (up to 9,999 notes), then lines as they fit.
  const reserve =
    Math.max(utf8Length(`${header} Listed in 9999 notes.`), utf8Length(continuation(report, 9999, 9999))) + 1;
  const room = budgetBytes - reserve;
  const parts: string[][] = [[]];
  let used = 0;
  for (const raw of lines) {
    const line = clip(raw, Math.floor(room / 4));
    const size = utf8Length(line) + 1;
    let current = parts[parts.length - 1];
    if (used + size > room && current.length > 0) {
      current = [];
      parts.push(current);
      used = 0;
    }
    // A section's blank separator does not open a note.
    if (current.length === 0 && line === '') continue;
    current.push(line);
    used += size;
  }
  const count = parts.length;
  return parts.map((part, i) =>
    [i === 0 ? `${header} Listed in ${count} notes.` : continuation(report, i + 1, count), ...part].join(
      '\n',
    ),
  );
}

/**
 * Each note's idempotency key: the first keeps the retrieval's own (`a5-<workflow ID>`), the
 * next ones add their number, so that a retried activity writes each note once.
 */
export function retrievalNoteKey(workflowId: string, index: number): string {
  return index === 0 ? `a5-${workflowId}` : `a5-${workflowId}-note-${index + 1}`;
}
