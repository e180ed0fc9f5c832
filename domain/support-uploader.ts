import { supportFileKey } from './support-files';

/**
 * S5 rules: standard ticket uploads are at most 20 MB; larger files go through the Support
 * Uploader, a per-ticket page that uploads straight to `tickets/<id>/uploads/` in the support bucket.
 */

/** S5: the largest standard ticket attachment (20 MB, as Zendesk counts: MiB). */
export const STANDARD_ATTACHMENT_LIMIT_BYTES = 20 * 1024 * 1024;

/** The ticket tag with which an agent asks for an uploader. */
export { UPLOADER_REQUEST_TAG } from './request-tags';

export const isLargeAttachment = (sizeBytes: number): boolean => sizeBytes > STANDARD_ATTACHMENT_LIMIT_BYTES;

/** `tickets/<id>/uploads/`: every uploaded key starts with it (the POST policy's starts-with). */
export function uploadsPrefix(ticketId: number): string {
  const probe = supportFileKey(ticketId, 'uploads', 'x');
  if (!probe.ok) throw new Error(probe.reason);
  return probe.key.slice(0, -1);
}

/** Why a key reported as uploaded is not one of this ticket's uploads; undefined when it is. */
export function uploadKeyProblem(ticketId: number, key: string): string | undefined {
  const prefix = uploadsPrefix(ticketId);
  if (!key.startsWith(prefix)) return `not under ${prefix}`;
  const built = supportFileKey(ticketId, 'uploads', key.slice(prefix.length));
  return built.ok ? undefined : built.reason;
}

export interface UploaderWindow {
  sequence: number;
  expiresAt: number;
}

/** Whether the ticket's current uploader still accepts files at `now`. */
export const uploaderOpen = (uploader: UploaderWindow | undefined, now: number): boolean =>
  uploader !== undefined && now < uploader.expiresAt;

export interface RecordedUpload {
  key: string;
  etag: string;
}

/** The same object (key and content) reported again, by the page, a retry or the listing: nothing new. */
export const alreadyRecorded = (uploads: RecordedUpload[], object: RecordedUpload): boolean =>
  uploads.some((u) => u.key === object.key && u.etag === object.etag);

/** The idempotency key of an upload's internal note: one note per key and content. */
export const uploadNoteKey = (keyDigest: string, etag: string): string => `s5-upload-${keyDigest}-${etag}`;

/** The idempotency key of the public comment carrying uploader `sequence`'s link. */
export const uploaderCommentKey = (sequence: number): string => `s5-uploader-${sequence}`;

/** What made the workflow issue an uploader, for its decision and comment. */
export type UploaderTrigger =
  | { kind: 'requested'; by: string }
  | { kind: 'tag' }
  | { kind: 'large_attachment'; fileName: string; sizeBytes: number };

/**
 * S5: whether a trigger issues a new uploader. A request (signal, API, CLI, tag) always does,
 * so that an agent can replace an expired link; the 20 MB rule issues one by itself only once
 * per ticket, and not while one is open.
 */
export function shouldIssueUploader(
  trigger: UploaderTrigger,
  facts: { uploader?: UploaderWindow; autoIssued: boolean; now: number },
): boolean {
  if (trigger.kind !== 'large_attachment') return true;
  return !facts.autoIssued && !uploaderOpen(facts.uploader, facts.now);
}
