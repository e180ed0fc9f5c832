import { condition, patched, setHandler } from '@temporalio/workflow';
import {
  isLargeAttachment,
  shouldIssueUploader,
  uploaderCommentKey,
  UPLOADER_REQUEST_TAG,
  type UploaderTrigger,
} from '../../domain/support-uploader';
import { formatBytes } from '../../domain/file-retrieval';
import type { TicketEvent } from '../../domain/ticket-events';
import { requestUploaderSignal, uploadFinishedSignal } from '../definitions';
import { decide, enqueueEffect, isTerminal, type TicketContext } from './context';
import { failureMessage, uploaderReads } from './uploader-activities';
import { listUploads, PENDING_KEYS_KEPT, recordUpload, UPLOAD_LISTING_EVERY_MS } from './uploader-uploads';
import {
  uploaderClosedDecision,
  uploaderComment,
  uploaderIssuedDecision,
  uploaderNotIssuedDecision,
} from './uploader-messages';

export { UPLOAD_LISTING_EVERY_MS };

/** Runs started before this change do not react to uploader triggers (no signal handlers, no loop). */
export const UPLOADER_PATCH = 's5-support-uploader';

/**
 * S5: the Support Uploader's part of the ticket workflow. Signals only change the state; a loop
 * of its own beside the event loop issues links, records finished uploads and lists the bucket
 * on a durable timer, so neither S3 nor Zendesk holds up a clock. Returns the loop, or undefined
 * for a run started before the patch.
 */
export function registerSupportUploader(
  ctx: TicketContext,
  finished: () => boolean,
): Promise<void> | undefined {
  if (!patched(UPLOADER_PATCH)) return undefined;
  ctx.uploaderEnabled = true;
  const { state } = ctx;
  setHandler(requestUploaderSignal, (request) => {
    const by =
      typeof request?.requestedBy === 'string' && request.requestedBy.trim()
        ? request.requestedBy.trim()
        : 'an agent';
    state.uploaderRequests.push({ kind: 'requested', by: by.slice(0, 320) });
  });
  setHandler(uploadFinishedSignal, (report) => {
    const key = report?.key;
    if (typeof key !== 'string' || state.pendingUploadKeys.includes(key)) return;
    if (state.pendingUploadKeys.length < PENDING_KEYS_KEPT) state.pendingUploadKeys.push(key);
  });
  return runUploader(ctx, finished);
}

/** Ticket events that concern the uploader (called by the event loop): the tag, a large attachment. */
export function onUploaderEvent(ctx: TicketContext, event: TicketEvent): void {
  if (!ctx.uploaderEnabled) return;
  if (event.type === 'tags.changed' && event.tagsAdded?.includes(UPLOADER_REQUEST_TAG))
    ctx.state.uploaderRequests.push({ kind: 'tag' });
  if (event.type === 'attachment.linked' && event.attachmentId !== undefined)
    ctx.state.uploaderRequests.push({
      kind: 'attachment',
      attachmentId: event.attachmentId,
      fileName: event.fileName,
    });
}

/** When the backstop lists next: every 15 minutes while open, once more at the expiry, then never. */
const listingDueAt = (ctx: TicketContext): number | undefined => {
  const uploader = ctx.state.uploader;
  if (!uploader?.nextListingAt) return undefined;
  return Math.min(uploader.nextListingAt, uploader.expiresAt);
};

async function runUploader(ctx: TicketContext, finished: () => boolean): Promise<void> {
  const { state } = ctx;
  const stopping = (): boolean => finished() || isTerminal(state);
  const hasWork = (): boolean => state.uploaderRequests.length > 0 || state.pendingUploadKeys.length > 0;
  for (;;) {
    const dueAt = listingDueAt(ctx);
    const ready = (): boolean => stopping() || ctx.holdEffects || hasWork() || listingDueAt(ctx) !== dueAt;
    if (dueAt === undefined) await condition(ready);
    else
      await condition(ready, Math.max(1, dueAt - Date.now()), {
        summary: 'S5 backstop: list the ticket uploads',
      });
    if (stopping()) return closeUploader(ctx);
    // About to continue as new: the queue goes over with the state.
    if (ctx.holdEffects) {
      await condition(() => stopping() || !ctx.holdEffects);
      continue;
    }
    ctx.effectsInFlight += 1;
    try {
      while (state.uploaderRequests.length > 0 && !stopping()) await issueIfDue(ctx);
      while (state.pendingUploadKeys.length > 0 && !stopping()) await recordUpload(ctx);
      const due = listingDueAt(ctx);
      if (due !== undefined && Date.now() >= due && !stopping()) await listUploads(ctx);
    } finally {
      ctx.effectsInFlight -= 1;
    }
  }
}

async function issueIfDue(ctx: TicketContext): Promise<void> {
  const { state } = ctx;
  const request = state.uploaderRequests.shift();
  if (!request) return;
  const facts = () => ({
    uploader: state.uploader,
    autoIssued: state.uploaderAutoIssued === true,
    now: Date.now(),
  });
  let trigger: UploaderTrigger;
  if (request.kind === 'attachment') {
    // Read the size only when the 20 MB rule could still issue one.
    const probe: UploaderTrigger = { kind: 'large_attachment', fileName: '', sizeBytes: 0 };
    if (!shouldIssueUploader(probe, facts())) return;
    try {
      const attachment = await uploaderReads.zendeskAttachment({ attachmentId: request.attachmentId });
      if (!attachment || !isLargeAttachment(attachment.size)) return;
      trigger = {
        kind: 'large_attachment',
        fileName: attachment.fileName || request.fileName || '',
        sizeBytes: attachment.size,
      };
    } catch (err) {
      decide(
        ctx,
        'S5',
        uploaderNotIssuedDecision(
          `attachment ${request.attachmentId} could not be read (${failureMessage(err)})`,
        ),
      );
      return;
    }
  } else trigger = request;
  if (!shouldIssueUploader(trigger, facts())) return;

  const sequence = (state.uploader?.sequence ?? 0) + 1;
  const issuedAt = Date.now();
  let link;
  try {
    link = await uploaderReads.issueUploaderLink({ ticketId: state.ticketId, sequence, issuedAt });
  } catch (err) {
    decide(ctx, 'S5', uploaderNotIssuedDecision(failureMessage(err)));
    return;
  }
  state.uploader = { sequence, expiresAt: link.expiresAt, nextListingAt: issuedAt + UPLOAD_LISTING_EVERY_MS };
  // Files may come again after an earlier retention deleted them: retention counts anew.
  state.filesDeletedAt = undefined;
  if (trigger.kind === 'large_attachment') state.uploaderAutoIssued = true;
  decide(ctx, 'S5', uploaderIssuedDecision(trigger, sequence, link.expiresAt));
  enqueueEffect(ctx, {
    kind: 'publicComment',
    key: uploaderCommentKey(sequence),
    body: uploaderComment(link.url, link.expiresAt, formatBytes(link.maxBytes), trigger),
  });
  // The tag asked once: taken off, so that adding it again asks again.
  if (trigger.kind === 'tag' && state.tags.includes(UPLOADER_REQUEST_TAG)) {
    state.tags = state.tags.filter((tag) => tag !== UPLOADER_REQUEST_TAG);
  }
  if (trigger.kind === 'tag') enqueueEffect(ctx, { kind: 'removeTags', tags: [UPLOADER_REQUEST_TAG] });
}

/** The ticket closed (or was deleted): its uploader's link stops working now. */
function closeUploader(ctx: TicketContext): void {
  const { state } = ctx;
  const uploader = state.uploader;
  if (!isTerminal(state) || !uploader) return;
  const now = Date.now();
  uploader.nextListingAt = undefined;
  if (uploader.expiresAt > now) {
    uploader.expiresAt = now;
    decide(ctx, 'S5', uploaderClosedDecision(uploader.sequence));
  }
}
