import { alreadyRecorded, uploaderOpen, uploadNoteKey } from '../../domain/support-uploader';
import { decide, enqueueEffect, type TicketContext } from './context';
import { failureMessage, uploaderReads, uploadHashing } from './uploader-activities';
import { uploadNote, uploadNotRecordedDecision, uploadRecordedDecision } from './uploader-messages';
import type { SupportUpload } from './uploader-types';

/** S5: uploads reported and recorded (the page's callback, the backstop listing). */

/** At most this many keys wait to be described (a bound on the state carried). */
export const PENDING_KEYS_KEPT = 1000;

/** The backstop: the ticket's uploads are listed this often while its uploader is open. */
export const UPLOAD_LISTING_EVERY_MS = 15 * 60 * 1000;

/** A reported upload: described (size, SHA-256, link) and noted once per key and content. */
export async function recordUpload(ctx: TicketContext): Promise<void> {
  const { state } = ctx;
  const key = state.pendingUploadKeys[0];
  let described;
  try {
    described = await uploadHashing.describeSupportUpload({ ticketId: state.ticketId, key });
  } catch (err) {
    // Not lost: if the object is there, the next listing reports it again.
    decide(ctx, 'S5', uploadNotRecordedDecision(key, failureMessage(err)));
    described = null;
  }
  state.pendingUploadKeys = state.pendingUploadKeys.filter((pending) => pending !== key);
  if (!described || alreadyRecorded(state.uploads, described)) return;
  const upload: SupportUpload = {
    key: described.key,
    name: described.name,
    size: described.size,
    sha256: described.sha256,
    etag: described.etag,
    at: Date.now(),
  };
  state.uploads.push(upload);
  state.filesDeletedAt = undefined;
  decide(ctx, 'S5', uploadRecordedDecision(upload));
  enqueueEffect(ctx, {
    kind: 'internalNote',
    key: uploadNoteKey(described.keyDigest, described.etag),
    body: uploadNote(upload, described.link, described.linkExpiresAt),
  });
}

/** The backstop: every object under the ticket's uploads prefix not yet recorded is reported. */
export async function listUploads(ctx: TicketContext): Promise<void> {
  const { state } = ctx;
  const now = Date.now();
  let continuationToken: string | undefined;
  try {
    do {
      const page = await uploaderReads.listSupportUploads({ ticketId: state.ticketId, continuationToken });
      for (const object of page.objects) {
        if (alreadyRecorded(state.uploads, object) || state.pendingUploadKeys.includes(object.key)) continue;
        if (state.pendingUploadKeys.length < PENDING_KEYS_KEPT) state.pendingUploadKeys.push(object.key);
      }
      continuationToken = page.nextContinuationToken;
    } while (continuationToken);
  } catch (err) {
    decide(ctx, 'S5', `Backstop listing of the ticket's uploads failed: ${failureMessage(err)}`);
  }
  const uploader = state.uploader;
  if (!uploader) return;
  // The listing at (or after) the expiry is the last one.
  uploader.nextListingAt = uploaderOpen(uploader, now) ? now + UPLOAD_LISTING_EVERY_MS : undefined;
}
