import { addBusinessTime, businessTimeBetween, type BusinessCalendar } from './calendar';
import type { ClockKind } from './policy';

export type ClockStatus = 'running' | 'paused' | 'met' | 'breached';

/**
 * One SLA clock (first reply or next reply), as plain data so that it can live in workflow
 * state and survive continue-as-new. Times are epoch milliseconds. Business time is counted
 * on the clock's calendar; it is consumed only while the clock runs.
 */
export interface SlaClock {
  kind: ClockKind;
  targetMs: number;
  calendar: string;
  warningAtFraction: number;
  status: ClockStatus;
  startedAt: number;
  /** Business time consumed before the current running segment. */
  consumedMs: number;
  /** While running: when the current running segment began. */
  runningSince?: number;
  /** While running: the instant the target is reached. */
  deadline?: number;
  /** While running and not yet warned: the instant the warning is due. */
  warningAt?: number;
  warned: boolean;
  breachedAt?: number;
  /** When the clock was satisfied (an agent's public reply); may follow a breach. */
  metAt?: number;
}

export type ClockEvent = { type: 'warning'; at: number } | { type: 'breach'; at: number };

interface ClockSpec {
  kind: ClockKind;
  targetMs: number;
  calendar: BusinessCalendar;
  warningAtFraction: number;
}

function schedule(clock: SlaClock, calendar: BusinessCalendar, from: number): SlaClock {
  const remaining = Math.max(0, clock.targetMs - clock.consumedMs);
  const warnRemaining = clock.targetMs * clock.warningAtFraction - clock.consumedMs;
  return {
    ...clock,
    status: 'running',
    runningSince: from,
    deadline: addBusinessTime(calendar, from, remaining),
    warningAt: clock.warned ? undefined : addBusinessTime(calendar, from, Math.max(0, warnRemaining)),
  };
}

export function startClock(spec: ClockSpec, at: number): SlaClock {
  const clock: SlaClock = {
    kind: spec.kind,
    targetMs: spec.targetMs,
    calendar: spec.calendar.name,
    warningAtFraction: spec.warningAtFraction,
    status: 'running',
    startedAt: at,
    consumedMs: 0,
    warned: false,
  };
  return schedule(clock, spec.calendar, at);
}

/**
 * Brings a running clock up to `now`: raises the warning and the breach whose instants have
 * passed. Every transition calls it first, so no pause or reply can skip a breach.
 */
export function advanceClock(clock: SlaClock, now: number): { clock: SlaClock; events: ClockEvent[] } {
  if (clock.status !== 'running') return { clock, events: [] };
  const events: ClockEvent[] = [];
  let next = clock;
  if (!next.warned && next.warningAt !== undefined && now >= next.warningAt) {
    events.push({ type: 'warning', at: next.warningAt });
    next = { ...next, warned: true, warningAt: undefined };
  }
  if (next.deadline !== undefined && now >= next.deadline) {
    events.push({ type: 'breach', at: next.deadline });
    next = {
      ...next,
      status: 'breached',
      breachedAt: next.deadline,
      consumedMs: next.targetMs,
      runningSince: undefined,
      deadline: undefined,
      warningAt: undefined,
    };
  }
  return { clock: next, events };
}

/** The requester is being waited on (pending / on-hold): stop consuming business time. */
export function pauseClock(
  clock: SlaClock,
  at: number,
  calendar: BusinessCalendar,
): { clock: SlaClock; events: ClockEvent[] } {
  const advanced = advanceClock(clock, at);
  if (advanced.clock.status !== 'running') return advanced;
  const running = advanced.clock;
  return {
    clock: {
      ...running,
      status: 'paused',
      consumedMs: running.consumedMs + businessTimeBetween(calendar, running.runningSince ?? at, at),
      runningSince: undefined,
      deadline: undefined,
      warningAt: undefined,
    },
    events: advanced.events,
  };
}

export function resumeClock(clock: SlaClock, at: number, calendar: BusinessCalendar): SlaClock {
  if (clock.status !== 'paused') return clock;
  return schedule(clock, calendar, at);
}

/**
 * An agent replied publicly: the clock is met (or, after a breach, answered late). Webhooks arrive
 * in any order: a reply delivered after a later event that already met the clock (the solve) moves
 * the met instant back to the reply. The met instant is the reply's, even when a breach fired
 * before its webhook arrived: the breach stays on record (its alert went out), as when a late
 * reply meets a clock not yet met.
 */
export function satisfyClock(clock: SlaClock, at: number): { clock: SlaClock; events: ClockEvent[] } {
  // A reply from before the clock started answered an earlier message, not this one.
  if (at < clock.startedAt) return { clock, events: [] };
  if (clock.metAt !== undefined) {
    return { clock: at < clock.metAt ? { ...clock, metAt: at } : clock, events: [] };
  }
  const advanced = advanceClock(clock, at);
  const current = advanced.clock;
  if (current.status === 'breached') return { clock: { ...current, metAt: at }, events: advanced.events };
  return {
    clock: {
      ...current,
      status: 'met',
      metAt: at,
      runningSince: undefined,
      deadline: undefined,
      warningAt: undefined,
    },
    events: advanced.events,
  };
}

/** The next instant at which this clock needs attention (warning or breach), if it runs. */
export function nextClockInstant(clock: SlaClock): number | undefined {
  if (clock.status !== 'running') return undefined;
  const candidates = [clock.warned ? undefined : clock.warningAt, clock.deadline].filter(
    (t): t is number => t !== undefined,
  );
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

/** Business time the clock has consumed up to `now` (for the status view). */
export function consumedAt(clock: SlaClock, now: number, calendar: BusinessCalendar): number {
  if (clock.status !== 'running' || clock.runningSince === undefined) return clock.consumedMs;
  return Math.min(clock.targetMs, clock.consumedMs + businessTimeBetween(calendar, clock.runningSince, now));
}

export type TicketSlaState = 'none' | 'active' | 'paused' | 'warning' | 'breached' | 'met';

/** One word for the ticket's SLA, for the `SlaState` search attribute and the status view. */
export function ticketSlaState(clocks: SlaClock[]): TicketSlaState {
  if (clocks.length === 0) return 'none';
  if (clocks.some((c) => c.status === 'breached' && c.metAt === undefined)) return 'breached';
  if (clocks.some((c) => c.status === 'running' && c.warned)) return 'warning';
  if (clocks.some((c) => c.status === 'running')) return 'active';
  if (clocks.some((c) => c.status === 'paused')) return 'paused';
  if (clocks.some((c) => c.status === 'breached')) return 'breached';
  return 'met';
}
