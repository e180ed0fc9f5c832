import type { CliContext } from '../../client/cli/context';
import { ExitCode } from '../../client/cli/exit-codes';
import { buildListQuery, visibilityString } from '../../client/cli/list-query';
import { runCli } from '../../client/cli/program';
import { renderTable, shortTime } from '../../client/cli/table';
import { parseTicketId, parseUrgency } from '../../client/cli/ticket-arguments';

/** Command-line validation: every usage error is caught before Temporal is contacted. */
function offlineContext() {
  const out: string[] = [];
  const err: string[] = [];
  let temporalCalls = 0;
  const context: CliContext = {
    temporal: async () => {
      temporalCalls += 1;
      throw new Error('Temporal must not be contacted for a usage error');
    },
    taskQueue: 'unit',
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    user: 'tester',
    deadlineMs: 1_000,
  };
  return { context, out, err, temporalCalls: () => temporalCalls };
}

describe('buildListQuery', () => {
  test('running partner tickets by default', () => {
    expect(buildListQuery({})).toBe('WorkflowType = "partnerTicket" AND ExecutionStatus = "Running"');
  });
  test('filters are normalised to the published values and quoted', () => {
    expect(buildListQuery({ program: 'alliance', slaState: 'BREACHED', starred: true, all: true })).toBe(
      'WorkflowType = "partnerTicket" AND PartnerProgram = "Alliance" AND SlaState = "breached" AND Starred = true',
    );
    expect(buildListQuery({ starred: false })).toContain('Starred = false');
  });
  test.each([
    ['--program', { program: 'Select" OR WorkflowType = "x' }],
    ['--program', { program: 'gold' }],
    ['--sla-state', { slaState: 'late' }],
    ['--sla-state', { slaState: '' }],
  ])('refuses an unknown %s value as a usage error', (option, filters) => {
    expect(() => buildListQuery(filters)).toThrow(expect.objectContaining({ exitCode: ExitCode.usage }));
    expect(() => buildListQuery(filters)).toThrow(option);
  });
  test('visibilityString escapes quotes and backslashes', () => {
    expect(visibilityString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('arguments', () => {
  test.each(['123456', ' 42 '])('ticket ID %j', (raw) => expect(parseTicketId(raw)).toBe(Number(raw.trim())));
  test.each(['0', '-1', '12.5', '#123', 'T123456789', '', '1e5', '1234567890123456'])(
    'not a ticket ID: %j',
    (raw) => expect(() => parseTicketId(raw)).toThrow(expect.objectContaining({ exitCode: ExitCode.usage })),
  );
  test.each([
    ['Urgent', 'urgent'],
    ['not-urgent', 'not_urgent'],
    ['Not urgent', 'not_urgent'],
    ['timely', 'timely'],
  ])('urgency %j → %s', (raw, urgency) => expect(parseUrgency(raw)).toBe(urgency));
  test('an unknown urgency is a usage error', () =>
    expect(() => parseUrgency('asap')).toThrow(/--urgency must be one of urgent, timely, not_urgent/));
});

describe('runCli usage errors (exit 2, Temporal untouched)', () => {
  test.each<[string, string[], RegExp]>([
    ['no command', [], /Usage: partner-support/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['status without a ticket', ['status'], /missing required argument 'ticketId'/],
    ['status with a case number', ['status', 'T123456789'], /not a ticket ID/],
    ['list with an unknown program', ['list', '--program', 'gold'], /--program must be one of/],
    ['list with a bad limit', ['list', '--limit', '0'], /--limit must be a whole number/],
    ['list with both star filters', ['list', '--starred', '--not-starred'], /exclude each other/],
    ['escalate without --reason', ['escalate', '123456', '--actions', 'call'], /required option '--reason/],
    ['escalate without --actions', ['escalate', '123456', '--reason', 'down'], /required option '--actions/],
    [
      'escalate with a blank reason',
      ['escalate', '123456', '--reason', ' ', '--actions', 'a'],
      /--reason must not be empty/,
    ],
    [
      'escalate with a malformed request ID',
      ['escalate', '#123456', '--reason', 'r', '--actions', 'a'],
      /T123456789/,
    ],
    [
      'escalate with a bad urgency',
      ['escalate', '1', '--reason', 'r', '--actions', 'a', '--urgency', 'now'],
      /--urgency/,
    ],
    ['unstar without a reason', ['unstar', '123456', '--by', 'manager'], /required option '--reason/],
    ['ack-star with a bad ticket ID', ['ack-star', 'abc'], /not a ticket ID/],
    ['an unknown option', ['status', '1', '--verbose'], /unknown option '--verbose'/],
  ])('%s', async (_label, argv, message) => {
    const run = offlineContext();
    expect(await runCli(argv, run.context)).toBe(ExitCode.usage);
    expect(run.err.join('')).toMatch(message);
    expect(run.out.join('')).toBe('');
    expect(run.temporalCalls()).toBe(0);
  });

  test.each(['T123456789', '123456'])(
    'escalating %s without a Zendesk lookup is a clear failure (the ticket must be checked first)',
    async (requestId) => {
      const run = offlineContext();
      const code = await runCli(['escalate', requestId, '--reason', 'r', '--actions', 'a'], run.context);
      expect(code).toBe(ExitCode.failure);
      expect(run.err.join('')).toMatch(/Escalating needs Zendesk .* not configured here/);
      expect(run.temporalCalls()).toBe(0);
    },
  );

  test('--help prints usage and exits 0', async () => {
    const run = offlineContext();
    expect(await runCli(['escalate', '--help'], run.context)).toBe(ExitCode.ok);
    expect(run.out.join('')).toMatch(/--urgency <urgency>/);
  });

  test('Temporal unreachable is a failure (exit 1) with the reason', async () => {
    const run = offlineContext();
    expect(await runCli(['status', '123456'], run.context)).toBe(ExitCode.failure);
    expect(run.err.join('')).toMatch(/^error: Cannot connect to Temporal/);
  });
});

describe('table output', () => {
  test('columns are aligned and the last column is not padded', () => {
    expect(
      renderTable(
        ['ID', 'SLA'],
        [
          ['123456', 'breached'],
          ['7', 'met'],
        ],
      ),
    ).toBe('ID      SLA\n123456  breached\n7       met\n');
  });
  test('shortTime reads minutes in UTC', () => {
    expect(shortTime('2026-11-23T09:05:59.123Z')).toBe('2026-11-23 09:05 UTC');
    expect(shortTime(undefined)).toBe('-');
  });
});
