import type { FastifyInstance } from 'fastify';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import type { AppConfig } from '../../config';
import { buildServer } from '../../client/server/build-server';
import { signZendeskWebhook } from '../../client/server/zendesk-webhook/signature';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { ticketEventPayload } from '../../simulators/zendesk/webhook-payload';
import { statusQuery } from '../../workflows/definitions';
import type { StarView } from '../../workflows/partner-ticket/types';
import { eventually } from '../support/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * The server in front of a worker running the real workflow and activities (dev server and
 * simulators): a webhook delivered three times has one effect, and the ticket API reads and
 * changes the live workflow.
 */
const API_TOKEN = 'server-lifecycle-api-token-0001';

/** What the ticket API answers: a status, an escalation result, a STAR view, or `{error, message}`. */
interface TicketApiAnswer {
  ticketId?: number;
  outcome?: string;
  message?: string;
  error?: string;
  star?: StarView;
  [field: string]: unknown;
}

describe('webhook and API server with the ticket workflow running', () => {
  let h: LifecycleHarness;
  let server: FastifyInstance;
  let baseUrl: string;
  let config: AppConfig;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api/tickets${path}`, {
      method,
      headers: {
        authorization: `Bearer ${API_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as TicketApiAnswer };
  };
  const deliver = (body: string) => {
    const timestamp = new Date().toISOString();
    return post('/webhooks/zendesk', body, {
      'x-zendesk-webhook-signature': signZendeskWebhook(config.zendesk.webhookSecret, timestamp, body),
      'x-zendesk-webhook-signature-timestamp': timestamp,
    });
  };

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
    config = {
      ...h.world.config,
      temporal: { ...h.world.config.temporal, taskQueue: h.taskQueue },
      http: { ...h.world.config.http, apiBearerToken: API_TOKEN },
      logLevel: 'silent',
    };
    server = await buildServer({
      config,
      temporalClient: h.env.client,
      // Escalations look the ticket up in Zendesk (here the simulator) before Temporal.
      ticketLookup: createZendeskActivities({
        zendesk: createZendeskClient(config.zendesk),
        fields: config.zendesk.fields,
      }),
    });
    baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  test('the same webhook delivered three times: one workflow, the event counted once, one triage note', async () => {
    const ticketId = await h.world.createTicket(globexAllianceTicket({ impact: 'medium' }));
    const body = JSON.stringify(
      ticketEventPayload({ id: `evt-${ticketId}-created`, ticketId, change: { type: 'created' } }),
    );
    for (let i = 0; i < 3; i += 1) expect((await deliver(body)).status).toBe(202);

    const handle = h.env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId));
    const status = await h.until(handle, (s) => s.phase === 'open');
    expect(status.eventsSeen).toBe(1);
    await eventually(async () =>
      (await h.world.comments(ticketId)).some((c) => !c.public && c.body.includes('triage')),
    );
    const triage = (await h.world.comments(ticketId)).filter((c) => !c.public && c.body.includes('triage'));
    expect(triage).toHaveLength(1);
    const history = await handle.fetchHistory();
    expect(history.events?.filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(3);
    expect(history.events?.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);
    expect((await handle.query(statusQuery)).eventsSeen).toBe(1);
    await handle.terminate('test finished');
  });

  test('the ticket API reads the status and drives the STAR: raise, coalesce, acknowledge, unstar', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    const { ticketId } = await h.until(handle, (s) => s.phase === 'open');

    const status = await api('GET', `/${ticketId}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ ticketId, phase: 'open', program: 'alliance', starred: false });

    const escalation = {
      reason: 'Outage for their customer',
      desiredActions: 'Call the partner',
      submitter: 'csm@example.com',
    };
    const raised = await api('POST', `/${ticketId}/escalations`, { ...escalation, urgency: 'Not urgent' });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({
      ticketId,
      outcome: 'raised',
      star: { status: 'raised', urgency: 'not_urgent' },
    });
    expect(raised.body.star?.requests[0]).toMatchObject({ source: 'api', submitter: 'csm@example.com' });
    // The STAR's effect reaches Zendesk (tag), as for the Slack form.
    await eventually(async () => (await h.world.ticket(ticketId)).tags.includes('star'));

    const coalesced = await api('POST', `/${ticketId}/escalations`, {
      ...escalation,
      reason: 'Now two customers',
    });
    expect(coalesced.status).toBe(200);
    expect(coalesced.body).toMatchObject({ outcome: 'coalesced' });
    expect(coalesced.body.star?.requests).toHaveLength(2);

    const noReason = await api('POST', `/${ticketId}/star/unstar`, { by: 'manager' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('reason is required');
    expect((await handle.query(statusQuery)).star?.status).toBe('raised');

    const ack = await api('POST', `/${ticketId}/star/acknowledge`, { by: 'Dana' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ ticketId, star: { status: 'acknowledged', acknowledgedBy: 'Dana' } });

    const unstarred = await api('POST', `/${ticketId}/star/unstar`, {
      by: 'Dana',
      reason: 'Customer confirmed the fix',
    });
    expect(unstarred.status).toBe(200);
    expect(unstarred.body.star).toMatchObject({
      status: 'unstarred',
      unstarReason: 'Customer confirmed the fix',
    });

    // The workflow's own rule refuses what no longer applies: 409 with its message.
    const refused = await api('POST', `/${ticketId}/star/unstar`, { by: 'Dana', reason: 'again' });
    expect(refused).toEqual({
      status: 409,
      body: { error: 'Refused', message: 'The ticket is not starred.' },
    });
    await eventually(async () => !(await h.world.ticket(ticketId)).tags.includes('star'));
    await handle.terminate('test finished');
  });
});
