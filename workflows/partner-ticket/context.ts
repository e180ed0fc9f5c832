import {
  ActivityFailure,
  ApplicationFailure,
  log,
  patched,
  proxyActivities,
  sleep,
} from '@temporalio/workflow';
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
  /**
   * The effect lanes take new work only when the SDK next checks blocked conditions, never in the
   * step that finished their last effect (runs started with the patch `lanes-wait-for-check`).
   */
  lanesWaitForCheck?: boolean;
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

/** How long a read that Zendesk or Salesforce refused for good waits before it is tried again. */
export const READ_AGAIN_AFTER_MS = 5 * 60_000;

/**
 * A read that Zendesk or Salesforce refused for good (credentials refused, a request it rejects):
 * its failure, or undefined for anything else, a ticket that no longer exists (`NotFound`, which
 * its callers handle) included. Runs started before `reads-refused-wait` let such a failure fail
 * the run, as they did.
 */
function refusedRead(err: unknown): { type: string; message: string } | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || cause.type === 'NotFound') return undefined;
  if (!patched('reads-refused-wait')) return undefined;
  return { type: cause.type ?? 'Error', message: cause.message };
}

/** Records a read refused for good (`refusedRead`) as a decision; false for any other failure. */
export function recordRefusedRead(ctx: TicketContext, err: unknown, what: string, next: string): boolean {
  const refused = refusedRead(err);
  if (!refused) return false;
  decide(ctx, 'EFFECT', `${what} refused (${refused.type}: ${refused.message}); ${next}`);
  return true;
}

/**
 * A read the lifecycle cannot go on without (intake's facts, the SLA policy): refused for good,
 * it is recorded and tried again every few minutes until it succeeds (a person fixes the
 * credentials) instead of failing the ticket's run.
 */
export async function readPatiently<T>(ctx: TicketContext, what: string, call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await read(ctx, call);
    } catch (err) {
      const next = `read again in ${READ_AGAIN_AFTER_MS / 60_000} minutes`;
      if (!recordRefusedRead(ctx, err, what, next)) throw err;
      await sleep(READ_AGAIN_AFTER_MS);
    }
  }
}

export function policyOf(ctx: TicketContext): SlaPolicy {
  if (!ctx.policy) throw new Error('SLA policy not loaded');
  return ctx.policy;
}

export const isTerminal = (state: PartnerTicketState): boolean =>
  state.phase === 'closed' || state.phase === 'deleted';
