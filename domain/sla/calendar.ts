import { DateTime } from 'luxon';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** An open window within one local day, in minutes from local midnight: [from, to), to ≤ 1440. */
export interface OpenWindow {
  fromMinute: number;
  toMinute: number;
}

/**
 * When support's clock runs: weekly open windows in a time zone, minus holidays (local dates,
 * closed all day). A 24x7 calendar opens every day 00:00–24:00 and has no holidays.
 */
export interface BusinessCalendar {
  name: string;
  /** Where the window and holidays are published (documentation only). */
  reference?: string;
  timeZone: string;
  /** Open windows by ISO weekday, ascending and non-overlapping. */
  week: Partial<Record<Weekday, OpenWindow[]>>;
  /** `YYYY-MM-DD` local dates on which the calendar is closed. */
  holidays: string[];
}

/** How far ahead a calendar must have open time: one with none in ten years is misconfigured. */
const MAX_DAYS_SEARCHED = 3660;

function localInstant(day: DateTime, minute: number): number {
  if (minute >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day
    .set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 })
    .toMillis();
}

/** Open intervals [start, end) in epoch ms, in order, from `fromMs` onwards. */
export function* openIntervals(calendar: BusinessCalendar, fromMs: number): Generator<[number, number]> {
  const holidays = new Set(calendar.holidays);
  let day = DateTime.fromMillis(fromMs, { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, day = day.plus({ days: 1 })) {
    if (holidays.has(day.toISODate() ?? '')) continue;
    for (const window of calendar.week[day.weekday as Weekday] ?? []) {
      const start = localInstant(day, window.fromMinute);
      const end = localInstant(day, window.toMinute);
      if (end <= fromMs || end <= start) continue;
      yield [Math.max(start, fromMs), end];
    }
  }
  throw new Error(
    `calendar "${calendar.name}" has no open time within ${MAX_DAYS_SEARCHED} days of ${new Date(fromMs).toISOString()}`,
  );
}

/** The instant at which `durationMs` of business time has elapsed since `startMs`. */
export function addBusinessTime(calendar: BusinessCalendar, startMs: number, durationMs: number): number {
  if (durationMs <= 0) return startMs;
  let remaining = durationMs;
  for (const [start, end] of openIntervals(calendar, startMs)) {
    const available = end - start;
    if (remaining <= available) return start + remaining;
    remaining -= available;
  }
  /* c8 ignore next */
  throw new Error('unreachable: openIntervals throws when it runs out');
}

/** Business time (ms) between two instants; zero when `endMs` ≤ `startMs`. */
export function businessTimeBetween(calendar: BusinessCalendar, startMs: number, endMs: number): number {
  if (endMs <= startMs) return 0;
  let total = 0;
  for (const [start, end] of openIntervals(calendar, startMs)) {
    if (start >= endMs) break;
    total += Math.min(end, endMs) - start;
    if (end >= endMs) break;
  }
  return total;
}

/** Whether the calendar is open at an instant. */
export function isOpenAt(calendar: BusinessCalendar, atMs: number): boolean {
  const first = openIntervals(calendar, atMs).next();
  return !first.done && first.value[0] === atMs;
}
