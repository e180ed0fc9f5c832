import { patched } from '@temporalio/workflow';
import type { TicketContext } from './context';
import { satisfyClocks, startReplyClock, unmetClockIndexes } from './sla-clocks';
import type { PublicComment } from './types';

/**
 * The reply clocks follow the ticket's public conversation in the order it was written, while
 * Zendesk delivers its webhooks in any order. The recent comments are kept (bounded) so that one
 * delivered after later ones is put in its place: the later comments are followed again from it.
 */
const COMMENTS_KEPT = 50;

const STATUS_CHANGES_KEPT = 50;

/** Puts `item` in its place among `list` (ordered by instant), keeping the most recent `kept`. */
function insertInOrder<T extends { at: number }>(list: T[], item: T, kept: number): void {
  const later = list.filter((other) => other.at > item.at).length;
  list.splice(list.length - later, 0, item);
  if (list.length > kept) list.shift();
}

/** The first solve on record after `at` (delivered in any order). */
const solveAfter = (ctx: TicketContext, at: number) =>
  ctx.state.statusChanges?.find((c) => c.at > at && c.status === 'solved');

/** A status change as it happened (delivered in any order), for `solvedAt`. */
export function recordStatusChange(ctx: TicketContext, status: string, at: number): void {
  insertInOrder((ctx.state.statusChanges ??= []), { status, at }, STATUS_CHANGES_KEPT);
}

/** Whether the ticket was solved or closed at `at`, by the status changes made before it. */
const solvedAt = (ctx: TicketContext, at: number): boolean => {
  const before = (ctx.state.statusChanges ?? []).filter((c) => c.at <= at).at(-1);
  return before?.status === 'solved' || before?.status === 'closed';
};

/**
 * A reply clock was waiting for the agent at `at` (started by then, not met by then): the
 * partner's message then starts no clock of its own. Judged at the message's instant
 * (`patched('reply-clocks-at-comment-time')`; before, by the clocks unmet at delivery): a message
 * followed again after a late first reply is not held back by the clock a later message started.
 */
function replyClockRunningAt(ctx: TicketContext, at: number): boolean {
  const replyClocks = ctx.state.clocks.filter((c) => c.kind === 'first_reply' || c.kind === 'next_reply');
  const atDelivery = unmetClockIndexes(ctx.state, ['first_reply', 'next_reply']).length > 0;
  const atInstant = replyClocks.some((c) => c.startedAt <= at && (c.metAt === undefined || c.metAt > at));
  if (atDelivery === atInstant) return atDelivery;
  return patched('reply-clocks-at-comment-time') ? atInstant : atDelivery;
}

/**
 * The partner wrote on an open ticket whose reply clocks are all met: a next-reply clock starts.
 * Open at the message's instant: a message delivered after the solve that followed it counts
 * (`patched('status-at-comment-time')`; before, the ticket's phase at delivery decided).
 */
function startsNextReply(ctx: TicketContext, at: number): boolean {
  const { state } = ctx;
  if (state.clocks.length === 0 || replyClockRunningAt(ctx, at)) return false;
  const atDelivery = state.phase === 'open';
  // Solved now, open then: only when the solve on record came after the message.
  const solvedSince = solveAfter(ctx, at) !== undefined;
  const atInstant =
    (state.phase === 'open' || (state.phase === 'solved' && solvedSince)) && !solvedAt(ctx, at);
  if (atDelivery === atInstant) return atDelivery;
  return patched('status-at-comment-time') ? atInstant : atDelivery;
}

function follow(ctx: TicketContext, comment: PublicComment): void {
  if (comment.by === 'agent') {
    satisfyClocks(ctx, ['first_reply', 'next_reply'], comment.at);
    return;
  }
  // Followed again after a late comment: the clock this message started is not started twice.
  const started = ctx.state.clocks.some((c) => c.kind === 'next_reply' && c.startedAt === comment.at);
  if (started || !startsNextReply(ctx, comment.at)) return;
  startReplyClock(ctx, 'next_reply', comment.at);
  // A solve already applied that came after the message meets its clock, as it would have.
  const solve = solveAfter(ctx, comment.at);
  if (solve && ctx.state.phase === 'solved') satisfyClocks(ctx, ['next_reply'], solve.at);
}

/**
 * A public comment by an agent (meets the reply clocks) or the partner (starts a next-reply
 * clock). Comments written after it and already followed are followed again, in order.
 */
export function followPublicComment(ctx: TicketContext, comment: PublicComment): void {
  insertInOrder((ctx.state.comments ??= []), comment, COMMENTS_KEPT);
  follow(ctx, comment);
  followCommentsSince(ctx, comment.at);
}

/**
 * Follows again, in order, the comments written after `at` and already delivered: after a comment
 * or a reopening that happened before them but arrived after them.
 */
export function followCommentsSince(ctx: TicketContext, at: number): void {
  const later = (ctx.state.comments ?? []).filter((c) => c.at > at);
  if (later.length === 0 || !patched('late-comments-followed')) return;
  for (const comment of later) follow(ctx, comment);
}
