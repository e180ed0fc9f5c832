import type { TicketEvent } from './ticket-events';

/**
 * ISO-8601 timestamps as webhooks send them: a full date and time of day with seconds, 0–9
 * fractional digits, and `Z` or a `±hh:mm` offset. No offset means "some local time", which
 * cannot be ordered against others, so it is refused, as are dates without a time.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;

/** An instant to the nanosecond: epoch milliseconds plus the nanoseconds within that millisecond. */
interface PreciseInstant {
  ms: number;
  nanos: number;
}

function parsePrecise(text: string): PreciseInstant | undefined {
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone, sign, offsetHour, offsetMinute] =
    match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  // Date.UTC maps years 0–99 to 1900s: set the year separately, then check the day survived (31 April, 29 February).
  date.setUTCFullYear(y);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  let offsetMs = 0;
  if (zone !== 'Z') {
    const [oh, om] = [Number(offsetHour), Number(offsetMinute)];
    if (oh > 23 || om > 59) return undefined;
    offsetMs = (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const digits = fraction.padEnd(9, '0');
  return {
    ms: date.getTime() - offsetMs + Number(digits.slice(0, 3)),
    nanos: Number(digits.slice(3)),
  };
}

/** Epoch milliseconds of an ISO-8601 timestamp (sub-millisecond digits truncated), or undefined. */
export function parseInstant(text: string): number | undefined {
  return parsePrecise(text)?.ms;
}

/**
 * Orders ticket events by when they happened, whatever their precision or offset (string order
 * is wrong for `…:00.5Z` vs `…:00Z` and for `+02:00` vs `Z`). Events without a readable time go
 * last; equal instants compare 0, so a stable sort keeps their delivery order.
 */
export function compareByOccurredAt(
  a: Pick<TicketEvent, 'occurredAt'>,
  b: Pick<TicketEvent, 'occurredAt'>,
): number {
  const left = parsePrecise(a.occurredAt);
  const right = parsePrecise(b.occurredAt);
  if (!left || !right) return left ? -1 : right ? 1 : 0;
  return left.ms - right.ms || left.nanos - right.nanos;
}
