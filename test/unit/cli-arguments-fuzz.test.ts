import fc from 'fast-check';
import type { CliContext } from '../../client/cli/context';
import { ExitCode } from '../../client/cli/exit-codes';
import { runCli } from '../../client/cli/program';
import { partnerProgramValues, slaStateValues } from '../../domain/search-attributes';
import { starUrgencies } from '../../domain/star';
import { anyText, blank } from '../support/fuzz-arbitraries';
import { fuzzParameters } from '../support/fuzz';

/**
 * Property-based tests of the command line's argument checks (fast-check, fixed seed; FUZZ_RUNS /
 * FUZZ_SEED for more, see test/support/fuzz.ts): a mutated or random command line exits 2 with
 * a message on stderr, before Temporal is connected to or Zendesk asked (both count their calls
 * and refuse: a usage error must never reach them).
 */
function offlineContext() {
  const calls = { temporal: 0, zendesk: 0 };
  const out: string[] = [];
  const err: string[] = [];
  const refuse = (system: 'temporal' | 'zendesk') => {
    calls[system] += 1;
    return Promise.reject(new Error(`${system} must not be contacted for a usage error`));
  };
  const context: CliContext = {
    temporal: () => refuse('temporal'),
    tickets: { getTicket: () => refuse('zendesk'), findTicketByCaseNumber: () => refuse('zendesk') },
    taskQueue: 'unit',
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    user: 'tester',
    deadlineMs: 1_000,
  };
  return { context, calls, out, err };
}

async function expectUsageError(argv: string[]): Promise<void> {
  const run = offlineContext();
  const code = await runCli(argv, run.context);
  if (code !== ExitCode.usage) {
    throw new Error(`exit ${code} for ${JSON.stringify(argv)}: ${run.err.join('')}${run.out.join('')}`);
  }
  expect(run.err.join('')).not.toBe('');
  expect(run.calls).toEqual({ temporal: 0, zendesk: 0 });
}

// Commander answers -h/--help (alone or in a cluster of short flags) with help and exit 0.
const asksForHelp = (token: string): boolean =>
  token === '--help' || (/^-[^-]/.test(token) && /h/.test(token.split('=')[0]));
const arg = (arbitrary: fc.Arbitrary<string>) => arbitrary.filter((token) => !asksForHelp(token));

const notTicketId = arg(anyText().filter((v) => !/^[1-9]\d{0,14}$/.test(v.trim())));
const notRequestId = arg(
  anyText().filter((v) => !/^[1-9]\d{0,14}$/.test(v.trim()) && !/^T\d{1,15}$/.test(v.trim())),
);
const notEmail = arg(anyText().filter((v) => !v.includes('@')));
const notIn = (values: readonly string[]) =>
  arg(anyText().filter((v) => !values.some((value) => value.toLowerCase() === v.trim().toLowerCase())));
const notUrgency = arg(
  anyText().filter(
    (v) =>
      !(starUrgencies as readonly string[]).includes(
        v
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_'),
      ),
  ),
);
const notWholeIn = (min: number, max: number) =>
  arg(anyText(12).filter((v) => !(Number.isInteger(Number(v)) && Number(v) >= min && Number(v) <= max)));
const notInterval = arg(anyText().filter((v) => !/\d/.test(v)));
const notAccountId = arg(anyText().filter((v) => !/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(v.trim())));
/** An option no command has. */
const unknownOption = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/).map((name) => `--x-${name}`);

/** Command lines that are wrong in exactly one place (each would run if that place were right). */
const badCommandLine: fc.Arbitrary<string[]> = fc.oneof(
  notTicketId.map((id) => ['status', id]),
  notTicketId.map((id) => ['ack-star', id, '--by', 'manager']),
  notTicketId.map((id) => ['unstar', id, '--reason', 'done', '--by', 'manager']),
  notTicketId.map((id) => ['files', 'retrieve', id]),
  notTicketId.map((id) => ['files', 'uploader', id]),
  notWholeIn(1, 100_000).map((n) => ['files', 'retrieve', '123456', '--max-objects', n]),
  notRequestId.map((id) => ['escalate', id, '--reason', 'down', '--actions', 'call']),
  notUrgency.map((u) => ['escalate', '123456', '--reason', 'down', '--actions', 'call', '--urgency', u]),
  blank.map((b) => ['escalate', 'T123456789', '--reason', b, '--actions', 'call']),
  blank.map((b) => ['escalate', 'T123456789', '--reason', 'down', '--actions', b]),
  blank.map((b) => ['unstar', '123456', '--reason', b]),
  fc.constantFrom<string[]>(
    ['escalate', '123456', '--actions', 'call'],
    ['escalate', '123456', '--reason', 'down'],
    ['escalate'],
    ['status'],
    ['unstar', '1'],
  ),
  notIn(partnerProgramValues).map((p) => ['list', '--program', p]),
  notIn(slaStateValues).map((state) => ['list', '--sla-state', state]),
  notWholeIn(1, 1000).map((n) => ['list', '--limit', n]),
  fc.constant<string[]>(['list', '--starred', '--not-starred']),
  notEmail.map((e) => [
    'provision',
    e,
    '--account',
    '001000000000003AAA',
    '--requested-by',
    'csm@example.com',
  ]),
  notEmail.map((e) => [
    'provision',
    'rep@globex.example',
    '--account',
    '001000000000003AAA',
    '--requested-by',
    e,
  ]),
  notAccountId.map((a) => [
    'provision',
    'rep@globex.example',
    '--account',
    a,
    '--requested-by',
    'csm@example.com',
  ]),
  fc.constantFrom<string[]>(
    ['provision', 'rep@globex.example', '--requested-by', 'csm@example.com'],
    ['provision', 'rep@globex.example', '--account', '001000000000003AAA'],
  ),
  notEmail.map((e) => ['provision', 'status', e]),
  notEmail.map((e) => ['provision', 'remove', e, '--requested-by', 'csm@example.com']),
  notInterval.map((every) => ['reconcile-schedule', '--every', every]),
  notInterval.map((every) => ['zendesk', 'reconcile-schedule', '--every', every]),
  // An option no command knows, anywhere after the command.
  fc
    .tuple(
      fc.constantFrom<string[]>(
        ['status', '123456'],
        ['list'],
        ['escalate', '123456', '--reason', 'r', '--actions', 'a'],
        ['files', 'retrieve', '1'],
        ['provision', 'status', 'rep@globex.example'],
      ),
      unknownOption,
    )
    .chain(([argv, option]) =>
      fc.integer({ min: 1, max: argv.length }).map((at) => [...argv.slice(0, at), option, ...argv.slice(at)]),
    ),
);

const commands = [
  'status',
  'list',
  'escalate',
  'ack-star',
  'unstar',
  'provision',
  'reconcile-schedule',
  'reconcile',
  'zendesk',
  'files',
  'policy',
  'help',
];

describe('command-line arguments, fuzzed (exit 2, Temporal and Zendesk untouched)', () => {
  test('a command line wrong in one place', async () => {
    await fc.assert(fc.asyncProperty(badCommandLine, expectUsageError), fuzzParameters(500));
  });

  test('random words that do not start with a command', async () => {
    const argv = fc
      .array(anyText(20), { minLength: 1, maxLength: 6 })
      .filter(([first]) => !commands.includes(first) && !first.startsWith('-'))
      .filter((words) => !words.some(asksForHelp));
    await fc.assert(fc.asyncProperty(argv, expectUsageError), fuzzParameters(300));
  });

  test('control: the same command lines, made right, get past the checks to Temporal or Zendesk', async () => {
    for (const argv of [
      ['status', '123456'],
      ['escalate', 'T123456789', '--reason', 'down', '--actions', 'call', '--urgency', 'Not urgent'],
      ['list', '--program', 'alliance', '--sla-state', 'BREACHED', '--limit', '1000'],
      ['files', 'retrieve', '123456', '--max-objects', '100000'],
      ['files', 'uploader', '123456'],
      [
        'provision',
        'rep@globex.example',
        '--account',
        '001000000000003AAA',
        '--requested-by',
        'csm@example.com',
      ],
      ['provision', 'remove', 'rep@globex.example', '--requested-by', 'csm@example.com'],
      ['reconcile-schedule', '--every', '30 minutes'],
    ]) {
      const run = offlineContext();
      expect(await runCli(argv, run.context)).toBe(ExitCode.failure);
      expect(run.calls.temporal + run.calls.zendesk).toBe(1);
    }
  });
});
