import { provisioningScript } from '../../chaos/provisioning';
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
      new Set(['breach', 'conversation', 'impact', 'escalation', 'files']),
    );
  });

  test('a files lifecycle asks by tag, expects the tag taken off and the partner files copied; closes after the solve', () => {
    const files = chaosScript({
      seed: 3,
      count: 5,
      spacingMs: 1_000,
      stepGapMs: 2_000,
      closeAfterMs: 300_000,
    }).find((l) => l.kind === 'files')!;
    expect(files.steps.map((s) => s.step.kind)).toEqual(['create', 'tag', 'comment', 'status', 'status']);
    expect(files.steps.at(-1)?.afterMs).toBeGreaterThanOrEqual(300_000);
    expect(files.expect).toMatchObject({ absentTags: ['request_partner_files'], partnerFiles: true });
  });

  test('A1 requests: the same for the same seed, both accounts, each sent one to three times', () => {
    const a = provisioningScript({ seed: 16, count: 20, durationMs: 300_000 });
    expect(provisioningScript({ seed: 16, count: 20, durationMs: 300_000 })).toEqual(a);
    expect(new Set(a.map((r) => r.email)).size).toBe(20);
    expect(new Set(a.map((r) => r.accountId))).toEqual(new Set(['001000000000004AAA', '001000000000008AAA']));
    expect(a.every((r) => r.copies >= 1 && r.copies <= 3 && r.atMs >= 0 && r.atMs <= 300_000)).toBe(true);
    expect(a.some((r) => r.copies > 1)).toBe(true);
  });
});
