import fc from 'fast-check';
import {
  addBusinessTime,
  liveClockTimes,
  pauseClock,
  startClock,
  type ClockSnapshot,
  type SlaClock,
} from '../../../domain/sla';
import { currentPolicy, loadSlaPolicyCatalog } from '../../../domain/sla/policy-catalog';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const calendar = currentPolicy(loadSlaPolicyCatalog()).calendars['24x5'];
const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** What the status view shows of a clock at `asOf` (consumed business time up to then). */
function snapshot(clock: SlaClock, consumedMs: number): ClockSnapshot {
  return {
    status: clock.status,
    targetMs: clock.targetMs,
    consumedMs,
    runningSince: iso(clock.runningSince),
    deadline: iso(clock.deadline),
  };
}

const medium = (start: number): SlaClock =>
  startClock({ kind: 'first_reply', targetMs: 8 * HOUR, calendar, warningAtFraction: 0.75 }, start);

describe('liveClockTimes', () => {
  test('a running clock keeps consuming business time after asOf', () => {
    const start = at('2026-11-23T17:00:00Z'); // Monday 09:00 PST
    const clock = medium(start);
    const view = snapshot(clock, 1 * HOUR); // status taken an hour in
    const live = liveClockTimes(view, start + HOUR, start + 3 * HOUR, calendar);
    expect(live).toEqual({ consumedMs: 3 * HOUR, remainingMs: 5 * HOUR, untilDeadlineMs: 5 * HOUR });
  });

  test('across the weekend: business time stops Friday 17:00 Pacific, wall time does not', () => {
    const start = at('2026-11-20T20:00:00Z'); // Friday 12:00 PST; deadline Sunday 18:00 PST
    const clock = medium(start);
    expect(iso(clock.deadline)).toBe('2026-11-23T02:00:00.000Z');
    const saturday = at('2026-11-21T20:00:00Z');
    expect(liveClockTimes(snapshot(clock, 0), start, saturday, calendar)).toEqual({
      consumedMs: 5 * HOUR,
      remainingMs: 3 * HOUR,
      untilDeadlineMs: 30 * HOUR,
    });
  });

  test('a paused clock consumes nothing more and has no deadline', () => {
    const start = at('2026-11-23T17:00:00Z');
    const paused = pauseClock(medium(start), start + 2 * HOUR, calendar).clock;
    const live = liveClockTimes(
      snapshot(paused, paused.consumedMs),
      start + 2 * HOUR,
      start + 30 * HOUR,
      calendar,
    );
    expect(live).toEqual({ consumedMs: 2 * HOUR, remainingMs: 6 * HOUR, untilDeadlineMs: null });
  });

  test('a breached clock has nothing left; a running one past its deadline shows how late it is', () => {
    const breached: ClockSnapshot = { status: 'breached', targetMs: 8 * HOUR, consumedMs: 8 * HOUR };
    expect(liveClockTimes(breached, 0, 10 * HOUR, calendar)).toEqual({
      consumedMs: 8 * HOUR,
      remainingMs: 0,
      untilDeadlineMs: null,
    });
    // The workflow has not yet run its breach (asOf before the deadline): remaining is 0, not negative.
    const start = at('2026-11-23T17:00:00Z');
    const clock = medium(start);
    const late = liveClockTimes(snapshot(clock, 0), start, start + 9 * HOUR, calendar);
    expect(late).toEqual({ consumedMs: 8 * HOUR, remainingMs: 0, untilDeadlineMs: -1 * HOUR });
  });

  test('a met clock keeps the consumption it was met with', () => {
    const met: ClockSnapshot = { status: 'met', targetMs: 8 * HOUR, consumedMs: 90 * MINUTE };
    expect(liveClockTimes(met, 0, 100 * HOUR, calendar)).toEqual({
      consumedMs: 90 * MINUTE,
      remainingMs: 390 * MINUTE,
      untilDeadlineMs: null,
    });
  });

  test('a caller whose clock is behind asOf sees the status as it is', () => {
    const start = at('2026-11-23T17:00:00Z');
    const clock = medium(start);
    expect(liveClockTimes(snapshot(clock, HOUR), start + HOUR, start, calendar).consumedMs).toBe(HOUR);
  });
});

describe('liveClockTimes, properties on the Los Angeles 24x5 calendar', () => {
  const minuteIn = (from: string, to: string) =>
    fc.integer({ min: at(from) / MINUTE, max: at(to) / MINUTE }).map((m) => m * MINUTE);
  const caseArb = fc.record({
    start: minuteIn('2026-12-01T00:00:00Z', '2028-12-01T00:00:00Z'),
    targetMs: fc.integer({ min: 1, max: 48 * 60 }).map((m) => m * MINUTE),
    asOfAfter: fc.integer({ min: 0, max: 5 * 24 * 60 }).map((m) => m * MINUTE),
    nowAfter: fc.array(
      fc.integer({ min: 0, max: 10 * 24 * 60 }).map((m) => m * MINUTE),
      {
        minLength: 2,
        maxLength: 2,
      },
    ),
  });

  /** The clock as the status view shows it at asOf (before its deadline, still running). */
  function runningAt(start: number, targetMs: number, asOf: number) {
    const clock = startClock({ kind: 'first_reply', targetMs, calendar, warningAtFraction: 0.75 }, start);
    const view = snapshot(clock, 0);
    const atAsOf = liveClockTimes(view, start, asOf, calendar); // consumption up to asOf
    return { clock, view: { ...view, consumedMs: atAsOf.consumedMs } };
  }

  test('while running before the deadline, consumed + remaining = target and the deadline is that far', () => {
    fc.assert(
      fc.property(caseArb, ({ start, targetMs, asOfAfter, nowAfter: [nowAfter] }) => {
        const asOf = start + asOfAfter;
        const { clock, view } = runningAt(start, targetMs, asOf);
        const deadline = clock.deadline ?? NaN;
        const now = asOf + nowAfter;
        fc.pre(now < deadline);
        const live = liveClockTimes(view, asOf, now, calendar);
        expect(live.consumedMs + live.remainingMs).toBe(targetMs);
        expect(live.untilDeadlineMs).toBe(deadline - now);
        // The remaining business time, spent from now, reaches the same deadline.
        expect(addBusinessTime(calendar, now, live.remainingMs)).toBe(deadline);
      }),
      { numRuns: 300 },
    );
  });

  test('the asOf of the status does not change the answer', () => {
    fc.assert(
      fc.property(caseArb, ({ start, targetMs, asOfAfter, nowAfter: [nowAfter] }) => {
        const now = start + asOfAfter + nowAfter;
        const early = runningAt(start, targetMs, start);
        const late = runningAt(start, targetMs, start + asOfAfter);
        expect(liveClockTimes(late.view, start + asOfAfter, now, calendar)).toEqual(
          liveClockTimes(early.view, start, now, calendar),
        );
      }),
      { numRuns: 200 },
    );
  });

  test('monotone in now: consumed never falls, remaining and time to deadline never rise', () => {
    fc.assert(
      fc.property(caseArb, ({ start, targetMs, asOfAfter, nowAfter: [a, b] }) => {
        const asOf = start + asOfAfter;
        const { view } = runningAt(start, targetMs, asOf);
        const [earlier, later] = [asOf + Math.min(a, b), asOf + Math.max(a, b)];
        const first = liveClockTimes(view, asOf, earlier, calendar);
        const second = liveClockTimes(view, asOf, later, calendar);
        expect(second.consumedMs).toBeGreaterThanOrEqual(first.consumedMs);
        expect(second.remainingMs).toBeLessThanOrEqual(first.remainingMs);
        expect(second.remainingMs).toBeGreaterThanOrEqual(0);
        expect(second.untilDeadlineMs ?? 0).toBeLessThanOrEqual(first.untilDeadlineMs ?? 0);
      }),
      { numRuns: 300 },
    );
  });
});
