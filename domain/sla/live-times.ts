import { parseInstant } from '../instants';
import { businessTimeBetween, type BusinessCalendar } from './calendar';
import type { ClockStatus } from './clock';

/**
 * What `liveClockTimes` needs of a clock in the `status` view (structurally the workflow's
 * `ClockView`; domain code does not import from workflows/).
 */
export interface ClockSnapshot {
  status: ClockStatus;
  targetMs: number;
  /** Business time consumed up to the snapshot's `asOf`. */
  consumedMs: number;
  runningSince?: string;
  deadline?: string;
}

export interface LiveClockTimes {
  /** Business time consumed by `now`, at most the target. */
  consumedMs: number;
  /** Business time left before the target, never negative. */
  remainingMs: number;
  /** Wall time from `now` to the deadline (negative once past it); null without a deadline. */
  untilDeadlineMs: number | null;
}

/**
 * A clock's times as of the real `now`, from a status taken at `asOf` (a query cannot read the
 * clock, so the status is as old as the workflow's last task). A running clock goes on consuming
 * business time on its calendar after `asOf`; a paused, met or breached one does not.
 */
export function liveClockTimes(
  clock: ClockSnapshot,
  asOfMs: number,
  nowMs: number,
  calendar: BusinessCalendar,
): LiveClockTimes {
  let consumedMs = clock.consumedMs;
  if (clock.status === 'running') {
    const runningSince = clock.runningSince !== undefined ? parseInstant(clock.runningSince) : undefined;
    // Business time before asOf is already in consumedMs; count only what follows both.
    const from = Math.max(asOfMs, runningSince ?? asOfMs);
    consumedMs += businessTimeBetween(calendar, from, nowMs);
  }
  consumedMs = Math.min(clock.targetMs, Math.max(0, consumedMs));
  const deadline = clock.deadline !== undefined ? parseInstant(clock.deadline) : undefined;
  return {
    consumedMs,
    remainingMs: clock.targetMs - consumedMs,
    untilDeadlineMs: deadline === undefined ? null : deadline - nowMs,
  };
}
