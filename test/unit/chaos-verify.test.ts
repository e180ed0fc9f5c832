import { chaosScript } from '../../chaos/script';
import { alertsByTicket, distinctPosts, expectationAfterIntake } from '../../chaos/verify';

describe('chaos run: counting alerts per ticket', () => {
  test('single alerts and digests count per ticket and kind', () => {
    const digest = [
      ':bell: 3 support alerts on 2 tickets (digest):',
      '• :warning: SLA warning on ticket #101 "Runners": first reply due 10:30.',
      '• :rotating_light: SLA breach on ticket #101 "Runners": first reply breached at 10:40.',
      '• :star: STAR on ticket #202 "Pipelines" (timely). Down — desired: Call. Acknowledge by 11:00.',
    ].join('\n');
    const single = ':rotating_light: SLA breach on ticket #202 "Pipelines": first reply breached at 10:41.';
    expect(Object.fromEntries(alertsByTicket([digest, single]))).toEqual({
      101: { warning: 1, breach: 1, star: 0 },
      202: { warning: 0, breach: 1, star: 1 },
    });
  });

  test('a post repeated under the same idempotency key counts once; posts without a key all count', () => {
    const key = (k: string) => ({
      event_type: 'partner_support_message',
      event_payload: { idempotency_key: k },
    });
    const posts = [
      { text: 'a', metadata: key('digest-alerts-1') },
      { text: 'a', metadata: key('digest-alerts-1') },
      { text: 'b', metadata: key('digest-alerts-2') },
      { text: 'c' },
      { text: 'c' },
    ];
    expect(distinctPosts(posts)).toEqual({ texts: ['a', 'b', 'c', 'c'], repeats: 1 });
  });
});

describe('chaos run: expectations', () => {
  const breach = chaosScript({
    seed: 1,
    count: 4,
    spacingMs: 1_000,
    stepGapMs: 1_000,
    closeAfterMs: 120_000,
  }).find((l) => l.kind === 'breach')!;

  test('a breach ticket triaged before its deadline expects its warning', () => {
    const seen = {
      clocks: [],
      intakeAt: '2026-11-30T10:00:05Z',
      firstReplyDeadline: '2026-11-30T10:01:00.000Z',
    };
    expect(expectationAfterIntake(breach.expect, seen)).toBe(breach.expect);
  });

  test('one triaged after its deadline expects the breach alone (no warning with a breach)', () => {
    const seen = {
      clocks: [],
      intakeAt: '2026-11-30T10:01:30Z',
      firstReplyDeadline: '2026-11-30T10:01:00.000Z',
    };
    const expected = expectationAfterIntake(breach.expect, seen);
    expect(expected.alerts).toEqual({ warning: 0, breach: 1, star: 0 });
    expect(expected.tags).not.toContain('sla_warning');
    expect(expected.clocks[0]).toMatchObject({ kind: 'first_reply', warned: false, breached: true });
  });

  test('the script is the same for the same seed, breaches first', () => {
    const a = chaosScript({ seed: 7, count: 12, spacingMs: 1_000, stepGapMs: 2_000, closeAfterMs: 120_000 });
    expect(
      chaosScript({ seed: 7, count: 12, spacingMs: 1_000, stepGapMs: 2_000, closeAfterMs: 120_000 }),
    ).toEqual(a);
    expect(a.slice(0, 3).map((l) => l.kind)).toEqual(['breach', 'breach', 'breach']);
    expect(new Set(a.map((l) => l.kind))).toEqual(
      new Set(['breach', 'conversation', 'impact', 'escalation']),
    );
  });
});
