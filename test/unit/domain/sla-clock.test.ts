import fc from 'fast-check';
import {
  advanceClock,
  businessTimeBetween,
  clockTarget,
  nextClockInstant,
  pauseClock,
  resumeClock,
  satisfyClock,
  startClock,
  ticketSlaState,
  type ClockEvent,
  type SlaClock,
} from '../../../domain/sla';
import { currentPolicy, loadSlaPolicyCatalog } from '../../../domain/sla/policy-catalog';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const policy = currentPolicy(loadSlaPolicyCatalog());
const cal24x5 = policy.calendars['24x5'];
const at = (iso: string): number => Date.parse(iso);

function priorityMediumClock(start: number): SlaClock {
  const target = clockTarget(policy, 'priority', 'first_reply', 'medium');
  return startClock(
    { kind: 'first_reply', targetMs: target.targetMs, calendar: target.calendarOf, warningAtFraction: 0.75 },
    start,
  );
}

describe('SLA clocks', () => {
  test('GitLab targets are the policy data', () => {
    expect(clockTarget(policy, 'priority', 'first_reply', 'emergency')).toMatchObject({
      targetMs: 30 * MINUTE,
      calendar: '24x7',
    });
    expect(clockTarget(policy, 'priority', 'first_reply', 'highly_degraded')).toMatchObject({
      targetMs: 4 * HOUR,
      calendar: '24x5',
    });
    expect(clockTarget(policy, 'priority', 'first_reply', 'medium')).toMatchObject({
      targetMs: 8 * HOUR,
      calendar: '24x5',
    });
    expect(clockTarget(policy, 'priority', 'first_reply', 'low')).toMatchObject({
      targetMs: 24 * HOUR,
      calendar: '24x5',
    });
    expect(clockTarget(policy, 'standard', 'first_reply', 'emergency')).toMatchObject({
      targetMs: 24 * HOUR,
      calendar: '24x5',
    });
  });

  test('a running clock warns at 75% and breaches at the deadline', () => {
    const clock = priorityMediumClock(at('2026-11-23T09:00:00Z'));
    expect(new Date(clock.warningAt ?? 0).toISOString()).toBe('2026-11-23T15:00:00.000Z');
    expect(new Date(clock.deadline ?? 0).toISOString()).toBe('2026-11-23T17:00:00.000Z');
    expect(nextClockInstant(clock)).toBe(clock.warningAt);

    const warned = advanceClock(clock, at('2026-11-23T15:00:00Z'));
    expect(warned.events).toEqual([{ type: 'warning', at: at('2026-11-23T15:00:00Z') }]);
    expect(ticketSlaState([warned.clock])).toBe('warning');
    expect(nextClockInstant(warned.clock)).toBe(at('2026-11-23T17:00:00Z'));

    const breached = advanceClock(warned.clock, at('2026-11-23T17:00:00Z'));
    expect(breached.events).toEqual([{ type: 'breach', at: at('2026-11-23T17:00:00Z') }]);
    expect(breached.clock.status).toBe('breached');
    expect(ticketSlaState([breached.clock])).toBe('breached');
    expect(nextClockInstant(breached.clock)).toBeUndefined();
  });

  test('a pause stops the clock; resuming moves the deadline by the paused business time', () => {
    const clock = priorityMediumClock(at('2026-11-23T09:00:00Z'));
    const paused = pauseClock(clock, at('2026-11-23T11:00:00Z'), cal24x5).clock;
    expect(paused.status).toBe('paused');
    expect(paused.consumedMs).toBe(2 * HOUR);
    expect(ticketSlaState([paused])).toBe('paused');
    const resumed = resumeClock(paused, at('2026-11-24T11:00:00Z'), cal24x5);
    expect(new Date(resumed.deadline ?? 0).toISOString()).toBe('2026-11-24T17:00:00.000Z');
  });

  test('a pause after the deadline records the breach it would otherwise hide', () => {
    const clock = priorityMediumClock(at('2026-11-23T09:00:00Z'));
    const { clock: paused, events } = pauseClock(clock, at('2026-11-23T18:00:00Z'), cal24x5);
    expect(events.map((e) => e.type)).toEqual(['warning', 'breach']);
    expect(paused.status).toBe('breached');
    expect(paused.breachedAt).toBe(at('2026-11-23T17:00:00Z'));
  });

  test('an agent reply meets the clock; a late reply leaves the breach on record', () => {
    const clock = priorityMediumClock(at('2026-11-23T09:00:00Z'));
    expect(satisfyClock(clock, at('2026-11-23T10:00:00Z')).clock.status).toBe('met');
    const late = satisfyClock(clock, at('2026-11-23T20:00:00Z'));
    expect(late.clock.status).toBe('breached');
    expect(late.clock.metAt).toBe(at('2026-11-23T20:00:00Z'));
    expect(late.events.map((e) => e.type)).toEqual(['warning', 'breach']);
  });

  test('a reply delivered after a later event that met the clock moves the met instant back to it, never before the start', () => {
    const clock = priorityMediumClock(at('2026-11-23T09:00:00Z'));
    const bySolve = satisfyClock(clock, at('2026-11-23T10:00:04Z')).clock;
    const byReply = satisfyClock(bySolve, at('2026-11-23T10:00:00Z'));
    expect(byReply.clock).toEqual({ ...bySolve, metAt: at('2026-11-23T10:00:00Z') });
    expect(byReply.events).toEqual([]);
    // A reply from before the clock started (it answered an earlier clock) meets it neither way.
    expect(satisfyClock(bySolve, at('2026-11-23T08:59:59Z')).clock).toBe(bySolve);
    expect(satisfyClock(clock, at('2026-11-23T08:59:59Z')).clock).toBe(clock);
    expect(satisfyClock(byReply.clock, at('2026-11-23T10:30:00Z')).clock.metAt).toBe(
      at('2026-11-23T10:00:00Z'),
    );
    // After a breach too; one whose reply's webhook arrived after the breach fired keeps the
    // breach on record and the reply's instant, as a late reply meeting an unmet clock does.
    const lateBySolve = satisfyClock(clock, at('2026-11-23T20:00:00Z')).clock;
    const breachedAt = lateBySolve.breachedAt as number;
    expect(satisfyClock(lateBySolve, at('2026-11-23T19:59:00Z')).clock).toMatchObject({
      status: 'breached',
      breachedAt,
      metAt: at('2026-11-23T19:59:00Z'),
    });
    const breachedUnmet = advanceClock(clock, breachedAt).clock;
    expect(satisfyClock(breachedUnmet, breachedAt - 1).clock).toMatchObject({
      breachedAt,
      metAt: breachedAt - 1,
    });
    expect(satisfyClock(lateBySolve, breachedAt - 1).clock).toMatchObject({
      breachedAt,
      metAt: breachedAt - 1,
    });
  });

  test('ticket SLA state: an open breach dominates; all met is met', () => {
    const start = at('2026-11-23T09:00:00Z');
    const met = satisfyClock(priorityMediumClock(start), start + HOUR).clock;
    const running = priorityMediumClock(start);
    expect(ticketSlaState([])).toBe('none');
    expect(ticketSlaState([met])).toBe('met');
    expect(ticketSlaState([met, running])).toBe('active');
  });
});

type Op = { kind: 'pause' | 'resume'; afterMinutes: number };

describe('SLA clocks, properties', () => {
  test('whatever the pauses, a breach is never missed and is dated at the exact instant the target is consumed', () => {
    const opArb = fc.record({
      kind: fc.constantFrom<'pause' | 'resume'>('pause', 'resume'),
      afterMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: at('2026-11-01T00:00:00Z'), max: at('2027-02-01T00:00:00Z') }),
        fc.array(opArb, { maxLength: 12 }),
        (start, ops: Op[]) => {
          let clock = priorityMediumClock(start);
          const events: ClockEvent[] = [];
          // Reference model: the running segments, measured independently of the clock's own bookkeeping.
          const segments: Array<[number, number]> = [];
          let runningSince: number | undefined = start;
          let now = start;
          for (const op of ops) {
            now += op.afterMinutes * MINUTE;
            if (op.kind === 'pause') {
              const result = pauseClock(clock, now, cal24x5);
              clock = result.clock;
              events.push(...result.events);
              if (runningSince !== undefined) segments.push([runningSince, now]);
              runningSince = undefined;
            } else {
              clock = resumeClock(clock, now, cal24x5);
              runningSince ??= now;
            }
          }
          const end = now + 10 * 24 * HOUR;
          const final = advanceClock(clock, end);
          events.push(...final.events);
          if (runningSince !== undefined) segments.push([runningSince, end]);

          const consumed = segments.reduce((sum, [s, e]) => sum + businessTimeBetween(cal24x5, s, e), 0);
          const shouldBreach = consumed >= clock.targetMs;
          expect(final.clock.status === 'breached').toBe(shouldBreach);
          expect(events.filter((e) => e.type === 'breach')).toHaveLength(shouldBreach ? 1 : 0);
          if (shouldBreach) {
            // At the breach instant, exactly the target has been consumed across the running segments.
            const breachAt = final.clock.breachedAt ?? 0;
            const consumedAtBreach = segments.reduce(
              (sum, [s, e]) => sum + businessTimeBetween(cal24x5, s, Math.min(e, breachAt)),
              0,
            );
            expect(consumedAtBreach).toBe(clock.targetMs);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
