import { ActivityFailure, ApplicationFailure, condition, proxyActivities } from '@temporalio/workflow';
import type { FileRetentionActivities } from '../../activities/files/retention';
import type { LifecycleActivities } from '../../activities/lifecycle-contract';
import { parsePolicyDuration } from '../../domain/sla/duration';
import { DEFAULT_FILES_RETAINED_AFTER_CLOSE } from '../../domain/sla/policy';
import { decide, type TicketContext } from './context';
import { filesDeletedNote } from './messages';
import type { PartnerTicketState } from './types';

const DAY_MS = 24 * 3_600_000;

/** Deleting a ticket's files takes a few S3 calls per thousand files; retried until S3 answers. */
const retention = proxyActivities<FileRetentionActivities & Pick<LifecycleActivities, 'addInternalNote'>>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** The ticket may have files in the support bucket: it asked for a partner's files or took uploads. */
export function mayHoldFiles(state: PartnerTicketState): boolean {
  return (state.fileRetrievals ?? 0) > 0;
}

/** The retention period of the ticket's policy (policies loaded before it existed: the default). */
function retentionMs(ctx: TicketContext): number {
  return ctx.policy?.filesRetainedAfterCloseMs ?? parsePolicyDuration(DEFAULT_FILES_RETAINED_AFTER_CLOSE);
}

/** A solved ticket's run that woke up while it kept its files: a reopening event, a STAR, a re-check. */
const hasWork = (state: PartnerTicketState): boolean =>
  state.pendingEvents.length > 0 || state.starActions.length > 0 || state.contactRecheckRequested;

const failureType = (err: unknown): string | undefined => {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
};

/**
 * Files outlive the lifecycle by the retention period: a closed (or deleted) ticket's run waits
 * that long after the close, a solved one's counts from the solve. While it waits, a solved
 * ticket that hears from anyone is `woken` (the caller continues the lifecycle: a reopen keeps
 * the files, and the next solve starts the period again); otherwise its files are deleted and the
 * deletion is noted on the ticket (Zendesk takes no note on a closed ticket: the decision records it).
 */
export async function retainFilesThenDelete(ctx: TicketContext): Promise<'none' | 'woken' | 'deleted'> {
  const { state } = ctx;
  if (!mayHoldFiles(state) || state.filesDeletedAt !== undefined) return 'none';
  const period = retentionMs(ctx);
  const days = Math.round(period / DAY_MS);
  const closed = state.phase === 'closed' || state.phase === 'deleted';
  const dueAt = (closed ? Date.now() : (state.solvedQuietSince ?? Date.now())) + period;
  const due = new Date(dueAt).toISOString().slice(0, 16).replace('T', ' ');
  decide(
    ctx,
    'RETENTION',
    `The ticket's files are kept until ${due} UTC (${days} days after it ${closed ? 'closed' : 'was solved'})`,
  );
  const woken = await condition(() => !closed && hasWork(state), Math.max(1, dueAt - Date.now()), {
    summary: `files retained until ${due} UTC`,
  });
  if (woken) return 'woken';

  let deleted;
  try {
    deleted = await retention.deleteTicketFiles({ ticketId: state.ticketId });
  } catch (err) {
    // Only a refusal no retry fixes lands here (e.g. access denied): recorded, the run ends.
    decide(ctx, 'RETENTION', `The ticket's files could not be deleted: ${failureType(err) ?? 'error'}`);
    return 'deleted';
  }
  state.filesDeletedAt = Date.now();
  const note = filesDeletedNote(deleted, days);
  decide(ctx, 'RETENTION', note);
  if (state.phase !== 'solved') return 'deleted';
  try {
    await retention.addInternalNote({
      ticketId: state.ticketId,
      idempotencyKey: `retention-files-deleted-${state.ticketId}`,
      body: note,
    });
  } catch (err) {
    decide(ctx, 'RETENTION', `The deletion note was not written: ${failureType(err) ?? 'error'}`);
  }
  return 'deleted';
}
