import fc from 'fast-check';
import {
  addBusinessTime,
  businessTimeBetween,
  isOpenAt,
  openIntervals,
  type BusinessCalendar,
  type OpenWindow,
  type Weekday,
} from '../../../domain/sla';
import { currentPolicy, loadSlaPolicyCatalog } from '../../../domain/sla/policy-catalog';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const policy = currentPolicy(loadSlaPolicyCatalog());
const cal24x5 = policy.calendars['24x5'];
const cal24x7 = policy.calendars['24x7'];
const at = (iso: string): number => Date.parse(iso);
const isoOf = (ms: number): string => new Date(ms).toISOString();
const deadline = (start: string, hours: number): string =>
  isoOf(addBusinessTime(cal24x5, at(start), hours * HOUR));

describe('business calendars', () => {
  test('24x7: 30 minutes on a Saturday night is 30 minutes', () => {
    const start = at('2026-11-21T23:50:00Z'); // Saturday
    expect(isoOf(addBusinessTime(cal24x7, start, 30 * MINUTE))).toBe('2026-11-22T00:20:00.000Z');
  });

  test('24x5 is Sunday 15:00 to Friday 17:00 in Los Angeles', () => {
    expect(cal24x5.timeZone).toBe('America/Los_Angeles');
    expect(isOpenAt(cal24x5, at('2026-11-22T22:59:00Z'))).toBe(false); // Sunday 14:59 PST
    expect(isOpenAt(cal24x5, at('2026-11-22T23:00:00Z'))).toBe(true); // Sunday 15:00 PST
    expect(isOpenAt(cal24x5, at('2026-11-24T08:00:00Z'))).toBe(true); // Tuesday 00:00 PST: no gap at midnight
    expect(isOpenAt(cal24x5, at('2026-11-28T00:59:00Z'))).toBe(true); // Friday 16:59 PST
    expect(isOpenAt(cal24x5, at('2026-11-28T01:00:00Z'))).toBe(false); // Friday 17:00 PST
    expect(isOpenAt(cal24x5, at('2026-11-28T20:00:00Z'))).toBe(false); // Saturday noon
  });

  test('24x5: 8 hours from Friday 20:00 UTC (12:00 PST) end on Monday 02:00 UTC (Sunday 18:00 PST)', () => {
    // 5 h until Friday 17:00 PST, then 3 h from Sunday 15:00 PST.
    expect(deadline('2026-11-20T20:00:00Z', 8)).toBe('2026-11-23T02:00:00.000Z');
  });

  test('24x5: a ticket opened on Saturday starts counting on Sunday 15:00 Pacific', () => {
    expect(deadline('2026-11-21T10:00:00Z', 4)).toBe('2026-11-23T03:00:00.000Z');
  });

  test('24x5: a holiday is skipped (Christmas 2026 is a Friday; the clock resumes Sunday 15:00 PST)', () => {
    // Thursday 20:00 PST: 4 h left that day, Friday 25 December closed, Saturday closed.
    expect(deadline('2026-12-25T04:00:00Z', 8)).toBe('2026-12-28T03:00:00.000Z');
    expect(isOpenAt(cal24x5, at('2026-12-25T20:00:00Z'))).toBe(false); // Friday noon PST, Christmas
  });

  test('24x5: a holiday on a Monday also closes that day (25 December 2028)', () => {
    // Sunday 24 December 15:00 PST opens as usual; Monday is closed; Tuesday 00:00 PST reopens.
    const sunday = at('2028-12-24T23:00:00Z');
    expect(isOpenAt(cal24x5, sunday)).toBe(true);
    expect(isOpenAt(cal24x5, at('2028-12-25T20:00:00Z'))).toBe(false);
    expect(isoOf(addBusinessTime(cal24x5, sunday, 10 * HOUR))).toBe('2028-12-26T09:00:00.000Z');
  });

  describe('24x5 follows Pacific time across daylight saving changes', () => {
    const windows = (fromIso: string, count: number): string[] => {
      const found: string[] = [];
      for (const [start, end] of openIntervals(cal24x5, at(fromIso))) {
        found.push(`${isoOf(start)}/${isoOf(end)}`);
        if (found.length === count) break;
      }
      return found;
    };

    test('March 2027 (PDT from Sunday 14 March 02:00): Friday closes 01:00 UTC, Sunday opens 22:00 UTC', () => {
      const [thursday, friday, sunday, monday] = windows('2027-03-11T12:00:00Z', 4);
      expect(thursday).toBe('2027-03-11T12:00:00.000Z/2027-03-12T08:00:00.000Z');
      expect(friday).toBe('2027-03-12T08:00:00.000Z/2027-03-13T01:00:00.000Z'); // 17:00 PST
      expect(sunday).toBe('2027-03-14T22:00:00.000Z/2027-03-15T07:00:00.000Z'); // 15:00–24:00 PDT
      expect(monday).toBe('2027-03-15T07:00:00.000Z/2027-03-16T07:00:00.000Z');
      // The weekend closure is one hour shorter in real time: 45 h instead of 46 h.
      expect(at('2027-03-14T22:00:00Z') - at('2027-03-13T01:00:00Z')).toBe(45 * HOUR);
    });

    test('November 2027 (PST from Sunday 7 November 02:00): Friday closes 00:00 UTC, Sunday opens 23:00 UTC', () => {
      const [friday, sunday, monday] = windows('2027-11-05T07:00:00Z', 3);
      expect(friday).toBe('2027-11-05T07:00:00.000Z/2027-11-06T00:00:00.000Z'); // 17:00 PDT
      expect(sunday).toBe('2027-11-07T23:00:00.000Z/2027-11-08T08:00:00.000Z'); // 15:00–24:00 PST
      expect(monday).toBe('2027-11-08T08:00:00.000Z/2027-11-09T08:00:00.000Z');
      expect(at('2027-11-07T23:00:00Z') - at('2027-11-06T00:00:00Z')).toBe(47 * HOUR);
    });

    test('a target across the change lands on the same local time as in a plain week', () => {
      // 4 h from Friday 16:00 local: 1 h on Friday, 3 h from Sunday 15:00 → Sunday 18:00 local.
      expect(deadline('2027-03-13T00:00:00Z', 4)).toBe('2027-03-15T01:00:00.000Z'); // 18:00 PDT
      expect(deadline('2027-11-05T23:00:00Z', 4)).toBe('2027-11-08T02:00:00.000Z'); // 18:00 PST
      expect(deadline('2027-02-13T00:00:00Z', 4)).toBe('2027-02-15T02:00:00.000Z'); // 18:00 PST, no change
    });
  });

  test('office hours in a time zone with daylight saving (New York, 09:00–17:00)', () => {
    const ny: BusinessCalendar = {
      name: 'ny-office',
      timeZone: 'America/New_York',
      week: { 1: [{ fromMinute: 540, toMinute: 1020 }], 2: [{ fromMinute: 540, toMinute: 1020 }] },
      holidays: [],
    };
    // Monday 2026-03-09 is the day after the DST change: 09:00 EDT = 13:00 UTC.
    const start = at('2026-03-09T12:00:00Z');
    expect(new Date(addBusinessTime(ny, start, 10 * HOUR)).toISOString()).toBe('2026-03-10T15:00:00.000Z');
    expect(isOpenAt(ny, at('2026-03-09T13:30:00Z'))).toBe(true);
    expect(isOpenAt(ny, at('2026-03-09T21:30:00Z'))).toBe(false);
  });

  test('a calendar without open time is refused rather than looping forever', () => {
    const closed: BusinessCalendar = { name: 'closed', timeZone: 'UTC', week: {}, holidays: [] };
    expect(() => addBusinessTime(closed, 0, HOUR)).toThrow(/no open time/);
  });
});

const zones = [
  'UTC',
  'America/Los_Angeles',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Australia/Sydney',
  'America/Sao_Paulo',
];

const windowsArb: fc.Arbitrary<OpenWindow[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 48 }), { minLength: 0, maxLength: 6 })
  .map((points) => points.sort((a, b) => a - b))
  .map((points) => {
    const windows: OpenWindow[] = [];
    for (let i = 0; i + 1 < points.length; i += 2)
      windows.push({ fromMinute: points[i] * 30, toMinute: points[i + 1] * 30 });
    return windows;
  });

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    days: fc.array(windowsArb, { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(
      fc
        .date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      { maxLength: 10 },
    ),
  })
  .filter(({ days }) => days.some((w) => w.length > 0))
  .map(({ timeZone, days, holidays }) => ({
    name: 'random',
    timeZone,
    holidays,
    week: Object.fromEntries(days.map((windows, i) => [(i + 1) as Weekday, windows])),
  }));

const startArb = fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-06-30T00:00:00Z') });
const targetArb = fc.integer({ min: 1, max: 72 * 60 }).map((minutes) => minutes * MINUTE);

describe('business calendars, properties over random calendars and start times', () => {
  test('the business time between start and deadline equals the target exactly', () => {
    fc.assert(
      fc.property(calendarArb, startArb, targetArb, (calendar, start, target) => {
        const deadline = addBusinessTime(calendar, start, target);
        expect(deadline).toBeGreaterThan(start);
        expect(businessTimeBetween(calendar, start, deadline)).toBe(target);
        // The deadline is the first such instant: a minute earlier, the target is not reached.
        expect(businessTimeBetween(calendar, start, deadline - MINUTE)).toBeLessThan(target);
      }),
      { numRuns: 300 },
    );
  });

  test('business time is additive over any split point', () => {
    fc.assert(
      fc.property(
        calendarArb,
        startArb,
        fc.integer({ min: 0, max: 10 * 24 * 60 }),
        fc.integer({ min: 0, max: 10 * 24 * 60 }),
        (calendar, start, a, b) => {
          const mid = start + a * MINUTE;
          const end = mid + b * MINUTE;
          expect(businessTimeBetween(calendar, start, end)).toBe(
            businessTimeBetween(calendar, start, mid) + businessTimeBetween(calendar, mid, end),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('24x5, properties over instants from December 2026 to December 2028', () => {
  // An oracle independent of luxon: the Los Angeles wall clock as Intl formats it.
  const pacific = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const localParts = (ms: number) => {
    const parts = Object.fromEntries(pacific.formatToParts(ms).map((p) => [p.type, p.value]));
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      weekday: parts.weekday,
      minute: Number(parts.hour) * 60 + Number(parts.minute),
    };
  };
  const openByRule = (ms: number): boolean => {
    const { date, weekday, minute } = localParts(ms);
    if (cal24x5.holidays.includes(date)) return false;
    if (weekday === 'Sun') return minute >= 15 * 60;
    if (weekday === 'Fri') return minute < 17 * 60;
    return weekday !== 'Sat';
  };
  const instantArb = fc
    .integer({ min: at('2026-12-01T00:00:00Z') / MINUTE, max: at('2028-12-31T00:00:00Z') / MINUTE })
    .map((minute) => minute * MINUTE);

  test('open exactly when Los Angeles local time is Sunday 15:00 – Friday 17:00 on a non-holiday', () => {
    fc.assert(
      fc.property(instantArb, (ms) => expect(isOpenAt(cal24x5, ms)).toBe(openByRule(ms))),
      { numRuns: 2000 },
    );
  });

  test('every local week without a holiday has 122 business hours, daylight saving or not', () => {
    const sundays = fc
      .integer({ min: 0, max: 104 })
      .map((week) => at('2026-12-06T08:00:00Z') + week * 7 * 24 * HOUR); // Sundays near local midnight
    fc.assert(
      fc.property(sundays, (approx) => {
        const start = addBusinessTime(cal24x5, approx, 1) - 1; // this week's Sunday 15:00 local
        const weekEnd = start + 7 * 24 * HOUR - 2 * HOUR; // before next Sunday's 15:00, either offset
        const days = [approx, ...Array.from({ length: 6 }, (_, i) => start + i * 24 * HOUR)].map(
          (ms) => localParts(ms).date,
        );
        fc.pre(!days.some((day) => cal24x5.holidays.includes(day)));
        expect(businessTimeBetween(cal24x5, start, weekEnd)).toBe(122 * HOUR);
      }),
      { numRuns: 105 },
    );
  });

  test('the holidays cover December 2026 to December 2028: 25 December and 1 January each year', () => {
    expect(cal24x5.holidays).toEqual([
      '2026-12-25',
      '2027-01-01',
      '2027-12-25',
      '2028-01-01',
      '2028-12-25',
      '2029-01-01',
    ]);
    expect(policy.calendars['24x7'].holidays).toEqual([]);
  });
});
