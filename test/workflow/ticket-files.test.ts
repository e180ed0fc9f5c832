import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { WorkflowHandle } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import { ExitCode } from '../../client/cli/exit-codes';
import { runCli } from '../../client/cli/program';
import { buildServer } from '../../client/server/build-server';
import { createServerLogger } from '../../client/server/logger';
import { deliverTicketEvent } from '../../client/temporal/deliver-ticket-event';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import type { partnerTicket } from '../../workflows';
import type { FileRetrievalResult } from '../../workflows/file-retrieval/types';
import type { PartnerTicketOutcome, PartnerTicketStatus } from '../../workflows/partner-ticket/types';
import { recordHistoryIfAsked } from '../support/histories';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { startMoto, type MotoHarness } from '../support/moto';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * A5 from the ticket (the retrieval as the ticket's child workflow, asked for through the ticket
 * API and the CLI) and the retention of a ticket's files after it closes, on the time-skipping
 * server with the real activities against the simulators and moto.
 */
const PARTNER_BUCKET = 'globex-support-files'; // Globex's Account: this bucket, prefix gitlab-support/
const SUPPORT_BUCKET = 'partner-support-files-tickets';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const API_TOKEN = 'ticket-files-api-token-0123';

type TicketHandle = WorkflowHandle<typeof partnerTicket>;

describe('A5 from the ticket, and retention of its files (time-skipping server, simulators, moto)', () => {
  let h: LifecycleHarness;
  let moto: MotoHarness;

  beforeAll(async () => {
    moto = await startMoto();
    await moto.createBucket(PARTNER_BUCKET);
    await moto.createBucket(SUPPORT_BUCKET);
    await moto.put(PARTNER_BUCKET, 'gitlab-support/881/app.log', 'log line\n');
    await moto.put(PARTNER_BUCKET, 'gitlab-support/881/nested/trace.txt', 'trace');
    await moto.put(PARTNER_BUCKET, 'gitlab-support/882/other.txt', 'other');
    h = await startLifecycleHarness({ s3: { endpoint: moto.server.url, supportBucket: SUPPORT_BUCKET } });
  });

  afterAll(async () => {
    await h?.close();
    await moto?.close();
  });

  const ticketFiles = async (ticketId: number): Promise<string[]> => {
    const page = await moto.s3.send(
      new ListObjectsV2Command({ Bucket: SUPPORT_BUCKET, Prefix: `tickets/${ticketId}/` }),
    );
    return (page.Contents ?? []).map((o) => o.Key ?? '').sort();
  };
  const retrievalResult = (workflowId: string): Promise<FileRetrievalResult> =>
    h.env.client.workflow.getHandle(workflowId).result() as Promise<FileRetrievalResult>;

  const openTicket = async (): Promise<{ handle: TicketHandle; ticketId: number }> => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    const open = await h.until(handle, (s) => s.phase === 'open');
    return { handle, ticketId: open.ticketId };
  };

  const cliRetrieve = async (ticketId: number, prefix: string) => {
    const out = { stdout: '', stderr: '' };
    const code = await runCli(['files', 'retrieve', String(ticketId), '--prefix', prefix, '--json'], {
      temporal: async () => h.env.client,
      taskQueue: h.taskQueue,
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      user: 'agent@gitlab.example',
      deadlineMs: 10_000,
    });
    return { code, ...out };
  };

  /** The ticket's own retrieval, as an agent asks for it with the CLI; waits for its copies. */
  const retrieveWithCli = async (ticketId: number, prefix: string): Promise<FileRetrievalResult> => {
    const { code, stdout } = await cliRetrieve(ticketId, prefix);
    expect(code).toBe(ExitCode.ok);
    return retrievalResult((JSON.parse(stdout) as { workflowId: string }).workflowId);
  };

  test('A5 entry points: the ticket API and the CLI ask the ticket, which starts file-retrieval-<id>-<n> on its own partner Account', async () => {
    const { handle, ticketId } = await openTicket();
    const app = await buildServer({
      config: {
        ...h.world.config,
        temporal: { ...h.world.config.temporal, taskQueue: h.taskQueue },
        http: { ...h.world.config.http, apiBearerToken: API_TOKEN },
      },
      temporalClient: h.env.client,
      logger: createServerLogger('silent'),
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/tickets`;
      const post = (id: number, body: unknown, auth = `Bearer ${API_TOKEN}`) =>
        fetch(`${base}/${id}/files/retrieve`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post(ticketId, {}, 'Bearer wrong')).status).toBe(401);
      // The partner is the ticket's own: naming an Account is refused, not obeyed.
      const foreign = await post(ticketId, { accountId: '001000000000001AAA' });
      expect(foreign.status).toBe(400);
      expect(await foreign.json()).toMatchObject({ error: 'InvalidRequest' });
      expect((await post(ticketId, { maxObjects: 0 })).status).toBe(400);
      // A ticket without a lifecycle is not started by a file request.
      const unknown = await post(999_999_901, {});
      expect(unknown.status).toBe(404);
      await expect(
        h.env.client.workflow.getHandle(partnerTicketWorkflowId(999_999_901)).describe(),
      ).rejects.toThrow();

      const accepted = await post(ticketId, {
        prefix: '881/nested/',
        requestedBy: 'api-agent@gitlab.example',
      });
      expect(accepted.status).toBe(202);
      const started = (await accepted.json()) as { workflowId: string; retrieval: number };
      expect(started).toMatchObject({ workflowId: `file-retrieval-${ticketId}-1`, retrieval: 1 });
      const first = await retrievalResult(started.workflowId);
      expect(first.files.map((f) => f.sourceKey)).toEqual(['gitlab-support/881/nested/trace.txt']);
    } finally {
      await app.close();
    }

    const second = await retrieveWithCli(ticketId, '881/');
    expect(second.files.map((f) => f.sourceKey).sort()).toEqual([
      'gitlab-support/881/app.log',
      'gitlab-support/881/nested/trace.txt',
    ]);
    expect(await ticketFiles(ticketId)).toEqual([
      `tickets/${ticketId}/partner-s3/881/app.log`,
      `tickets/${ticketId}/partner-s3/881/nested/trace.txt`,
    ]);
    const status = await h.until(handle, () => true);
    const a5 = status.decisions.filter((d) => d.rule === 'A5').map((d) => d.summary);
    expect(a5).toEqual([
      expect.stringMatching(/requested by api-agent@gitlab\.example \(prefix "881\/nested\/"\).*-1 started/),
      expect.stringMatching(/requested by agent@gitlab\.example \(prefix "881\/"\).*-2 started/),
    ]);
    // Each retrieval's one note is on the ticket.
    const notes = (await h.world.comments(ticketId)).filter(
      (c) => !c.public && /Partner files retrieved/.test(c.body),
    );
    expect(notes).toHaveLength(2);
    await h.finish(handle);
  });

  test('A5 by Zendesk tag: request_partner_files starts a retrieval of the whole prefix and is taken off the ticket', async () => {
    const { handle, ticketId } = await openTicket();
    await h.world.updateTicket(ticketId, { additional_tags: ['request_partner_files'] });
    await h.sendEvent(ticketId, 'tags.changed', { actor: 'agent', tagsAdded: ['request_partner_files'] });
    const status = await h.until(handle, (s) => s.decisions.some((d) => d.rule === 'A5'));
    expect(status.decisions.filter((d) => d.rule === 'A5').map((d) => d.summary)).toEqual([
      expect.stringMatching(
        /requested by Zendesk tag request_partner_files: retrieval file-retrieval-\d+-1 started/,
      ),
    ]);
    const result = await retrievalResult(`file-retrieval-${ticketId}-1`);
    expect(result.files.map((f) => f.sourceKey).sort()).toEqual([
      'gitlab-support/881/app.log',
      'gitlab-support/881/nested/trace.txt',
      'gitlab-support/882/other.txt',
    ]);
    expect((await h.world.ticket(ticketId)).tags).not.toContain('request_partner_files');
    await h.sendEvent(ticketId, 'ticket.closed', { actor: 'system' });
    await h.untilState(handle, (s) => s.phase === 'closed');
    await recordHistoryIfAsked('a5-tag-retrieval-closed', handle);
  });

  test('retention: a closed ticket keeps its files for the policy period (30 days), then deletes them and records it; a closed ticket takes no new request', async () => {
    const { handle, ticketId } = await openTicket();
    await retrieveWithCli(ticketId, '882/');
    expect(await ticketFiles(ticketId)).toEqual([`tickets/${ticketId}/partner-s3/882/other.txt`]);
    await h.sendEvent(ticketId, 'ticket.closed', { actor: 'system' });
    const closed = await h.untilState(
      handle,
      (s) => s.phase === 'closed' && s.decisions.some((d) => d.rule === 'RETENTION'),
    );
    expect(closed.decisions.at(-1)?.summary).toMatch(/files are kept until .* \(30 days after it closed\)/);
    const refused = await cliRetrieve(ticketId, '882/');
    expect(refused.code).toBe(ExitCode.failure);
    expect(refused.stderr).toMatch(/is closed: no files are retrieved onto it/);

    await h.skip(29 * DAY);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await ticketFiles(ticketId)).toHaveLength(1);
    await h.skip(DAY + HOUR);
    const outcome = (await handle.result()) as PartnerTicketOutcome;
    expect(outcome.ending).toBe('closed');
    expect(await ticketFiles(ticketId)).toEqual([]);
    await recordHistoryIfAsked('retention-after-close', handle);
    expect(outcome.decisions.at(-1)).toMatchObject({
      rule: 'RETENTION',
      summary: expect.stringMatching(/were deleted .* 30-day retention .*: 1 file\(s\), 5 bytes\./),
    });
  });

  test('retention: a solved ticket that is reopened within the period keeps its files; solved again, they go the period after that solve', async () => {
    const { handle, ticketId } = await openTicket();
    await retrieveWithCli(ticketId, '881/nested/');
    await h.sendEvent(ticketId, 'status.changed', { status: 'solved', actor: 'agent' });
    await h.until(handle, (s) => s.phase === 'solved');
    // Quiet for 28 days, the run stays for the files: they go 30 days after the solve.
    await h.skip(29 * DAY);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await ticketFiles(ticketId)).toHaveLength(1);

    const reopen = await deliverTicketEvent(
      { client: h.env.client, taskQueue: h.taskQueue },
      {
        eventId: `reopen-${ticketId}`,
        ticketId,
        type: 'status.changed',
        status: 'open',
        occurredAt: new Date(await h.now()).toISOString(),
        actor: 'end_user',
      },
    );
    expect(reopen.outcome).toBe('delivered');
    const next = h.env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
    const reopened: PartnerTicketStatus = await h.until(next, (s) => s.phase === 'open');
    expect(reopened.decisions.filter((d) => d.rule === 'A5')).toHaveLength(1);
    await h.skip(5 * DAY);
    expect(await ticketFiles(ticketId)).toEqual([`tickets/${ticketId}/partner-s3/881/nested/trace.txt`]);

    await h.sendEvent(ticketId, 'status.changed', { status: 'solved', actor: 'agent' });
    await h.until(next, (s) => s.phase === 'solved');
    await h.skip(29 * DAY);
    expect(await ticketFiles(ticketId)).toHaveLength(1);
    const outcome = (await next.result()) as PartnerTicketOutcome;
    expect(outcome.ending).toBe('dormant');
    expect(await ticketFiles(ticketId)).toEqual([]);
    // Zendesk still takes notes on a solved ticket: the deletion is noted there.
    const notes = (await h.world.comments(ticketId)).filter((c) => !c.public && /^Retention:/.test(c.body));
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toMatch(/1 file\(s\), 5 bytes/);
    await recordHistoryIfAsked('retention-solved-reopened-solved', next);

    // Reopened after its files went, the ticket takes new ones: retention counts anew.
    const again = await deliverTicketEvent(
      { client: h.env.client, taskQueue: h.taskQueue },
      {
        eventId: `reopen-again-${ticketId}`,
        ticketId,
        type: 'status.changed',
        status: 'open',
        occurredAt: new Date(await h.now()).toISOString(),
        actor: 'end_user',
      },
    );
    expect(again.outcome).toBe('reopened');
    const third = h.env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
    await h.until(third, (s) => s.phase === 'open');
    await retrieveWithCli(ticketId, '882/');
    await h.sendEvent(ticketId, 'status.changed', { status: 'solved', actor: 'agent' });
    await h.until(third, (s) => s.phase === 'solved');
    expect(await ticketFiles(ticketId)).toEqual([`tickets/${ticketId}/partner-s3/882/other.txt`]);
    expect(((await third.result()) as PartnerTicketOutcome).ending).toBe('dormant');
    expect(await ticketFiles(ticketId)).toEqual([]);
  });
});
