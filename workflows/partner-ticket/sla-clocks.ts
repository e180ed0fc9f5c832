import { patched } from '@temporalio/workflow';
import {
  advanceClock,
  pauseClock,
  resumeClock,
  satisfyClock,
  startClock,
  type ClockEvent,
  type SlaClock,
} from '../../domain/sla/clock';
import type { ClockKind, SlaPolicy } from '../../domain/sla/policy';
import { addTags, decide, enqueueEffect, policyOf, type TicketContext } from './context';
import { slaEventActions } from './messages';
import type { PartnerTicketState, TicketPhase } from './types';

function clockSpec(ctx: TicketContext, kind: ClockKind, policy: SlaPolicy = policyOf(ctx)) {
  const { state } = ctx;
  const target = policy.targets[state.supportLevel ?? 'standard'][kind][state.impact];
  return {
    kind,
    targetMs: target.targetMs,
    calendar: policy.calendars[target.calendar],
    warningAtFraction: policy.warningAtFraction,
  };
}

const calendarOf = (ctx: TicketContext, clock: SlaClock) => policyOf(ctx).calendars[clock.calendar];

function actOnClockEvents(ctx: TicketContext, clock: SlaClock, events: ClockEvent[]): void {
  // A clock found already past its deadline (a ticket older than the service, or a long
  // outage) breaches at once: a warning alongside the breach is noise for the on-call manager.
  const breached = events.some((event) => event.type === 'breach');
  const skipWarnings = breached && patched('sla-no-warning-with-breach');
  for (const event of events) {
    if (skipWarnings && event.type === 'warning') continue;
    const action = slaEventActions(ctx.state, clock, event);
    decide(ctx, 'SLA', action.note);
    addTags(ctx, [action.tag]);
    enqueueEffect(ctx, { kind: 'internalNote', key: action.key, body: action.note });
    enqueueEffect(ctx, { kind: 'alert', key: action.key, text: action.alert });
  }
}

/** Replaces clock i and acts on the warnings/breaches the change surfaced. */
function updateClock(ctx: TicketContext, index: number, result: { clock: SlaClock; events: ClockEvent[] }) {
  ctx.state.clocks[index] = result.clock;
  actOnClockEvents(ctx, result.clock, result.events);
}

export function advanceClocks(ctx: TicketContext, now: number): void {
  for (let i = 0; i < ctx.state.clocks.length; i++)
    updateClock(ctx, i, advanceClock(ctx.state.clocks[i], now));
}

export function startReplyClock(ctx: TicketContext, kind: ClockKind, at: number): void {
  if (!ctx.state.supportLevel) return;
  const clock = startClock(clockSpec(ctx, kind), at);
  ctx.state.clocks.push(clock);
  const label = kind === 'first_reply' ? 'First' : 'Next';
  decide(ctx, 'SLA', `${label} reply due by ${new Date(clock.deadline ?? at).toISOString()}`);
}

/**
 * A new level, impact or policy: unmet clocks keep the business time consumed and take the new
 * target and calendar. Returns how many deadlines moved.
 */
export function retargetClocks(ctx: TicketContext, now: number, next: SlaPolicy = policyOf(ctx)): number {
  const { state } = ctx;
  let moved = 0;
  for (let i = 0; i < state.clocks.length; i++) {
    const clock = state.clocks[i];
    if (clock.status !== 'running' && clock.status !== 'paused') continue;
    const wasRunning = clock.status === 'running';
    const paused = pauseClock(clock, now, calendarOf(ctx, clock));
    updateClock(ctx, i, paused);
    if (paused.clock.status !== 'paused') continue;
    const spec = clockSpec(ctx, clock.kind, next);
    const retargeted = { ...paused.clock, targetMs: spec.targetMs, calendar: spec.calendar.name };
    state.clocks[i] = wasRunning ? resumeClock(retargeted, now, spec.calendar) : retargeted;
    if (state.clocks[i].deadline !== clock.deadline) moved += 1;
  }
  return moved;
}

export const unmetClockIndexes = (state: PartnerTicketState, kinds: ClockKind[]): number[] =>
  state.clocks
    .map((clock, index) => ({ clock, index }))
    .filter(({ clock }) => kinds.includes(clock.kind) && clock.metAt === undefined)
    .map(({ index }) => index);

/**
 * A reply (or the solve, or the close) satisfies the clocks of these kinds. Met clocks are offered
 * it too: a reply delivered after the event that met its clock moves the met instant back to it
 * (satisfyClock decides; a met clock raises no warning or breach).
 */
export function satisfyClocks(ctx: TicketContext, kinds: ClockKind[], at: number): void {
  ctx.state.clocks.forEach((clock, i) => {
    if (kinds.includes(clock.kind)) updateClock(ctx, i, satisfyClock(clock, at));
  });
}

/** Waiting on the requester (pending / on-hold): next-reply clocks stop counting. */
export function pauseNextReplyClocks(ctx: TicketContext, at: number): void {
  for (const i of unmetClockIndexes(ctx.state, ['next_reply'])) {
    updateClock(ctx, i, pauseClock(ctx.state.clocks[i], at, calendarOf(ctx, ctx.state.clocks[i])));
  }
}

export function resumeNextReplyClocks(ctx: TicketContext, at: number): void {
  for (const i of unmetClockIndexes(ctx.state, ['next_reply'])) {
    ctx.state.clocks[i] = resumeClock(ctx.state.clocks[i], at, calendarOf(ctx, ctx.state.clocks[i]));
  }
}

/** The ticket is closed or gone: its reply clocks stop, met at that instant. */
export function endLifecycle(
  ctx: TicketContext,
  phase: Extract<TicketPhase, 'closed' | 'deleted'>,
  at: number,
) {
  if (ctx.policy) satisfyClocks(ctx, ['first_reply', 'next_reply'], at);
  ctx.state.phase = phase;
}
