import type { Client } from '@temporalio/client';
import { formatRollout, parseRolloutVersion } from '../../client/cli/commands/policy';
import type { CliContext } from '../../client/cli/context';
import { ExitCode } from '../../client/cli/exit-codes';
import { runCli } from '../../client/cli/program';
import { loadSlaPolicyCatalog } from '../../domain/sla/policy-catalog';

const catalog = loadSlaPolicyCatalog();

/** A context whose Temporal client is a stand-in: visibility lists `running`, updates answer `update`. */
function fakeContext(
  running: string[],
  update: (workflowId: string, version: string) => Promise<unknown>,
): { context: CliContext; out: string[]; err: string[]; calls: () => number; queries: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const queries: string[] = [];
  let calls = 0;
  const client = {
    connection: { withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn() },
    workflow: {
      async *list({ query }: { query: string }) {
        queries.push(query);
        for (const workflowId of running)
          yield { workflowId, typedSearchAttributes: { get: () => undefined } };
      },
      getHandle: (workflowId: string) => ({
        executeUpdate: (_def: unknown, { args: [{ version }] }: { args: [{ version: string }] }) =>
          update(workflowId, version),
      }),
    },
  } as unknown as Client;
  const context: CliContext = {
    temporal: async () => {
      calls += 1;
      return client;
    },
    taskQueue: 'unit',
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    user: 'tester',
    deadlineMs: 1_000,
  };
  return { context, out, err, calls: () => calls, queries };
}

describe('policy rollout arguments', () => {
  test('no --version: the current version', () => {
    expect(parseRolloutVersion(undefined, catalog)).toBe('2026-12-01');
  });

  test.each(['2026-11-23', ' 2026-12-01 '])('a known version %j', (raw) => {
    expect(parseRolloutVersion(raw, catalog)).toBe(raw.trim());
  });

  test.each(['2025-01-01', '', 'latest', 'constructor', '2026-12-01; rm -rf'])(
    'an unknown version %j is a usage error naming the known ones',
    (raw) => {
      expect(() => parseRolloutVersion(raw, catalog)).toThrow(
        expect.objectContaining({ exitCode: ExitCode.usage }),
      );
      expect(() => parseRolloutVersion(raw, catalog)).toThrow(
        /known SLA policy version \(2026-11-23, 2026-12-01\)/,
      );
    },
  );

  test('runCli: an unknown version exits 2 before Temporal is contacted', async () => {
    const fake = fakeContext([], async () => {
      throw new Error('must not be called');
    });
    expect(await runCli(['policy', 'rollout', '--version', '1999-01-01'], fake.context)).toBe(ExitCode.usage);
    expect(fake.err.join('')).toMatch(/--version must be a known SLA policy version/);
    expect(fake.calls()).toBe(0);
  });

  test('runCli: --version without a value and an unknown subcommand are usage errors', async () => {
    const fake = fakeContext([], async () => ({}));
    expect(await runCli(['policy', 'rollout', '--version'], fake.context)).toBe(ExitCode.usage);
    expect(await runCli(['policy', 'rollback'], fake.context)).toBe(ExitCode.usage);
    expect(fake.calls()).toBe(0);
  });
});

describe('policy rollout', () => {
  test('sends the update to every running ticket found by visibility and prints a table', async () => {
    const sent: Array<[string, string]> = [];
    const fake = fakeContext(['partner-ticket-101', 'partner-ticket-102'], async (workflowId, version) => {
      sent.push([workflowId, version]);
      return { previousVersion: '2026-11-23', version, retargetedClocks: workflowId.endsWith('1') ? 1 : 0 };
    });
    expect(await runCli(['policy', 'rollout'], fake.context)).toBe(ExitCode.ok);
    expect(fake.queries).toEqual(['WorkflowType = "partnerTicket" AND ExecutionStatus = "Running"']);
    expect(sent).toEqual([
      ['partner-ticket-101', '2026-12-01'],
      ['partner-ticket-102', '2026-12-01'],
    ]);
    const text = fake.out.join('');
    expect(text).toMatch(/TICKET\s+PREVIOUS\s+VERSION\s+RETARGETED\s+RESULT/);
    expect(text).toMatch(/101\s+2026-11-23\s+2026-12-01\s+1\s+ok/);
    expect(text).toMatch(/2 of 2 ticket\(s\) on SLA policy 2026-12-01/);
  });

  test('a refusal is reported per ticket and the command exits 1; --json lists every ticket', async () => {
    const fake = fakeContext(['partner-ticket-7', 'partner-ticket-8'], async (workflowId, version) => {
      if (workflowId.endsWith('8')) {
        throw Object.assign(new Error('update failed'), {
          name: 'WorkflowUpdateFailedError',
          cause: new Error('The ticket is still in intake: try again shortly.'),
        });
      }
      return { version, retargetedClocks: 2 };
    });
    expect(await runCli(['policy', 'rollout', '--version', '2026-11-23', '--json'], fake.context)).toBe(
      ExitCode.failure,
    );
    expect(JSON.parse(fake.out.join(''))).toEqual({
      version: '2026-11-23',
      failed: 1,
      tickets: [
        {
          ticketId: '7',
          workflowId: 'partner-ticket-7',
          ok: true,
          version: '2026-11-23',
          retargetedClocks: 2,
        },
        {
          ticketId: '8',
          workflowId: 'partner-ticket-8',
          ok: false,
          error: 'Refused: The ticket is still in intake: try again shortly.',
        },
      ],
    });
    expect(fake.err.join('')).toMatch(/1 of 2 ticket\(s\) were not moved to 2026-11-23/);
  });

  test('no running tickets: nothing to do, exit 0', async () => {
    const fake = fakeContext([], async () => ({}));
    expect(await runCli(['policy', 'rollout'], fake.context)).toBe(ExitCode.ok);
    expect(fake.out.join('')).toMatch(/No running tickets/);
  });

  test('the table says which tickets failed and why', () => {
    const text = formatRollout('2026-12-01', [
      { ticketId: '1', workflowId: 'partner-ticket-1', ok: true, version: '2026-12-01', retargetedClocks: 0 },
      { ticketId: '2', workflowId: 'partner-ticket-2', ok: false, error: 'Refused: ended' },
    ]);
    expect(text).toMatch(/1\s+\(none\)\s+2026-12-01\s+0\s+ok/);
    expect(text).toMatch(/2\s+-\s+-\s+-\s+failed: Refused: ended/);
    expect(text).toMatch(/1 of 2 ticket\(s\) on SLA policy 2026-12-01/);
  });
});
