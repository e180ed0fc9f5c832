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

/** The partner wrote on an open ticket whose reply clocks are all met: a next-reply clock starts. */
function startsNextReply(ctx: TicketContext): boolean {
  const { state } = ctx;
  return (
    state.phase === 'open' &&
    state.clocks.length > 0 &&
    unmetClockIndexes(state, ['first_reply', 'next_reply']).length === 0
  );
}

function follow(ctx: TicketContext, comment: PublicComment): void {
  if (comment.by === 'agent') {
    satisfyClocks(ctx, ['first_reply', 'next_reply'], comment.at);
    return;
  }
  // Followed again after a late comment: the clock this message started is not started twice.
  const started = ctx.state.clocks.some((c) => c.kind === 'next_reply' && c.startedAt === comment.at);
  if (!started && startsNextReply(ctx)) startReplyClock(ctx, 'next_reply', comment.at);
}

/**
 * A public comment by an agent (meets the reply clocks) or the partner (starts a next-reply
 * clock). Comments written after it and already followed are followed again, in order.
 */
export function followPublicComment(ctx: TicketContext, comment: PublicComment): void {
  const comments = (ctx.state.comments ??= []);
  const later = comments.filter((c) => c.at > comment.at).length;
  comments.splice(comments.length - later, 0, comment);
  if (comments.length > COMMENTS_KEPT) comments.shift();
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
