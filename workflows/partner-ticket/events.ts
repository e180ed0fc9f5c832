import { log, patched } from '@temporalio/workflow';
import { compareByOccurredAt, parseInstant } from '../../domain/instants';
import { impacts, type Impact } from '../../domain/sla/policy-terms';
import type { TicketEvent } from '../../domain/ticket-events';
import { decide, isTerminal, type TicketContext } from './context';
import { followCommentsSince, followPublicComment, recordStatusChange } from './conversation';
import { reclassify } from './intake';
import {
  endLifecycle,
  pauseNextReplyClocks,
  resumeNextReplyClocks,
  retargetClocks,
  satisfyClocks,
} from './sla-clocks';
import { onFileRequestEvent } from './file-requests';
import { onUploaderEvent } from './support-uploader';

const SEEN_EVENT_IDS_KEPT = 500;

/** The signal handler: webhooks arrive at least once and in any order; a redelivery changes nothing. */
export function receiveEvent(ctx: TicketContext, event: TicketEvent): void {
  const { state } = ctx;
  if (event.ticketId !== state.ticketId || state.seenEventIds.includes(event.eventId)) return;
  state.seenEventIds.push(event.eventId);
  if (state.seenEventIds.length > SEEN_EVENT_IDS_KEPT) state.seenEventIds.shift();
  state.eventsSeen += 1;
  state.pendingEvents.push(event);
}

/** Applies what arrived in the order it happened (parsed instants), not the order it was delivered. */
export async function processPendingEvents(ctx: TicketContext): Promise<void> {
  const { state } = ctx;
  state.pendingEvents.sort(compareByOccurredAt);
  while (state.pendingEvents.length > 0 && !isTerminal(state)) {
    const event = state.pendingEvents.shift() as TicketEvent;
    // Any activity on a solved ticket restarts its quiet period.
    if (state.solvedQuietSince !== undefined) state.solvedQuietSince = Date.now();
    await handleEvent(ctx, event);
  }
}

async function handleEvent(ctx: TicketContext, event: TicketEvent): Promise<void> {
  const { state } = ctx;
  const now = Date.now();
  const at = Math.min(parseInstant(event.occurredAt) ?? now, now);
  switch (event.type) {
    case 'comment.public':
      if (event.actor === 'end_user' && state.phase === 'awaiting_situation') {
        await reclassify(ctx, 'S6 situation answered');
      } else if (event.actor === 'agent' || event.actor === 'end_user') {
        followPublicComment(ctx, { by: event.actor, at });
      }
      return;
    case 'status.changed':
      applyStatus(ctx, event, at);
      return;
    case 'impact.changed':
      if (
        event.impact &&
        (impacts as readonly string[]).includes(event.impact) &&
        event.impact !== state.impact
      ) {
        state.impact = event.impact as Impact;
        decide(ctx, 'SLA', `Impact changed to ${state.impact}: clocks re-targeted`);
        retargetClocks(ctx, now);
      }
      return;
    case 'ticket.solved':
      applyStatus(ctx, { ...event, status: 'solved' }, at);
      return;
    case 'ticket.closed':
      applyStatus(ctx, { ...event, status: 'closed' }, at);
      return;
    // Patched: tickets already running ignored these event types.
    case 'ticket.deleted':
      if (!patched('zendesk-deletion-and-situation-events')) return;
      decide(
        ctx,
        'LIFECYCLE',
        `Ticket deleted in Zendesk (${event.deletion ?? 'deleted'}): the lifecycle ends`,
      );
      endLifecycle(ctx, 'deleted', at);
      return;
    case 'situation.changed':
      if (!patched('zendesk-deletion-and-situation-events')) return;
      // S6: the situation decides the entitlement; a new one re-classifies (and re-targets clocks).
      if (state.phase === 'awaiting_situation') await reclassify(ctx, 'S6 situation answered');
      else if (state.phase === 'open') await reclassify(ctx, 'S6 situation changed');
      return;
    // S5 (only for runs with the uploader's patch: onUploaderEvent checks).
    case 'tags.changed':
    case 'attachment.linked':
      onUploaderEvent(ctx, event);
      // A5: the tag asking for the partner's files (patched inside).
      if (!isTerminal(state)) await onFileRequestEvent(ctx, event);
      return;
    default:
      return;
  }
}

function applyStatus(ctx: TicketContext, event: TicketEvent, at: number): void {
  const { state } = ctx;
  const occurredAt = parseInstant(event.occurredAt);
  if (event.status) recordStatusChange(ctx, event.status, at);
  // An older status change delivered late must not undo a newer one.
  if (
    occurredAt !== undefined &&
    state.lastStatusChangeAt !== undefined &&
    occurredAt < state.lastStatusChangeAt
  ) {
    log.info('stale status change ignored', { eventId: event.eventId });
    // Yet the comments written after it were judged by the statuses then on record (a partner's
    // message after a reopening delivered late, e.g. by the reconciliation): judged again.
    if (patched('stale-status-comments-followed')) followCommentsSince(ctx, at);
    return;
  }
  if (occurredAt !== undefined) state.lastStatusChangeAt = occurredAt;
  state.ticketStatus = event.status;
  switch (event.status) {
    case 'pending':
    case 'hold':
      pauseNextReplyClocks(ctx, at);
      if (state.phase === 'solved') reopen(ctx, at);
      return;
    case 'new':
    case 'open':
      resumeNextReplyClocks(ctx, at);
      if (state.phase === 'solved') reopen(ctx, at);
      return;
    case 'solved':
      satisfyClocks(ctx, ['first_reply', 'next_reply'], at);
      if (state.phase !== 'awaiting_situation') {
        state.phase = 'solved';
        state.solvedQuietSince = Date.now();
      }
      return;
    case 'closed':
      endLifecycle(ctx, 'closed', at);
      return;
    default:
      return;
  }
}

/** Reopened at `at`: the partner's messages written since (delivered before the reopen) count now. */
function reopen(ctx: TicketContext, at: number): void {
  ctx.state.phase = 'open';
  ctx.state.solvedQuietSince = undefined;
  decide(ctx, 'LIFECYCLE', 'Ticket reopened');
  followCommentsSince(ctx, at);
}
