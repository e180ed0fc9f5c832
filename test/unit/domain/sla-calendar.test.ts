import fc from 'fast-check';
import policyDocument from '../../../domain/sla/policy.json';
import {
  addBusinessTime,
  businessTimeBetween,
  isOpenAt,
  parseSlaPolicy,
  type BusinessCalendar,
  type OpenWindow,
  type Weekday,
} from '../../../domain/sla';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const policy = parseSlaPolicy(policyDocument);
const cal24x5 = policy.calendars['24x5'];
const cal24x7 = policy.calendars['24x7'];
const at = (iso: string): number => Date.parse(iso);

describe('business calendars', () => {
  test('24x7: 30 minutes on a Saturday night is 30 minutes', () => {
    const start = at('2026-11-21T23:50:00Z'); // Saturday
    expect(new Date(addBusinessTime(cal24x7, start, 30 * MINUTE)).toISOString()).toBe(
      '2026-11-22T00:20:00.000Z',
    );
  });

  test('24x5: 8 hours from Friday 20:00 UTC end on Monday 04:00 UTC, across the weekend', () => {
    const start = at('2026-11-20T20:00:00Z'); // Friday
    expect(new Date(addBusinessTime(cal24x5, start, 8 * HOUR)).toISOString()).toBe(
      '2026-11-23T04:00:00.000Z',
    );
  });

  test('24x5: a ticket opened on Saturday starts counting on Monday', () => {
    expect(new Date(addBusinessTime(cal24x5, at('2026-11-21T10:00:00Z'), 4 * HOUR)).toISOString()).toBe(
      '2026-11-23T04:00:00.000Z',
    );
  });

  test('24x5: a holiday is skipped (Christmas 2026 is a Friday)', () => {
    const start = at('2026-12-24T20:00:00Z'); // Thursday
    expect(new Date(addBusinessTime(cal24x5, start, 8 * HOUR)).toISOString()).toBe(
      '2026-12-28T04:00:00.000Z',
    );
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
