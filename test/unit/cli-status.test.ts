import { formatStatus } from '../../client/cli/commands/status';
import { withLiveClocks } from '../../domain/sla/live-status';
import { loadSlaPolicyCatalog } from '../../domain/sla/policy-catalog';
import type { ClockView, PartnerTicketStatus } from '../../workflows/partner-ticket/types';

const HOUR = 3_600_000;

const clock = (overrides: Partial<ClockView>): ClockView => ({
  kind: 'first_reply',
  targetMs: 8 * HOUR,
  consumedMs: 0,
  status: 'running',
  target: '8 h',
  calendar: '24x5',
  startedAt: '2026-12-04T20:00:00.000Z',
  warned: false,
  consumedMinutes: 0,
  ...overrides,
});

const status = (clocks: ClockView[]): PartnerTicketStatus => ({
  ticketId: 42,
  asOf: '2026-12-04T20:00:00.000Z',
  policyVersion: '2026-12-01',
  phase: 'open',
  supportLevel: 'priority',
  impact: 'medium',
  contactStatus: 'verified',
  slaState: 'active',
  clocks,
  decisions: [],
  decisionCounts: {},
  organizationNotes: null,
  tags: [],
  starred: false,
  pendingEffects: 0,
  eventsSeen: 1,
  pendingEvents: 0,
  generation: 0,
});

describe('partner-support status: live remaining time', () => {
  test('a running clock shows business time left now and the wall time to its deadline', () => {
    const running = clock({ runningSince: '2026-12-04T20:00:00.000Z', deadline: '2026-12-07T02:00:00.000Z' });
    // Saturday: 5 h of Friday afternoon (Pacific) consumed since asOf, the weekend does not count.
    const text = formatStatus(
      withLiveClocks(status([running]), loadSlaPolicyCatalog(), Date.parse('2026-12-05T12:00:00Z')),
    );
    expect(text).toMatch(/SLA policy\s+2026-12-01/);
    expect(text).toMatch(/CLOCK\s+STATUS\s+TARGET\s+CALENDAR\s+REMAINING\s+DEADLINE\s+DUE/);
    expect(text).toMatch(/first_reply\s+running\s+8 h\s+24x5\s+3 h\s+2026-12-07 02:00 UTC\s+in 38 h/);
  });

  test('a paused clock shows what is left without a deadline; a breached one shows none', () => {
    const paused = clock({ status: 'paused', consumedMs: 2 * HOUR });
    const breached = clock({
      kind: 'next_reply',
      status: 'breached',
      consumedMs: 8 * HOUR,
      breachedAt: '2026-12-03T00:00:00.000Z',
    });
    const text = formatStatus(
      withLiveClocks(status([paused, breached]), loadSlaPolicyCatalog(), Date.parse('2026-12-05T12:00:00Z')),
    );
    expect(text).toMatch(/first_reply\s+paused\s+8 h\s+24x5\s+6 h \(paused\)\s+-\s+-/);
    expect(text).toMatch(/next_reply\s+breached\s+8 h\s+24x5\s+-\s+-\s+-\s+2026-12-03 00:00 UTC/);
  });

  test('a running clock past its deadline (the workflow has not acted yet) shows how long ago', () => {
    const late = clock({ runningSince: '2026-12-04T20:00:00.000Z', deadline: '2026-12-07T02:00:00.000Z' });
    const text = formatStatus(
      withLiveClocks(status([late]), loadSlaPolicyCatalog(), Date.parse('2026-12-07T03:30:00Z')),
    );
    expect(text).toMatch(
      /first_reply\s+running\s+8 h\s+24x5\s+0 min\s+2026-12-07 02:00 UTC\s+1 h 30 min ago/,
    );
  });
});
