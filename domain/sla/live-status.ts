import { parseInstant } from '../instants';
import { liveClockTimes, type ClockSnapshot, type LiveClockTimes } from './live-times';
import type { SlaPolicyCatalog } from './policy-catalog';

/** What live times need of a ticket's `status` (structurally the workflow's PartnerTicketStatus). */
export interface StatusSnapshot {
  asOf: string;
  /** The policy version the ticket's clocks run on; absent on tickets from before versions. */
  policyVersion?: string;
  clocks: Array<ClockSnapshot & { calendar: string }>;
}

export interface LiveClock extends LiveClockTimes {
  /** The instant these times are for. */
  now: string;
}

/**
 * Each clock's live times at `nowMs`, on the calendar of the ticket's own policy version (the
 * current one when the ticket has none, or one this build does not know). A clock whose
 * calendar is unknown, or a status without a readable `asOf`, gets null rather than a guess.
 */
export function liveClocks(
  status: StatusSnapshot,
  catalog: SlaPolicyCatalog,
  nowMs: number,
): Array<LiveClock | null> {
  const asOfMs = parseInstant(status.asOf);
  const own =
    status.policyVersion !== undefined && Object.hasOwn(catalog.versions, status.policyVersion)
      ? catalog.versions[status.policyVersion]
      : catalog.versions[catalog.current];
  const now = new Date(nowMs).toISOString();
  return status.clocks.map((clock) => {
    const calendar = Object.hasOwn(own.calendars, clock.calendar) ? own.calendars[clock.calendar] : undefined;
    if (asOfMs === undefined || calendar === undefined) return null;
    return { ...liveClockTimes(clock, asOfMs, nowMs, calendar), now };
  });
}

/** The status with each clock's `live` times added (the ticket API and `status --json` answer this). */
export function withLiveClocks<S extends StatusSnapshot>(
  status: S,
  catalog: SlaPolicyCatalog,
  nowMs: number,
): Omit<S, 'clocks'> & { clocks: Array<S['clocks'][number] & { live: LiveClock | null }> } {
  const live = liveClocks(status, catalog, nowMs);
  return { ...status, clocks: status.clocks.map((clock, i) => ({ ...clock, live: live[i] })) };
}
