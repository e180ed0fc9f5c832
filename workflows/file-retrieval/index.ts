import { ActivityFailure, ApplicationFailure, patched, workflowInfo } from '@temporalio/workflow';
import {
  admitObject,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_OBJECTS,
  recordSkip,
  refusalNote,
  type ListedObject,
  type RetrievedFile,
  type SkipRecord,
  type Tally,
} from '../../domain/file-retrieval';
import { retrievalNoteKey, retrievalNotes } from '../../domain/retrieval-notes';
import { listingPrefix, normalizePartnerPrefix } from '../../domain/support-files';
import { cleanup, copiesWith, DEFAULT_COPY_HEARTBEAT_TIMEOUT_SECONDS, reads, tickets } from './activities';
import type { FileRetrievalInput, FileRetrievalResult } from './types';

export type { FileRetrievalInput, FileRetrievalResult } from './types';

/** Copies run a few at a time: fast enough, and gentle on the partner's bucket. */
const COPY_CONCURRENCY = 4;
const LINK_BATCH = 100;
const DEFAULT_LINK_EXPIRY_SECONDS = 15 * 60;

function messageOf(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause instanceof Error ? cause.message : String(cause);
}

const ticketClosedMeanwhile = (err: unknown): boolean =>
  err instanceof ActivityFailure &&
  err.cause instanceof ApplicationFailure &&
  err.cause.type === 'TicketClosed';

/**
 * A5: copies an Alliance partner's objects from the bucket/prefix on its Salesforce Account into
 * tickets/<ticketId>/partner-s3/ (workflow ID `file-retrieval-<ticketId>-<n>`), then writes ONE
 * internal note on the ticket: every file (key, size, SHA-256, a short-lived link), what was left
 * out and why, what failed. A partner without a bucket, or a prefix escaping its own, is refused
 * with a note. Copies are idempotent per object: a second retrieval copies nothing twice.
 */
export async function fileRetrieval(input: FileRetrievalInput): Promise<FileRetrievalResult> {
  const result: FileRetrievalResult = {
    state: 'completed',
    files: [],
    skipped: [],
    unlistedSkipped: {},
    failed: [],
    truncated: false,
    noteWritten: false,
  };
  const { workflowId } = workflowInfo();
  const note = async (body: string, index = 0): Promise<void> => {
    if (result.noteRefused !== undefined) return;
    const idempotencyKey = retrievalNoteKey(workflowId, index);
    try {
      await tickets.addInternalNote({ ticketId: input.ticketId, idempotencyKey, body });
      result.noteWritten = true;
    } catch (err) {
      // Closed meanwhile (Zendesk takes no note on a closed ticket): the files are copied all the
      // same, the result says where and why no note was written (runs before failed here).
      if (!ticketClosedMeanwhile(err) || !patched('a5-note-on-closed-ticket')) throw err;
      result.noteRefused = messageOf(err);
    }
  };
  // Zero would mean no heartbeat timeout at all: a dead worker's copy would wait for 2 hours.
  const heartbeatTimeout = input.copyHeartbeatTimeoutSeconds ?? 0;
  const copies = copiesWith(
    heartbeatTimeout >= 1 ? heartbeatTimeout : DEFAULT_COPY_HEARTBEAT_TIMEOUT_SECONDS,
  );
  const refuse = async (reason: string): Promise<FileRetrievalResult> => {
    result.state = 'refused';
    result.refusal = reason;
    await note(refusalNote(reason));
    return result;
  };

  // Without an Account named, the ticket's organization's (its external_id), as intake reads it.
  const accountId =
    input.accountId ??
    (await tickets.gatherIntakeFacts(input.ticketId)).facts.organization?.externalId ??
    null;
  if (!accountId) return refuse(`the ticket's organization has no Salesforce Account (external_id)`);
  const source = await reads.partnerFileSource({ accountId });
  if (!source) return refuse(`no Salesforce Account ${accountId}`);
  if (!source.bucket)
    return refuse(`${source.accountName} has no S3 bucket on its Salesforce Account (Alliance_S3_Bucket__c)`);
  const partnerPrefix = normalizePartnerPrefix(source.prefix);
  if (!partnerPrefix.ok) return refuse(`${source.accountName}'s configured ${partnerPrefix.reason}`);
  const prefix = listingPrefix(partnerPrefix.key, input.prefix);
  if (!prefix.ok)
    return refuse(
      `${prefix.reason}; it must lie within ${source.accountName}'s prefix "${partnerPrefix.key}"`,
    );
  result.bucket = source.bucket;
  result.prefix = prefix.key;

  const limits = {
    maxObjects: input.maxObjects ?? DEFAULT_MAX_OBJECTS,
    maxBytes: input.maxBytes ?? DEFAULT_MAX_BYTES,
  };
  const tally: Tally = { objects: 0, bytes: 0 };
  const copied = result.files;
  const skips: SkipRecord = { listed: result.skipped, unlisted: result.unlistedSkipped };
  let token: string | undefined;
  do {
    const page = await reads.listPartnerObjects({
      bucket: source.bucket,
      prefix: prefix.key,
      continuationToken: token,
    });
    const admitted: ListedObject[] = [];
    for (const object of page.objects) {
      const decision = admitObject(object, partnerPrefix.key, limits, tally);
      if (decision.copy) admitted.push(object);
      else recordSkip(skips, { key: object.key, size: object.size, reason: decision.reason });
    }
    for (let i = 0; i < admitted.length; i += COPY_CONCURRENCY) {
      const batch = admitted.slice(i, i + COPY_CONCURRENCY).map((object) => ({
        ticketId: input.ticketId,
        bucket: source.bucket as string,
        partnerPrefix: partnerPrefix.key,
        object,
      }));
      const outcomes = await Promise.allSettled(batch.map((copy) => copies.copyPartnerObject(copy)));
      for (const [j, outcome] of outcomes.entries()) {
        if (outcome.status === 'fulfilled') {
          copied.push(outcome.value);
          continue;
        }
        result.failed.push({ key: batch[j].object.key, error: messageOf(outcome.reason) });
        // Its retries spent: parts of an unfinished multipart upload would stay, invisible and billed.
        if (patched('a5-abandon-failed-copies')) {
          await cleanup.abandonPartnerCopy(batch[j]).catch(() => undefined);
        }
      }
    }
    token = page.nextContinuationToken;
    // At the object limit, the rest of a large prefix is not listed: the note says so.
    if (token && tally.objects >= limits.maxObjects) {
      result.truncated = true;
      token = undefined;
    }
  } while (token);

  const expiresInSeconds = input.linkExpirySeconds ?? DEFAULT_LINK_EXPIRY_SECONDS;
  const linked: RetrievedFile[] = [];
  for (let i = 0; i < copied.length; i += LINK_BATCH) {
    const batch = copied.slice(i, i + LINK_BATCH);
    const links = await reads.presignSupportFiles({ keys: batch.map((f) => f.key), expiresInSeconds });
    batch.forEach((file, j) => linked.push({ ...file, link: links[j] }));
  }
  // Within Zendesk's comment size: a large retrieval is written as several notes, each keyed.
  const notes = retrievalNotes({
    bucket: source.bucket,
    prefix: prefix.key,
    files: linked,
    skipped: result.skipped,
    unlistedSkipped: result.unlistedSkipped,
    failed: result.failed,
    truncated: result.truncated,
    linkExpiryMinutes: Math.round(expiresInSeconds / 60),
  });
  if (notes.length > 1 && patched('a5-note-parts')) {
    for (const [index, body] of notes.entries()) await note(body, index);
  } else {
    await note(notes.join('\n'));
  }
  return result;
}
