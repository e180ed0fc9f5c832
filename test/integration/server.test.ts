import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import { loadConfig, type AppConfig } from '../../config';
import { buildServer } from '../../client/server/build-server';
import { createServerLogger } from '../../client/server/logger';
import { signZendeskWebhook } from '../../client/server/zendesk-webhook/signature';
import { TicketIdAttribute } from '../../domain/search-attributes';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { startZendeskSimulator } from '../../simulators/zendesk';
import { ticketEventPayload, type ZendeskEventChange } from '../../simulators/zendesk/webhook-payload';
import { eventually } from '../support/eventually';
import { startDevServerEnvironment } from '../support/temporal';

/**
 * The webhook/API server on the real Temporal dev server (no worker: these tests are about what
 * reaches Temporal, not what the workflow does with it). Every refused request is checked twice:
 * the 4xx answer, and that no workflow exists for the ticket it named.
 */
const API_TOKEN = 'server-test-api-token-0123456789';
const WEBHOOK_SECRET = 'server-test-webhook-secret';
const BODY_MARKER = 'CUSTOMER-DATA-MUST-NOT-BE-LOGGED';

let nextTicketId = 700_000;
const newTicketId = (): number => ++nextTicketId;

/** Globex's Slack escalation form for a ticket, as `http` sends it. */
const slackFormEscalation = (ticketId: number) => ({
  method: 'POST' as const,
  url: '/webhooks/slack/escalations',
  headers: { authorization: 'Bearer globex-escalation-secret-0001', 'content-type': 'application/json' },
  payload: JSON.stringify({
    request_id: String(ticketId),
    reason: 'Down',
    desired_actions: 'Call me',
    submitter: 'carol@globex.example',
  }),
});

/** An escalation through the ticket API, as `http` sends it. */
const apiEscalation = (ticketId: number) => ({
  method: 'POST' as const,
  url: `/api/tickets/${ticketId}/escalations`,
  headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
  payload: JSON.stringify({ reason: 'Down', desiredActions: 'Call me', submitter: 'am@example.com' }),
});

/** Zendesk's ticket event (a creation by default), its id fixed per ticket and change, carrying customer data. */
const webhookEvent = (
  ticketId: number,
  extra: Record<string, unknown> = {},
  change: ZendeskEventChange = { type: 'created' },
): Record<string, unknown> => {
  const payload = ticketEventPayload({ id: `evt-${ticketId}-${change.type}`, ticketId, change });
  return { ...payload, detail: { ...payload.detail, description: BODY_MARKER }, ...extra };
};
const comment = (isPublic: boolean, isStaff: boolean, body = 'Any news?'): ZendeskEventChange => ({
  type: 'comment_added',
  comment: { id: '77', body, is_public: isPublic, author: { id: '2003', is_staff: isStaff, name: 'C' } },
});

/** A response as the tests read it (the server listens for real: fastify.inject cannot load under jest). */
interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json(): AnswerBody;
}

/** The server's JSON answers: `{error, message}` for refusals, `{accepted, eventId, …}` for webhooks. */
interface AnswerBody {
  error?: string;
  message?: string;
  eventId?: string;
  [field: string]: unknown;
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

async function http(
  baseUrl: string,
  {
    method = 'GET',
    url,
    headers = {},
    payload,
  }: { method?: string; url: string; headers?: Record<string, string>; payload?: string | object },
): Promise<HttpAnswer> {
  const body =
    payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload);
  const contentType: Record<string, string> =
    typeof payload === 'object' && !headers['content-type'] ? { 'content-type': 'application/json' } : {};
  const response = await fetch(`${baseUrl}${url}`, { method, headers: { ...contentType, ...headers }, body });
  const text = await response.text();
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: text,
    json: () => JSON.parse(text) as AnswerBody,
  };
}

interface Delivery {
  body: string;
  secret?: string;
  timestamp?: string;
  /** Signature computed over this body instead of `body` (a tampered delivery). */
  signedBody?: string;
  headers?: Record<string, string | undefined>;
}

describe('webhook and API server on the dev server', () => {
  let env: TestWorkflowEnvironment;
  let config: AppConfig;
  let app: FastifyInstance;
  let zendesk: Awaited<ReturnType<typeof startZendeskSimulator>>;
  let baseUrl: string;
  const send = (request: Parameters<typeof http>[1]) => http(baseUrl, request);
  const logLines: string[] = [];
  const signatures: string[] = [];

  const deliver = ({ body, secret = WEBHOOK_SECRET, timestamp, signedBody, headers = {} }: Delivery) => {
    const stamp = timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const signature = signZendeskWebhook(secret, stamp, signedBody ?? body);
    signatures.push(signature);
    const all: Record<string, string | undefined> = {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature': signature,
      'x-zendesk-webhook-signature-timestamp': stamp,
      ...headers,
    };
    return send({
      method: 'POST',
      url: '/webhooks/zendesk',
      headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >,
      payload: body,
    });
  };

  const workflowExists = async (ticketId: number): Promise<boolean> => {
    try {
      await env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId)).describe();
      return true;
    } catch (err) {
      if ((err as Error).name === 'WorkflowNotFoundError') return false;
      throw err;
    }
  };

  const signalsIn = async (ticketId: number) => {
    const history = await env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId)).fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
  };

  const metricsText = async (): Promise<string> => (await send({ url: '/metrics' })).body;
  const sentSignals = async (): Promise<number> =>
    Number(
      /temporal_signals_total\{signal="ticketEvent",outcome="sent"\} (\d+)/.exec(await metricsText())?.[1] ??
        0,
    );

  beforeAll(async () => {
    env = await startDevServerEnvironment();
    // Escalations look their ticket up in Zendesk: the test's tickets are not in the simulator.
    zendesk = await startZendeskSimulator({ port: 0 });
    config = loadConfig({
      TEMPORAL_TASK_QUEUE: `server-test-${Date.now()}`,
      ZENDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ZENDESK_URL: zendesk.apiUrl,
      API_BEARER_TOKEN: API_TOKEN,
    });
    app = await buildServer({
      config,
      temporalClient: env.client,
      logger: createServerLogger('debug', { write: (line: string) => void logLines.push(line) }),
      ticketLookup: createZendeskActivities({
        zendesk: createZendeskClient(config.zendesk),
        fields: config.zendesk.fields,
      }),
    });
    baseUrl = await listen(app);
  });
  afterAll(async () => {
    await app?.close();
    await zendesk?.close();
    await env?.teardown();
  });

  describe('refused webhooks start and signal nothing', () => {
    interface RefusedCase {
      label: string;
      delivery: (ticketId: number) => Delivery;
      status: number;
      error: string;
      message?: string;
    }
    const cases: RefusedCase[] = [
      {
        label: 'malformed JSON (signed)',
        delivery: (id) => ({ body: `{"subject": "zen:ticket:${id}", "type": ` }),
        status: 400,
        error: 'MalformedJson',
      },
      {
        label: 'a wrong content type',
        delivery: (id) => ({
          body: JSON.stringify(webhookEvent(id)),
          headers: { 'content-type': 'text/plain' },
        }),
        status: 415,
        error: 'UnsupportedMediaType',
      },
      {
        label: 'a form-encoded body',
        delivery: (id) => ({
          body: `subject=zen:ticket:${id}&type=zen:event-type:ticket.created`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
        status: 415,
        error: 'UnsupportedMediaType',
      },
      {
        label: 'a body over 1 MB',
        delivery: (id) => ({ body: JSON.stringify(webhookEvent(id, { padding: 'x'.repeat(1024 * 1024) })) }),
        status: 413,
        error: 'PayloadTooLarge',
      },
      { label: 'an empty body', delivery: () => ({ body: '' }), status: 400, error: 'EmptyBody' },
      {
        label: 'a missing signature',
        delivery: (id) => ({
          body: JSON.stringify(webhookEvent(id)),
          headers: { 'x-zendesk-webhook-signature': undefined },
        }),
        status: 401,
        error: 'MissingSignature',
      },
      {
        label: 'a missing timestamp',
        delivery: (id) => ({
          body: JSON.stringify(webhookEvent(id)),
          headers: { 'x-zendesk-webhook-signature-timestamp': undefined },
        }),
        status: 401,
        error: 'MissingSignature',
      },
      {
        label: 'a signature made with another secret',
        delivery: (id) => ({ body: JSON.stringify(webhookEvent(id)), secret: 'not-the-webhook-secret' }),
        status: 401,
        error: 'InvalidSignature',
      },
      {
        label: 'a tampered body',
        delivery: (id) => ({
          body: JSON.stringify(webhookEvent(id)),
          signedBody: JSON.stringify(webhookEvent(id, { type: 'zen:event-type:ticket.soft_deleted' })),
        }),
        status: 401,
        error: 'InvalidSignature',
      },
      {
        label: 'a non-base64 signature',
        delivery: (id) => ({
          body: JSON.stringify(webhookEvent(id)),
          headers: { 'x-zendesk-webhook-signature': '%%%' },
        }),
        status: 401,
        error: 'InvalidSignature',
      },
      {
        label: 'a stale timestamp (replayed 10 minutes later)',
        delivery: (id) => ({
          body: JSON.stringify(webhookEvent(id)),
          timestamp: new Date(Date.now() - 10 * 60_000).toISOString(),
        }),
        status: 401,
        error: 'StaleTimestamp',
      },
      {
        label: 'a timestamp 10 minutes in the future',
        delivery: (id) => ({
          body: JSON.stringify(webhookEvent(id)),
          timestamp: new Date(Date.now() + 10 * 60_000).toISOString(),
        }),
        status: 401,
        error: 'StaleTimestamp',
      },
      {
        label: 'a type outside Zendesk’s event types',
        delivery: (id) => ({ body: JSON.stringify(webhookEvent(id, { type: 'ticket.created' })) }),
        status: 400,
        error: 'InvalidPayload',
        message: 'type must start with zen:event-type:',
      },
      {
        label: 'a missing id',
        delivery: (id) => ({ body: JSON.stringify(webhookEvent(id, { id: undefined })) }),
        status: 400,
        error: 'InvalidPayload',
        message: 'id is required',
      },
      {
        label: 'a missing time and account_id',
        delivery: (id) => ({
          body: JSON.stringify(webhookEvent(id, { time: undefined, account_id: undefined })),
        }),
        status: 400,
        error: 'InvalidPayload',
        message: 'time is required; account_id is required',
      },
      {
        label: 'a subject that is not a ticket',
        delivery: (id) => ({ body: JSON.stringify(webhookEvent(id, { subject: `zen:user:${id}` })) }),
        status: 400,
        error: 'InvalidPayload',
        message: 'subject must be zen:ticket:<id>',
      },
      {
        label: 'a comment without its author’s is_staff',
        delivery: (id) => {
          const event = webhookEvent(id, {}, comment(true, false));
          const change = event.event as { comment: { author: Record<string, unknown> } };
          delete change.comment.author.is_staff;
          return { body: JSON.stringify(event) };
        },
        status: 400,
        error: 'InvalidPayload',
        message: 'event.comment.author.is_staff is required',
      },
      {
        label: 'an unknown status',
        delivery: (id) => ({
          body: JSON.stringify(
            webhookEvent(id, {}, { type: 'status_changed', current: 'PARKED', previous: 'OPEN' }),
          ),
        }),
        status: 400,
        error: 'InvalidPayload',
        message: 'event.current must be one of',
      },
    ];

    test.each(cases)('$label → $status $error', async ({ delivery, status, error, message }) => {
      const ticketId = newTicketId();
      const sentBefore = await sentSignals();
      const response = await deliver(delivery(ticketId));
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const body = response.json();
      expect(body).toEqual({ error, message: expect.any(String) });
      expect(body.message?.length).toBeGreaterThan(10);
      if (message) expect(body.message).toContain(message);
      expect(await workflowExists(ticketId)).toBe(false);
      expect(await sentSignals()).toBe(sentBefore);
    });
  });

  test('a valid webhook is answered 202 once the event is in the workflow, which carries the TicketId attribute', async () => {
    const ticketId = newTicketId();
    const event = webhookEvent(ticketId);
    const response = await deliver({ body: JSON.stringify(event) });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      accepted: true,
      workflowId: `partner-ticket-${ticketId}`,
      // The dedupe key derived from the change (domain/zendesk-change-ids.ts), as the reconciliation's.
      eventId: `zd-${ticketId}-created`,
    });

    const description = await env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId)).describe();
    expect(description.type).toBe('partnerTicket');
    expect(description.taskQueue).toBe(config.temporal.taskQueue);
    expect(description.typedSearchAttributes.get(TicketIdAttribute)).toBe(String(ticketId));
    const [signal] = await signalsIn(ticketId);
    expect(signal.workflowExecutionSignaledEventAttributes?.signalName).toBe('ticketEvent');

    // Visible to the Temporal UI's filters.
    await eventually(async () => {
      for await (const execution of env.client.workflow.list({ query: `TicketId = "${ticketId}"` })) {
        if (execution.workflowId === partnerTicketWorkflowId(ticketId)) return true;
      }
      return false;
    });
  });

  test('the same webhook delivered three times: three deliveries accepted, one workflow execution', async () => {
    const ticketId = newTicketId();
    const body = JSON.stringify(webhookEvent(ticketId));
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await deliver({ body }));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => a.json().eventId)).size).toBe(1);

    // Each redelivery reached the same run (the workflow drops repeated event ids itself).
    expect(await signalsIn(ticketId)).toHaveLength(3);
    const runs: string[] = [];
    await eventually(async () => {
      runs.length = 0;
      for await (const execution of env.client.workflow.list({
        query: `WorkflowId = "${partnerTicketWorkflowId(ticketId)}"`,
      })) {
        runs.push(execution.runId);
      }
      return runs.length > 0;
    });
    expect(runs).toHaveLength(1);
  });

  test('events the workflow has no use for are acknowledged (202, ignored), counted, and start nothing', async () => {
    const ticketId = newTicketId();
    const sentBefore = await sentSignals();
    const unsubscribed = webhookEvent(ticketId, {}, { type: 'created' });
    const answers = await Promise.all(
      [
        { ...unsubscribed, type: 'zen:event-type:ticket.brand_changed', id: `evt-${ticketId}-brand` },
        webhookEvent(ticketId, {}, { type: 'tags_changed', tags_added: ['vip'], tags_removed: [] }),
        {
          ...unsubscribed,
          type: 'zen:event-type:user.created',
          id: `evt-${ticketId}-user`,
          subject: 'zen:user:5',
        },
        webhookEvent(ticketId, {}, comment(false, true, 'Triage note\n\nref: a3-notes-1')),
        webhookEvent(
          ticketId,
          {},
          {
            type: 'custom_field_changed',
            custom_field: { id: '999', title: 'Other', type: 'text' },
            current: { value: 'x' },
            previous: { value: null },
          },
        ),
      ].map((event) => deliver({ body: JSON.stringify(event) })),
    );
    expect(answers.map((a) => [a.statusCode, a.json().ignored])).toEqual([
      [202, 'unsupported_event_type'],
      // Only tags asking for something (request_large_upload, request_partner_files) reach a ticket.
      [202, 'untracked_tags'],
      [202, 'unsupported_event_type'],
      [202, 'own_comment'],
      [202, 'untracked_custom_field'],
    ]);
    expect(await workflowExists(ticketId)).toBe(false);
    expect(await sentSignals()).toBe(sentBefore);
    const metrics = await metricsText();
    expect(metrics).toMatch(
      /zendesk_webhook_events_ignored_total\{event_type="zen:event-type:ticket.tags_changed",reason="untracked_tags"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /zendesk_webhook_events_ignored_total\{event_type="zen:event-type:ticket.comment_added",reason="own_comment"\} [1-9]/,
    );
  });

  test('a comment after the creation reaches the same ticket workflow', async () => {
    const ticketId = newTicketId();
    expect((await deliver({ body: JSON.stringify(webhookEvent(ticketId)) })).statusCode).toBe(202);
    const reply = webhookEvent(ticketId, {}, comment(true, false));
    const answer = await deliver({
      body: JSON.stringify(reply),
      headers: { 'x-zendesk-webhook-id': '01HWEBHOOK' },
    });
    expect(answer.json()).toEqual({
      accepted: true,
      workflowId: `partner-ticket-${ticketId}`,
      eventId: expect.stringMatching(new RegExp(`^zd-${ticketId}-comment-\\d+$`)),
    });
    expect(await signalsIn(ticketId)).toHaveLength(2);
  });

  test("Zendesk refusing the server's own lookup for now (429, 503): escalations answer 503 with its Retry-After, start nothing", async () => {
    const ticketId = 123456;
    zendesk.app.faults.add({ route: 'GET /api/v2/tickets/:id.json', status: 429, retryAfter: 7, count: 1 });
    zendesk.app.faults.add({ route: 'GET /api/v2/tickets/:id.json', status: 503, count: 1 });
    const rateLimited = await send(slackFormEscalation(ticketId));
    const unavailable = await send(apiEscalation(ticketId));
    expect(rateLimited.statusCode).toBe(503);
    expect(rateLimited.headers['retry-after']).toBe('7');
    expect(unavailable.statusCode).toBe(503);
    expect(Number(unavailable.headers['retry-after'])).toBeGreaterThan(0);
    for (const response of [rateLimited, unavailable]) {
      expect(response.json()).toEqual({
        error: 'UpstreamUnavailable',
        message: expect.stringMatching(/^Zendesk did not answer the request now; retry in \d+ s$/),
      });
    }
    expect(await workflowExists(ticketId)).toBe(false);
  });

  describe('Temporal unreachable', () => {
    let offline: FastifyInstance;
    let offlineUrl: string;
    let connection: Connection;

    beforeAll(async () => {
      // A port that was free a moment ago: nothing listens there.
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = probe.address() as { port: number };
          probe.close(() => resolve(free));
        });
      });
      connection = Connection.lazy({ address: `127.0.0.1:${port}` });
      offline = await buildServer({
        config,
        temporalClient: new Client({ connection }),
        logger: createServerLogger('silent'),
        temporalDeadlineMs: 1_000,
        ticketLookup: createZendeskActivities({
          zendesk: createZendeskClient(config.zendesk),
          fields: config.zendesk.fields,
        }),
      });
      offlineUrl = await listen(offline);
    });
    afterAll(async () => {
      await offline?.close();
      await connection?.close();
    });

    test('a valid webhook gets 503 with Retry-After, never a 2xx', async () => {
      const ticketId = newTicketId();
      const body = JSON.stringify(webhookEvent(ticketId));
      const stamp = new Date().toISOString();
      const response = await http(offlineUrl, {
        method: 'POST',
        url: '/webhooks/zendesk',
        headers: {
          'content-type': 'application/json',
          'x-zendesk-webhook-signature': signZendeskWebhook(WEBHOOK_SECRET, stamp, body),
          'x-zendesk-webhook-signature-timestamp': stamp,
        },
        payload: body,
      });
      expect(response.statusCode).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.json()).toMatchObject({ error: 'TemporalUnavailable' });
      expect(await workflowExists(ticketId)).toBe(false);
      expect((await http(offlineUrl, { url: '/metrics' })).body).toMatch(
        /temporal_signals_total\{signal="ticketEvent",outcome="failed"\} 1/,
      );
    });

    test('escalations (ticket API and Slack form) answer 503 with Retry-After', async () => {
      // Ticket 123456 is Globex's, in the Zendesk simulator: only Temporal is missing.
      const api = await http(offlineUrl, apiEscalation(123456));
      const slack = await http(offlineUrl, slackFormEscalation(123456));
      for (const response of [api, slack]) {
        expect(response.statusCode).toBe(503);
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        expect(response.json()).toMatchObject({ error: 'TemporalUnavailable' });
      }
    });

    test('readiness fails while liveness holds; the API answers 503 too', async () => {
      expect((await http(offlineUrl, { url: '/healthz' })).statusCode).toBe(200);
      const ready = await http(offlineUrl, { url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBeDefined();
      const status = await http(offlineUrl, {
        url: '/api/tickets/123456',
        headers: { authorization: `Bearer ${API_TOKEN}` },
      });
      expect(status.statusCode).toBe(503);
      expect(status.headers['retry-after']).toBeDefined();
    });
  });

  test('health and readiness on a reachable Temporal', async () => {
    expect((await send({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await send({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  describe('ticket API', () => {
    const api = (method: 'GET' | 'POST', url: string, payload?: unknown, token: string | null = API_TOKEN) =>
      send({
        method,
        url,
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });

    test.each([
      ['no Authorization header', null],
      ['a wrong token', 'not-the-api-token-at-all'],
      ['a token with one character missing', API_TOKEN.slice(0, -1)],
      ['an empty token', ''],
    ])('%s → 401 on every API route, and nothing is called', async (_label, token) => {
      const ticketId = newTicketId();
      const calls = [
        api('GET', `/api/tickets/${ticketId}`, undefined, token),
        api(
          'POST',
          `/api/tickets/${ticketId}/escalations`,
          { reason: 'r', desiredActions: 'a', submitter: 's' },
          token,
        ),
        api('POST', `/api/tickets/${ticketId}/star/acknowledge`, { by: 'manager' }, token),
        api('POST', `/api/tickets/${ticketId}/star/unstar`, { by: 'manager', reason: 'done' }, token),
      ];
      for (const response of await Promise.all(calls)) {
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ error: 'Unauthorized' });
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      expect(await workflowExists(ticketId)).toBe(false);
    });

    test('an unknown ticket is a 404, on the status query and on every update', async () => {
      const ticketId = newTicketId();
      const responses = [
        await api('GET', `/api/tickets/${ticketId}`),
        await api('POST', `/api/tickets/${ticketId}/escalations`, {
          reason: 'Down',
          desiredActions: 'Call me',
          submitter: 'am@example.com',
        }),
        await api('POST', `/api/tickets/${ticketId}/star/acknowledge`, { by: 'manager' }),
        await api('POST', `/api/tickets/${ticketId}/star/unstar`, { by: 'manager', reason: 'resolved' }),
      ];
      for (const response of responses) {
        expect(response.statusCode).toBe(404);
        expect(response.json()).toEqual({
          error: 'NotFound',
          message: expect.stringContaining(String(ticketId)),
        });
      }
      expect(await workflowExists(ticketId)).toBe(false);
    });

    test.each<[string, 'GET' | 'POST', string, unknown, string]>([
      ['a non-numeric ticket ID', 'GET', '/api/tickets/T123', undefined, 'digits only'],
      ['a zero ticket ID', 'GET', '/api/tickets/0', undefined, 'digits only'],
      [
        'an escalation without a reason',
        'POST',
        '/escalations',
        { desiredActions: 'a', submitter: 's' },
        'reason is required',
      ],
      [
        'an escalation with an unknown urgency',
        'POST',
        '/escalations',
        { reason: 'r', desiredActions: 'a', submitter: 's', urgency: 'asap' },
        'urgency must be one of',
      ],
      ['an acknowledgement without its author', 'POST', '/star/acknowledge', {}, 'by is required'],
      ['an unstar without a reason', 'POST', '/star/unstar', { by: 'manager' }, 'reason is required'],
      [
        'an unstar with a blank reason',
        'POST',
        '/star/unstar',
        { by: 'manager', reason: '   ' },
        'reason must not be empty',
      ],
    ])('%s → 400 before Temporal is asked', async (_label, method, path, payload, message) => {
      // Ticket with a workflow: a 404 would mean Temporal was asked before the input was checked.
      const ticketId = newTicketId();
      expect((await deliver({ body: JSON.stringify(webhookEvent(ticketId)) })).statusCode).toBe(202);
      const url = path.startsWith('/api') ? path : `/api/tickets/${ticketId}${path}`;
      const response = await api(method, url, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'InvalidRequest', message: expect.stringContaining(message) });
      expect(await signalsIn(ticketId)).toHaveLength(1);
    });

    test('malformed JSON and a wrong content type on the API are 400 and 415', async () => {
      const ticketId = newTicketId();
      const malformed = await send({
        method: 'POST',
        url: `/api/tickets/${ticketId}/star/unstar`,
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        payload: '{"by": "manager", "reason": ',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toMatchObject({ error: 'MalformedJson' });
      const plain = await send({
        method: 'POST',
        url: `/api/tickets/${ticketId}/star/unstar`,
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'text/plain' },
        payload: 'by=manager',
      });
      expect(plain.statusCode).toBe(415);
      expect(plain.json()).toMatchObject({ error: 'UnsupportedMediaType' });
    });
  });

  test('metrics count requests by route and status, latency, and signals sent', async () => {
    const text = await metricsText();
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/webhooks\/zendesk",status="202"\} \d+/);
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/webhooks\/zendesk",status="401"\} \d+/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/tickets\/:id",status="404"\} \d+/);
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/webhooks\/zendesk"\} \d+/,
    );
    expect(await sentSignals()).toBeGreaterThanOrEqual(6);
    const unknown = await send({ url: '/no/such/route' });
    expect(unknown.statusCode).toBe(404);
    expect(await metricsText()).toMatch(/route="unmatched",status="404"/);
  });

  test('logs hold no secrets, signatures, tokens or bodies', () => {
    const logs = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(20);
    expect(logs).toContain('ticket event accepted');
    for (const secret of [WEBHOOK_SECRET, API_TOKEN, BODY_MARKER, ...signatures]) {
      expect(logs).not.toContain(secret);
    }
  });
});
