import type { WorkflowExecutionStatusName } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import type { CliContext } from '../../client/cli/context';
import { ExitCode } from '../../client/cli/exit-codes';
import { runCli } from '../../client/cli/program';
import { buildServer } from '../../client/server/build-server';
import { SLACK_ESCALATION_PATH } from '../../client/server/slack-escalation/route';
import { signZendeskWebhook } from '../../client/server/zendesk-webhook/signature';
import type { AppConfig } from '../../config';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { ticketEventPayload, type ZendeskEventChange } from '../../simulators/zendesk/webhook-payload';
import type { PartnerTicketOutcome } from '../../workflows/partner-ticket/types';
import { eventually } from '../support/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * A finished ticket stays finished, whichever way it is reached: a webhook, the Slack form, the
 * ticket API and the CLI all start the ticket's workflow with the shared start options, so a
 * completed run is never replaced by a fresh lifecycle (dev server, real worker, simulators).
 */
const API_TOKEN = 'completed-tickets-api-token-0001';
const GLOBEX_SECRET = 'globex-escalation-secret-0001';

interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

describe('a completed ticket stays completed on every start path', () => {
  let h: LifecycleHarness;
  let server: FastifyInstance;
  let baseUrl: string;
  let config: AppConfig;
  let cliContext: CliContext;
  let eventCounter = 0;

  const post = async (path: string, body: unknown, headers: Record<string, string>): Promise<JsonAnswer> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** Zendesk's ticket event for a change, as Zendesk would send it (the requester acting). */
  const webhookEvent = (ticketId: number, change: ZendeskEventChange) =>
    ticketEventPayload({ id: `zendesk-${ticketId}-${++eventCounter}`, ticketId, change });
  const requesterReply: ZendeskEventChange = {
    type: 'comment_added',
    comment: {
      id: '1',
      body: 'Any news?',
      is_public: true,
      author: { id: '2003', is_staff: false, name: 'C' },
    },
  };
  const deliver = (payload: unknown): Promise<JsonAnswer> => {
    const body = JSON.stringify(payload);
    const timestamp = new Date().toISOString();
    return post('/webhooks/zendesk', body, {
      'x-zendesk-webhook-signature': signZendeskWebhook(config.zendesk.webhookSecret, timestamp, body),
      'x-zendesk-webhook-signature-timestamp': timestamp,
    });
  };
  const escalation = {
    reason: 'Customer production is down',
    desiredActions: 'Assign a senior engineer',
    submitter: 'csm@example.com',
  };

  /** The latest run under the ticket's workflow ID. */
  const latestRun = async (
    ticketId: number,
  ): Promise<{ runId: string; status: WorkflowExecutionStatusName }> => {
    const description = await h.env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId)).describe();
    return { runId: description.runId, status: description.status.name };
  };
  /** Every run ever started under the ticket's workflow ID (visibility). */
  const runCount = async (ticketId: number): Promise<number> => {
    let count = 0;
    const query = `WorkflowId = "${partnerTicketWorkflowId(ticketId)}"`;
    for await (const execution of h.env.client.workflow.list({ query })) if (execution.runId) count += 1;
    return count;
  };

  /**
   * A Globex ticket through intake, then closed the way Zendesk closes it: the `ticket.closed`
   * webhook ends its workflow (ending `closed`); with `inZendesk`, the simulator says closed too.
   */
  const closedTicket = async ({ inZendesk }: { inZendesk: boolean }) => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    const { ticketId } = await h.until(handle, (s) => s.phase === 'open');
    const closing = await deliver(
      webhookEvent(ticketId, { type: 'status_changed', current: 'CLOSED', previous: 'SOLVED' }),
    );
    expect(closing).toMatchObject({ status: 202, body: { accepted: true } });
    expect(closing.body.ignored).toBeUndefined();
    const outcome = (await handle.result()) as PartnerTicketOutcome;
    expect(outcome.ending).toBe('closed');
    if (inZendesk) await h.world.updateTicket(ticketId, { status: 'closed' });
    const run = await latestRun(ticketId);
    expect(run.status).toBe('COMPLETED');
    await eventually(async () => (await runCount(ticketId)) === 1);
    return { ticketId, runId: run.runId };
  };
  /** Still the one completed run: nothing started a new lifecycle for the ticket. */
  const expectStillCompleted = async (ticketId: number, runId: string): Promise<void> => {
    expect(await latestRun(ticketId)).toEqual({ runId, status: 'COMPLETED' });
    expect(await runCount(ticketId)).toBe(1);
  };

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
    config = {
      ...h.world.config,
      temporal: { ...h.world.config.temporal, taskQueue: h.taskQueue },
      http: { ...h.world.config.http, apiBearerToken: API_TOKEN },
      logLevel: 'silent',
    };
    const tickets = createZendeskActivities({
      zendesk: createZendeskClient(config.zendesk),
      fields: config.zendesk.fields,
    });
    server = await buildServer({ config, temporalClient: h.env.client, ticketLookup: tickets });
    baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    cliContext = {
      temporal: async () => h.env.client,
      taskQueue: h.taskQueue,
      tickets,
      stdout: { write: () => undefined },
      stderr: { write: () => undefined },
      user: 'cli-tester',
      deadlineMs: 15_000,
    };
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  test('(a) webhooks for a ticket whose workflow ended closed are acknowledged (202, ignored) and start no run', async () => {
    const { ticketId, runId } = await closedTicket({ inZendesk: true });

    const reply = webhookEvent(ticketId, requesterReply);
    const single = await deliver(reply);
    expect(single).toEqual({
      status: 202,
      body: {
        accepted: true,
        workflowId: partnerTicketWorkflowId(ticketId),
        eventId: expect.stringMatching(new RegExp(`^zd-${ticketId}-comment-\\d+$`)),
        ignored: 'ticket_closed',
      },
    });
    // A redelivery, a reopening status change and a new impact: ignored the same way.
    expect((await deliver(reply)).body).toMatchObject({ ignored: 'ticket_closed' });
    const reopening = await deliver(
      webhookEvent(ticketId, { type: 'status_changed', current: 'OPEN', previous: 'CLOSED' }),
    );
    const impact = await deliver(
      webhookEvent(ticketId, {
        type: 'custom_field_changed',
        custom_field: { id: String(config.zendesk.fields.impact), title: 'Impact', type: 'tagger' },
        current: { value: 'emergency' },
        previous: { value: 'highly_degraded' },
      }),
    );
    expect([reopening, impact]).toEqual([
      { status: 202, body: expect.objectContaining({ ignored: 'ticket_closed' }) },
      { status: 202, body: expect.objectContaining({ ignored: 'ticket_closed' }) },
    ]);

    await expectStillCompleted(ticketId, runId);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/temporal_signals_total\{signal="ticketEvent",outcome="ignored_closed"\} 4/);
  });

  test('(b) the Slack form for a ticket closed in Zendesk is refused (409) and starts nothing', async () => {
    // Closed in Zendesk before the service ever saw it: no workflow exists, and none may start.
    const ticketId = await h.world.createTicket(globexAllianceTicket());
    await h.world.updateTicket(ticketId, { status: 'closed' });

    const refused = await post(
      SLACK_ESCALATION_PATH,
      {
        request_id: String(ticketId),
        reason: escalation.reason,
        desired_actions: escalation.desiredActions,
        submitter: 'carol@globex.example',
      },
      { authorization: `Bearer ${GLOBEX_SECRET}` },
    );
    expect(refused).toEqual({
      status: 409,
      body: {
        ok: false,
        error: 'TicketClosed',
        message: `Ticket ${ticketId} is closed: it cannot be escalated.`,
      },
    });
    await expect(
      h.env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId)).describe(),
    ).rejects.toThrow(/not found/i);
    expect((await h.world.ticket(ticketId)).tags).not.toContain('star');
  });

  test('(c) the ticket API refuses to escalate a closed ticket (409) and starts no run', async () => {
    const api = (ticketId: number) =>
      post(`/api/tickets/${ticketId}/escalations`, escalation, { authorization: `Bearer ${API_TOKEN}` });

    const closed = await closedTicket({ inZendesk: true });
    expect(await api(closed.ticketId)).toEqual({
      status: 409,
      body: {
        error: 'TicketClosed',
        message: `Ticket ${closed.ticketId} is closed: it cannot be escalated.`,
      },
    });
    await expectStillCompleted(closed.ticketId, closed.runId);

    // Zendesk not (yet) saying closed: Temporal's reuse policy refuses all the same.
    const ended = await closedTicket({ inZendesk: false });
    expect(await api(ended.ticketId)).toEqual({
      status: 409,
      body: { error: 'TicketClosed', message: `Ticket ${ended.ticketId} is closed: it cannot be escalated.` },
    });
    await expectStillCompleted(ended.ticketId, ended.runId);
  });

  test('(d) the CLI refuses to escalate a closed ticket (exit 1) and starts no run', async () => {
    const escalate = async (ticketId: number) => {
      const stderr: string[] = [];
      const code = await runCli(
        ['escalate', String(ticketId), '--reason', 'Still down', '--actions', 'Call us'],
        { ...cliContext, stderr: { write: (text: string) => stderr.push(text) } },
      );
      return { code, stderr: stderr.join('') };
    };

    const closed = await closedTicket({ inZendesk: true });
    expect(await escalate(closed.ticketId)).toEqual({
      code: ExitCode.failure,
      stderr: `error: Refused: Ticket ${closed.ticketId} is closed: it cannot be escalated.\n`,
    });
    await expectStillCompleted(closed.ticketId, closed.runId);

    const ended = await closedTicket({ inZendesk: false });
    expect(await escalate(ended.ticketId)).toEqual({
      code: ExitCode.failure,
      stderr: `error: Refused: Ticket ${ended.ticketId} is closed: it cannot be escalated.\n`,
    });
    await expectStillCompleted(ended.ticketId, ended.runId);
  });

  test('a terminated run is not a finished ticket: the next webhook starts a new run, so no ticket is lost', async () => {
    const handle = await h.openTicket(globexAllianceTicket());
    const { ticketId } = await h.until(handle, (s) => s.phase === 'open');
    const terminated = await latestRun(ticketId);
    await handle.terminate('operator stopped it');

    const answer = await deliver(webhookEvent(ticketId, requesterReply));
    expect(answer).toMatchObject({ status: 202, body: { accepted: true } });
    expect(answer.body.ignored).toBeUndefined();
    const restarted = await latestRun(ticketId);
    expect(restarted.status).toBe('RUNNING');
    expect(restarted.runId).not.toBe(terminated.runId);
    await h.env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId)).terminate('test finished');
  });
});
