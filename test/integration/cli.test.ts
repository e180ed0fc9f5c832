import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import type { CliContext } from '../../client/cli/context';
import { ExitCode } from '../../client/cli/exit-codes';
import { runCli } from '../../client/cli/program';
import { eventually } from '../support/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * `partner-support` against the real dev server, a worker running the real workflows and
 * activities, and the Zendesk simulator for case-number lookups: what the operator reads, and
 * the exit code a script sees.
 */
describe('partner-support CLI on the dev server', () => {
  let h: LifecycleHarness;
  let context: CliContext;
  let out: string[];
  let err: string[];
  let ticketId: number;
  const CASE_NUMBER = 'T555000111';

  const cli = async (...argv: string[]) => {
    out = [];
    err = [];
    const code = await runCli(argv, context);
    return { code, stdout: out.join(''), stderr: err.join('') };
  };
  const listed = async (...filters: string[]): Promise<string[]> => {
    const { code, stdout } = await cli('--json', 'list', '--limit', '1000', ...filters);
    expect(code).toBe(ExitCode.ok);
    return (JSON.parse(stdout) as Array<{ ticketId: string }>).map((t) => t.ticketId);
  };

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
    context = {
      temporal: async () => h.env.client,
      taskQueue: h.taskQueue,
      tickets: createZendeskActivities({
        zendesk: createZendeskClient(h.world.config.zendesk),
        fields: h.world.config.zendesk.fields,
      }),
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      user: 'cli-tester',
      deadlineMs: 15_000,
    };
    // An Alliance ticket (Globex) with a partner case number, through intake.
    const handle = await h.openTicket(
      globexAllianceTicket({ impact: 'highly_degraded', partnerCaseNumber: CASE_NUMBER }),
    );
    ticketId = (await h.until(handle, (s) => s.phase === 'open')).ticketId;
  });
  afterAll(async () => {
    await h?.close();
  });

  test('status prints the ticket readably, and --json prints the status query', async () => {
    const readable = await cli('status', String(ticketId));
    expect(readable.code).toBe(ExitCode.ok);
    expect(readable.stderr).toBe('');
    expect(readable.stdout).toMatch(new RegExp(`^Ticket ${ticketId} — `));
    expect(readable.stdout).toMatch(/Program\s+alliance/);
    expect(readable.stdout).toMatch(/Support level\s+priority/);
    expect(readable.stdout).toMatch(/SLA\s+active/);
    expect(readable.stdout).toMatch(/CLOCK\s+STATUS\s+TARGET/);
    expect(readable.stdout).toMatch(/first_reply\s+running\s+4 ?h\s+24x5/);
    expect(readable.stdout).toMatch(/RULE\s+DECISION/);

    const json = await cli('status', String(ticketId), '--json');
    expect(json.code).toBe(ExitCode.ok);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ticketId,
      program: 'alliance',
      phase: 'open',
      starred: false,
    });
  });

  test('status of a ticket without a workflow exits 3', async () => {
    const result = await cli('status', '999999');
    expect(result.code).toBe(ExitCode.notFound);
    expect(result.stderr).toBe(
      'error: Ticket 999999 has no workflow (no Zendesk event has been received for it).\n',
    );
    expect(result.stdout).toBe('');
  });

  test('list filters by program and SLA state through visibility, as a table or JSON', async () => {
    const id = String(ticketId);
    await eventually(async () =>
      (await listed('--program', 'alliance', '--sla-state', 'active')).includes(id),
    );
    expect(await listed('--program', 'select')).not.toContain(id);
    expect(await listed('--sla-state', 'breached')).not.toContain(id);
    expect(await listed('--starred')).not.toContain(id);

    const table = await cli('list', '--program', 'Alliance');
    expect(table.code).toBe(ExitCode.ok);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^TICKET\s+PROGRAM\s+SUPPORT\s+SLA\s+STARRED\s+WORKFLOW\s+STARTED$/);
    expect(rows.find((row) => row.startsWith(`${id} `))).toMatch(
      /Alliance\s+Priority\s+active\s+no\s+running/,
    );

    const none = await cli('list', '--program', 'customer');
    expect(none).toMatchObject({ code: ExitCode.ok, stdout: 'No tickets match.\n' });
  });

  test('escalate raises a STAR once; a second escalation (by case number) joins it', async () => {
    const first = await cli(
      'escalate',
      String(ticketId),
      '--reason',
      'Production pipelines blocked',
      '--actions',
      'Assign a senior engineer',
      '--urgency',
      'Urgent',
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(ExitCode.ok);
    expect(first.stdout).toMatch(
      new RegExp(
        `^STAR raised on ticket ${ticketId} \\(Urgent\\): a support manager must acknowledge it by \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.\\n$`,
      ),
    );

    const second = await cli(
      '--json',
      'escalate',
      ` ${CASE_NUMBER} `,
      '--reason',
      'Still blocked',
      '--actions',
      'Call us',
    );
    expect(second.code).toBe(ExitCode.ok);
    const result = JSON.parse(second.stdout);
    expect(result).toMatchObject({
      ticketId,
      outcome: 'coalesced',
      star: { status: 'raised', urgency: 'urgent' },
    });
    expect(
      result.star.requests.map((r: { submitter: string; requestId: string }) => [r.submitter, r.requestId]),
    ).toEqual([
      ['cli-tester', String(ticketId)],
      ['cli-tester', CASE_NUMBER],
    ]);

    await eventually(async () => (await listed('--starred')).includes(String(ticketId)));
    expect(await listed('--not-starred')).not.toContain(String(ticketId));
  });

  test('escalating an unknown case number or a ticket without a workflow exits 3 and starts nothing', async () => {
    const unknownCase = await cli('escalate', 'T000000001', '--reason', 'r', '--actions', 'a');
    expect(unknownCase.code).toBe(ExitCode.notFound);
    expect(unknownCase.stderr).toMatch(/^error: No ticket has the case number T000000001\. /);
    const noWorkflow = await cli('escalate', '888888', '--reason', 'r', '--actions', 'a');
    expect(noWorkflow.code).toBe(ExitCode.notFound);
    await expect(h.env.client.workflow.getHandle('partner-ticket-888888').describe()).rejects.toThrow(
      /not found/i,
    );
  });

  test('ack-star, then unstar with a reason; a second acknowledgement is refused (exit 1)', async () => {
    const ack = await cli('ack-star', String(ticketId), '--by', 'Dana (support manager)');
    expect(ack).toMatchObject({
      code: ExitCode.ok,
      stdout: `STAR on ticket ${ticketId}: acknowledged by Dana (support manager).\n`,
    });

    const unstar = await cli(
      'unstar',
      String(ticketId),
      '--by',
      'Dana',
      '--reason',
      'Pipelines running again',
    );
    expect(unstar).toMatchObject({
      code: ExitCode.ok,
      stdout: `STAR on ticket ${ticketId}: unstarred (Pipelines running again).\n`,
    });

    const again = await cli('ack-star', String(ticketId));
    expect(again.code).toBe(ExitCode.failure);
    expect(again.stderr).toBe(
      'error: Refused: The ticket is not starred: there is nothing to acknowledge.\n',
    );

    const status = JSON.parse((await cli('--json', 'status', String(ticketId))).stdout);
    expect(status).toMatchObject({
      starred: false,
      star: { status: 'unstarred', unstarReason: 'Pipelines running again' },
    });
  });
});
