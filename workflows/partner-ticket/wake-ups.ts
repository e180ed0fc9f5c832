import { condition } from '@temporalio/workflow';
import { nextClockInstant } from '../../domain/sla/clock';
import { isTerminal, type TicketContext } from './context';
import { advanceClocks } from './sla-clocks';
import { breachStarDueAt, checkBreachStar, checkStarLapse, performStarActions } from './star';
import type { PartnerTicketState } from './types';

const contactUnverified = (state: PartnerTicketState): boolean =>
  state.contactStatus === 'missing' || state.contactStatus === 'wrong_account';

/** When a solved, quiet ticket's run ends (the policy's period), if it is solved. */
export function dormantAt(ctx: TicketContext): number | undefined {
  const { state } = ctx;
  if (state.phase !== 'solved' || state.solvedQuietSince === undefined || !ctx.policy) return undefined;
  return state.solvedQuietSince + ctx.policy.solvedTicketEndsAfterMs;
}

/** A solved ticket quiet for the policy's period: its run ends (a reopen starts the next one). */
export function isDormant(ctx: TicketContext): boolean {
  const at = dormantAt(ctx);
  return (
    ctx.backgroundEffects && at !== undefined && Date.now() >= at && ctx.state.pendingEvents.length === 0
  );
}

/** The next instant the ticket needs attention without being asked: clocks, STAR, S2 re-check. */
export function nextWakeUp(ctx: TicketContext): number | undefined {
  const { state } = ctx;
  const instants = [
    ...state.clocks.map(nextClockInstant),
    breachStarDueAt(state),
    state.star?.status === 'raised' ? state.star.acknowledgeBy : undefined,
    contactUnverified(state) && !(ctx.backgroundEffects && state.contactRecheckRequested)
      ? state.nextContactCheckAt
      : undefined,
    // Once due, the event loop ends the run: no timer for an instant already past.
    ctx.backgroundEffects && !isDormant(ctx) ? dormantAt(ctx) : undefined,
  ].filter((t): t is number => t !== undefined);
  return instants.length > 0 ? Math.min(...instants) : undefined;
}

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
    const wakeAt = nextWakeUp(ctx);
    const moved = (): boolean => finished() || isTerminal(ctx.state) || nextWakeUp(ctx) !== wakeAt;
    if (wakeAt === undefined) await condition(moved);
    else await condition(moved, Math.max(1, wakeAt - Date.now()));
    if (finished() || isTerminal(ctx.state)) return;
    actOnTime(ctx, Date.now(), publish);
  }
}
