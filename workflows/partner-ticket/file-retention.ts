import { proxyActivities, sleep } from '@temporalio/workflow';
import type { FileRetentionActivities } from '../../activities/files/retention';
import { parsePolicyDuration } from '../../domain/sla/duration';
import { DEFAULT_FILES_RETAINED_AFTER_CLOSE } from '../../domain/sla/policy-terms';
import { decide, enqueueEffect, isTerminal, type TicketContext } from './context';
import { failureOf } from './effects';
import { filesDeletedNote } from './messages';
import type { PartnerTicketState } from './types';

const DAY_MS = 24 * 3_600_000;

/** Deleting a ticket's files takes a few S3 calls per thousand files; retried until S3 answers. */
const retention = proxyActivities<FileRetentionActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** The ticket may have files in the support bucket: it asked for a partner's files or issued an uploader. */
function mayHoldFiles(state: PartnerTicketState): boolean {
  return (state.fileRetrievals ?? 0) > 0 || state.uploader !== undefined || (state.uploads ?? []).length > 0;
}

/** Files the ticket may hold and has not deleted yet. */
export const filesAwaitDeletion = (state: PartnerTicketState): boolean =>
  mayHoldFiles(state) && state.filesDeletedAt === undefined;

/** The retention period of the ticket's policy (a policy loaded before it existed: the default). */
function retentionMs(ctx: TicketContext): number {
  return ctx.policy?.filesRetainedAfterCloseMs ?? parsePolicyDuration(DEFAULT_FILES_RETAINED_AFTER_CLOSE);
}

/**
 * When a solved ticket's files go: the retention period after the solve. A reopen moves the
 * ticket out of `solved` (no instant: the files stay); the next solve starts the period again.
 */
export function filesDueAt(ctx: TicketContext): number | undefined {
  const { state } = ctx;
  if (!ctx.backgroundEffects || state.phase !== 'solved' || state.solvedQuietSince === undefined)
    return undefined;
  return filesAwaitDeletion(state) ? state.solvedQuietSince + retentionMs(ctx) : undefined;
}

export const filesDue = (ctx: TicketContext): boolean => {
  const at = filesDueAt(ctx);
  return at !== undefined && Date.now() >= at;
};

/**
 * Deletes the ticket's files (uploads and partner copies) and records it; on a ticket Zendesk
 * still takes notes on (solved), the deletion is noted there too. A refusal no retry fixes (e.g.
 * access denied) is recorded and not tried again: a person deletes what is left.
 */
export async function deleteTicketFiles(ctx: TicketContext): Promise<void> {
  const { state } = ctx;
  const days = Math.round(retentionMs(ctx) / DAY_MS);
  try {
    const deleted = await retention.deleteTicketFiles({ ticketId: state.ticketId });
    const note = filesDeletedNote(deleted, days);
    decide(ctx, 'RETENTION', note);
    if (!isTerminal(state))
      enqueueEffect(ctx, {
        kind: 'internalNote',
        key: `retention-files-deleted-${state.ticketId}`,
        body: note,
      });
  } catch (err) {
    decide(
      ctx,
      'RETENTION',
      `The ticket's files could not be deleted (${failureOf(err).type}): delete tickets/${state.ticketId}/ by hand`,
    );
  }
  state.filesDeletedAt = Date.now();
}

/**
 * A closed (or deleted) ticket's files outlive its lifecycle by the retention period: its run
 * waits that long after the close (a closed ticket is never reopened in Zendesk), then deletes them.
 */
export async function retainFilesAfterClose(ctx: TicketContext): Promise<void> {
  const { state } = ctx;
  if (!isTerminal(state) || !filesAwaitDeletion(state)) return;
  const period = retentionMs(ctx);
  const dueAt = Date.now() + period;
  const due = new Date(dueAt).toISOString().slice(0, 16).replace('T', ' ');
  decide(
    ctx,
    'RETENTION',
    `The ticket's files are kept until ${due} UTC (${Math.round(period / DAY_MS)} days after it closed)`,
  );
  await sleep(period, { summary: `ticket files deleted (retention), due ${due} UTC` });
  await deleteTicketFiles(ctx);
}
