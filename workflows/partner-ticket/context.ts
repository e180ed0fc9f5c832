import { log, proxyActivities } from '@temporalio/workflow';
import type { LifecycleActivities } from '../../activities/lifecycle-contract';
import type { SlaPolicy } from '../../domain/sla/policy';
import { recordDecision } from './decisions';
import type { PartnerTicketState, TicketEffect } from './types';

/**
 * Every attempt is bounded; retries go on (with back-off) until the system answers. The reads and
 * writes heartbeat while they run (activities/keep-alive.ts): an attempt lost with its worker is
 * retried after 10 s, not the minute of its start-to-close. Back-off stops growing at a minute, so
 * a ticket catches up within a minute of Zendesk or Salesforce coming back.
 */
export const ticketActivities = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Slack posts record their own heartbeat (a message left): no keep-alive, no heartbeat timeout. */
export const ticketSlackActivities = proxyActivities<
  Pick<LifecycleActivities, 'sendSupportAlert' | 'notifyAccountOwner'>
>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * What every part of the ticket workflow shares: the state, the policy of this run, and the way
 * decisions and side effects are recorded. State transitions are synchronous; the only awaits
 * are reads (`read`) and the loops' waits, so clocks never wait behind a side effect.
 */
export interface TicketContext {
  readonly state: PartnerTicketState;
  /**
   * False only when replaying a history recorded before effects ran in the background: effects
   * then run inline at the points the old code awaited them (`settle`), keeping its command order.
   */
  readonly backgroundEffects: boolean;
  policy?: SlaPolicy;
  /** Set while the run is about to continue as new: no new effect starts. */
  holdEffects: boolean;
  /** S5: the Support Uploader reacts to its triggers (runs started with the patch `s5-support-uploader`). */
  uploaderEnabled?: boolean;
  effectsInFlight: number;
  /** Runs the queued effects now (legacy histories only; a no-op otherwise). */
  settle: () => Promise<void>;
}

export function decide(ctx: TicketContext, rule: string, summary: string): void {
  recordDecision(ctx.state, { rule, summary, at: new Date().toISOString() });
  log.info('decision', { ticketId: ctx.state.ticketId, rule, summary });
}

export function enqueueEffect(ctx: TicketContext, effect: TicketEffect): void {
  ctx.state.effects.push(effect);
}

/** Tags the ticket with what it does not carry yet. */
export function addTags(ctx: TicketContext, tags: string[]): void {
  const fresh = tags.filter((tag) => !ctx.state.tags.includes(tag));
  if (fresh.length === 0) return;
  ctx.state.tags.push(...fresh);
  enqueueEffect(ctx, { kind: 'addTags', tags: fresh });
}

/** A read from Zendesk or Salesforce; in legacy replays the effects decided before it run first. */
export async function read<T>(ctx: TicketContext, call: () => Promise<T>): Promise<T> {
  await ctx.settle();
  return call();
}

export function policyOf(ctx: TicketContext): SlaPolicy {
  if (!ctx.policy) throw new Error('SLA policy not loaded');
  return ctx.policy;
}

export const isTerminal = (state: PartnerTicketState): boolean =>
  state.phase === 'closed' || state.phase === 'deleted';
