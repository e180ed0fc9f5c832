import { condition } from '@temporalio/workflow';
import { nextClockInstant } from '../../domain/sla/clock';
import { isTerminal, type TicketContext } from './context';
import { filesAwaitDeletion, filesDue, filesDueAt } from './file-retention';
import { advanceClocks } from './sla-clocks';
import { breachStarDueAt, checkBreachStar, checkStarLapse, performStarActions } from './star';
import type { PartnerTicketState } from './types';

const contactUnverified = (state: PartnerTicketState): boolean =>
  state.contactStatus === 'missing' || state.contactStatus === 'wrong_account';

/**
 * When a solved, quiet ticket's run ends (the policy's period), if it is solved; a ticket holding
 * files ends once they are deleted (the retention period after the solve), not before.
 */
export function dormantAt(ctx: TicketContext): number | undefined {
  const { state } = ctx;
  if (state.phase !== 'solved' || state.solvedQuietSince === undefined || !ctx.policy) return undefined;
  const quietEnough = state.solvedQuietSince + ctx.policy.solvedTicketEndsAfterMs;
  const files = filesDueAt(ctx);
  return files === undefined ? quietEnough : Math.max(quietEnough, files);
}

/** A solved ticket quiet for the policy's period: its run ends (a reopen starts the next one). */
export function isDormant(ctx: TicketContext): boolean {
  const at = dormantAt(ctx);
  return (
    ctx.backgroundEffects &&
    at !== undefined &&
    Date.now() >= at &&
    ctx.state.pendingEvents.length === 0 &&
    !filesAwaitDeletion(ctx.state)
  );
}

export interface WakeUp {
  at: number;
  /** What is due then, for the timer's summary in the Temporal UI. */
  what: string;
}

const clockLabel = { first_reply: 'first reply', next_reply: 'next reply' } as const;

/** Everything the ticket waits for without being asked: clocks, STAR, S2 re-check, dormancy. */
function wakeUps(ctx: TicketContext): WakeUp[] {
  const { state } = ctx;
  const level = `${state.supportLevel ?? 'none'}/${state.impact}`;
  const candidates: Array<{ at: number | undefined; what: string }> = [
    ...state.clocks.map((clock) => {
      const at = nextClockInstant(clock);
      const kind = at !== undefined && at === clock.deadline ? 'breach' : 'warning';
      return { at, what: `${clockLabel[clock.kind]} ${kind}, ${level}` };
    }),
    { at: breachStarDueAt(state), what: 'STAR for a first-response breach' },
    {
      at: state.star?.status === 'raised' ? state.star.acknowledgeBy : undefined,
      what: `STAR acknowledgement (${state.star?.urgency ?? ''})`,
    },
    {
      at:
        contactUnverified(state) && !(ctx.backgroundEffects && state.contactRecheckRequested)
          ? state.nextContactCheckAt
          : undefined,
      what: 'S2 contact re-check',
    },
    // Once due, the event loop ends the run (or deletes the files first): no timer for an instant already past.
    {
      at: ctx.backgroundEffects && !isDormant(ctx) && !filesDue(ctx) ? dormantAt(ctx) : undefined,
      what: 'solved ticket goes dormant',
    },
    { at: filesDue(ctx) ? undefined : filesDueAt(ctx), what: "ticket's files deleted (retention)" },
  ];
  return candidates.filter((c): c is WakeUp => c.at !== undefined);
}

/** The next instant the ticket needs attention without being asked, and what is due then. */
export function nextWakeUpOf(ctx: TicketContext): WakeUp | undefined {
  let next: WakeUp | undefined;
  for (const wake of wakeUps(ctx)) if (!next || wake.at < next.at) next = wake;
  return next;
}

export const nextWakeUp = (ctx: TicketContext): number | undefined => nextWakeUpOf(ctx)?.at;

/** Everything that happens because time passed; synchronous, so it never waits for a side effect. */
export function actOnTime(ctx: TicketContext, now: number, publish: () => void): void {
  const { state } = ctx;
  advanceClocks(ctx, now);
  checkBreachStar(ctx, now);
  checkStarLapse(ctx, now);
  performStarActions(ctx);
  if (contactUnverified(state) && state.nextContactCheckAt !== undefined && now >= state.nextContactCheckAt) {
    state.contactRecheckRequested = true;
  }
  publish();
}

/**
 * The ticket's clock keeper: sleeps until the next instant, acts at it, and re-plans whenever
 * the state moves that instant. It runs beside the event loop, so a deadline is acted on at the
 * deadline even while the event loop waits on Zendesk or Salesforce.
 */
export async function keepTime(
  ctx: TicketContext,
  publish: () => void,
  finished: () => boolean,
): Promise<void> {
  while (!finished() && !isTerminal(ctx.state)) {
    const wake = nextWakeUpOf(ctx);
    const wakeAt = wake?.at;
    const moved = (): boolean => finished() || isTerminal(ctx.state) || nextWakeUp(ctx) !== wakeAt;
    if (wake === undefined) await condition(moved);
    else {
      const summary = `${wake.what}, due ${new Date(wake.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      await condition(moved, Math.max(1, wake.at - Date.now()), { summary });
    }
    if (finished() || isTerminal(ctx.state)) return;
    actOnTime(ctx, Date.now(), publish);
  }
}
