import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { hmacTokenMac } from '../../activities/uploads/token-signer';
import { buildServer } from '../../client/server/build-server';
import { createServerLogger } from '../../client/server/logger';
import { signZendeskWebhook } from '../../client/server/zendesk-webhook/signature';
import { loadConfig } from '../../config';
import { signUploaderToken } from '../../domain/uploader-token';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import {
  ACME_TICKET,
  API_TOKEN,
  expectRefused,
  FIRST_UNKNOWN_TICKET,
  GLOBEX_CASE_NUMBER,
  GLOBEX_FORM_SECRET,
  GLOBEX_TICKET,
  INITECH_FORM_SECRET,
  startRefusalServer,
  WEBHOOK_SECRET,
  zendeskTimestamp,
  type HttpAnswer,
  type RefusalServer,
} from '../support/refusal-server';
import * as zendeskEvents from '../unit/fixtures/zendesk-ticket-events';

/**
 * Named bad inputs across every endpoint, each sent to the real server (buildServer) on a real
 * Temporal dev server, with its expected status and error code; for each, the answer is a JSON
 * `{error, message}` and the server's Temporal client made no call that could start or change a
 * workflow (or, where Temporal itself had to say the ticket does not exist, none that did).
 * Then: a partner naming another partner's ticket is answered exactly as for one that does not exist.
 */
let s: RefusalServer;
let codecServer: FastifyInstance;
let codecUrl: string;
let seededHistory: number;
/** Globex tickets made for these tests: one closed; and one of no organization. */
let globexClosed: number;
let orphanTicket: number;

beforeAll(async () => {
  s = await startRefusalServer();
  seededHistory = await s.seeded.historyLength();
  globexClosed = await s.world.createTicket({ requesterId: 2003, organizationId: 1003, impact: 'medium' });
  await s.world.updateTicket(globexClosed, { status: 'closed' });
  orphanTicket = await s.world.createTicket({ requesterId: 9002, organizationId: null });
  // The same server with payload encryption on, for its codec endpoint.
  codecServer = await buildServer({
    config: loadConfig({
      API_BEARER_TOKEN: API_TOKEN,
      PAYLOAD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    }),
    temporalClient: s.temporal.client,
    logger: createServerLogger('error', { write: () => undefined }),
  });
  await codecServer.listen({ host: '127.0.0.1', port: 0 });
  codecUrl = `http://127.0.0.1:${(codecServer.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await codecServer?.close();
  await s?.close();
});

const json = JSON.stringify;
const createdEvent = (overrides: Record<string, unknown> = {}) =>
  json({
    ...zendeskEvents.ticketCreated,
    subject: `zen:ticket:${ACME_TICKET}`,
    detail: { ...zendeskEvents.ticketCreated.detail, id: String(ACME_TICKET) },
    ...overrides,
  });
const form = (requestId: string, extra: Record<string, unknown> = {}) => ({
  request_id: requestId,
  reason: 'Customer production is down',
  desired_actions: 'Call us',
  submitter: 'carol@globex.example',
  ...extra,
});
const slackSigned = (
  body: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
  secret = s.config.slack.signingSecret,
) => ({
  authorization: `Bearer ${GLOBEX_FORM_SECRET}`,
  'x-slack-request-timestamp': timestamp,
  'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
});
const token = (
  ticketId: number,
  expiresAt = Date.now() + 3_600_000,
  secret = s.config.uploader.tokenSecret,
) => signUploaderToken({ ticketId, sequence: 1, expiresAt }, hmacTokenMac(secret));
const codec = (
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${API_TOKEN}` },
) =>
  fetch(`${codecUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: json(body),
  }).then(async (response): Promise<HttpAnswer> => {
    const text = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: text,
      json: JSON.parse(text),
    };
  });

interface BadInput {
  name: string;
  send: () => Promise<HttpAnswer>;
  status: number;
  error: string;
  /** Temporal had to be asked (a read, or a call it refused because there is no such workflow). */
  temporalAsked?: boolean;
}

const table: BadInput[] = [
  // Zendesk webhook
  { name: 'webhook: empty body', send: () => s.webhook(''), status: 400, error: 'EmptyBody' },
  {
    name: 'webhook: malformed JSON, signed',
    send: () => s.webhook('{"type": "zen:event-type:ticket.created",'),
    status: 400,
    error: 'MalformedJson',
  },
  {
    name: 'webhook: a JSON array',
    send: () => s.webhook(json([zendeskEvents.ticketCreated])),
    status: 400,
    error: 'InvalidPayload',
  },
  {
    name: 'webhook: no signature',
    send: () => s.webhook(createdEvent(), { headers: { 'x-zendesk-webhook-signature': '' } }),
    status: 401,
    error: 'MissingSignature',
  },
  {
    name: 'webhook: no timestamp',
    send: () => s.webhook(createdEvent(), { timestamp: '' }),
    status: 401,
    error: 'MissingSignature',
  },
  {
    name: 'webhook: signed with another secret',
    send: () => s.webhook(createdEvent(), { secret: 'not-the-webhook-secret' }),
    status: 401,
    error: 'InvalidSignature',
  },
  {
    name: 'webhook: body changed after signing',
    send: () => {
      const timestamp = zendeskTimestamp();
      return s.webhook(createdEvent(), {
        timestamp,
        signature: signZendeskWebhook(WEBHOOK_SECRET, timestamp, createdEvent({ id: 'other' })),
      });
    },
    status: 401,
    error: 'InvalidSignature',
  },
  {
    name: 'webhook: signature not base64',
    send: () => s.webhook(createdEvent(), { signature: '%%%not-base64%%%' }),
    status: 401,
    error: 'InvalidSignature',
  },
  {
    name: 'webhook: signed 6 minutes ago',
    send: () => s.webhook(createdEvent(), { timestamp: zendeskTimestamp(new Date(Date.now() - 6 * 60_000)) }),
    status: 401,
    error: 'StaleTimestamp',
  },
  {
    name: 'webhook: timestamp not ISO-8601, signed',
    send: () => s.webhook(createdEvent(), { timestamp: String(Math.floor(Date.now() / 1000)) }),
    status: 401,
    error: 'StaleTimestamp',
  },
  {
    name: 'webhook: text/plain',
    send: () => s.webhook(createdEvent(), { headers: { 'content-type': 'text/plain' } }),
    status: 415,
    error: 'UnsupportedMediaType',
  },
  {
    name: 'webhook: body over 1 MiB',
    send: () => s.webhook(createdEvent({ padding: 'x'.repeat(1024 * 1024) })),
    status: 413,
    error: 'PayloadTooLarge',
  },
  {
    name: 'webhook: subject not a ticket',
    send: () => s.webhook(createdEvent({ subject: 'zen:user:2003' })),
    status: 400,
    error: 'InvalidPayload',
  },
  {
    name: 'webhook: detail.id of another ticket',
    send: () => s.webhook(createdEvent({ detail: { id: String(GLOBEX_TICKET) } })),
    status: 400,
    error: 'InvalidPayload',
  },
  {
    name: 'webhook: status change to an unknown status',
    send: () =>
      s.webhook(
        createdEvent({
          type: 'zen:event-type:ticket.status_changed',
          event: { current: 'ESCALATED', previous: 'OPEN' },
        }),
      ),
    status: 400,
    error: 'InvalidPayload',
  },
  {
    name: 'webhook: comment without is_public',
    send: () =>
      s.webhook(
        createdEvent({
          type: 'zen:event-type:ticket.comment_added',
          event: { comment: { id: '1', body: 'x', author: { id: '2003', is_staff: false } } },
        }),
      ),
    status: 400,
    error: 'InvalidPayload',
  },
  {
    name: 'webhook: account_id as a string',
    send: () => s.webhook(createdEvent({ account_id: '22129848' })),
    status: 400,
    error: 'InvalidPayload',
  },
  {
    name: 'webhook: GET instead of POST',
    send: () => s.request({ method: 'GET', path: '/webhooks/zendesk' }),
    status: 404,
    error: 'NotFound',
  },

  // Slack escalation form (A6)
  { name: 'Slack form: empty body', send: () => s.slackForm(''), status: 400, error: 'EmptyBody' },
  {
    name: 'Slack form: no partner secret',
    send: () => s.slackForm(form(GLOBEX_CASE_NUMBER), {}),
    status: 401,
    error: 'Unauthorized',
  },
  {
    name: 'Slack form: unknown partner secret',
    send: () => s.slackForm(form(GLOBEX_CASE_NUMBER), { 'x-partner-secret': 'not-a-partner-secret-at-all' }),
    status: 401,
    error: 'Unauthorized',
  },
  {
    name: 'Slack form: Slack signature with another secret',
    send: () =>
      s.slackForm(
        json(form(GLOBEX_CASE_NUMBER)),
        slackSigned(json(form(GLOBEX_CASE_NUMBER)), undefined, 'wrong'),
      ),
    status: 401,
    error: 'InvalidSignature',
  },
  {
    name: 'Slack form: Slack signature 10 minutes old',
    send: () =>
      s.slackForm(
        json(form(GLOBEX_CASE_NUMBER)),
        slackSigned(json(form(GLOBEX_CASE_NUMBER)), String(Math.floor(Date.now() / 1000) - 600)),
      ),
    status: 401,
    error: 'InvalidSignature',
  },
  {
    name: 'Slack form: malformed JSON',
    send: () => s.slackForm('{"request_id": '),
    status: 400,
    error: 'MalformedJson',
  },
  {
    name: 'Slack form: form-encoded',
    send: () =>
      s.request({
        path: '/webhooks/slack/escalations',
        headers: {
          authorization: `Bearer ${GLOBEX_FORM_SECRET}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'request_id=123456',
      }),
    status: 415,
    error: 'UnsupportedMediaType',
  },
  {
    name: 'Slack form: request ID with #',
    send: () => s.slackForm(form('#123456')),
    status: 400,
    error: 'InvalidRequestId',
  },
  {
    name: 'Slack form: no reason',
    send: () => s.slackForm({ ...form(GLOBEX_CASE_NUMBER), reason: undefined }),
    status: 400,
    error: 'InvalidForm',
  },
  {
    name: 'Slack form: unknown urgency',
    send: () => s.slackForm(form(GLOBEX_CASE_NUMBER, { urgency: 'asap' })),
    status: 400,
    error: 'InvalidForm',
  },
  {
    name: 'Slack form: body over 64 KiB',
    send: () => s.slackForm(form(GLOBEX_CASE_NUMBER, { reason: 'x'.repeat(70_000) })),
    status: 413,
    error: 'PayloadTooLarge',
  },
  {
    name: 'Slack form: unknown ticket',
    send: () => s.slackForm(form(String(FIRST_UNKNOWN_TICKET))),
    status: 404,
    error: 'TicketNotFound',
  },
  {
    name: 'Slack form: unknown case number',
    send: () => s.slackForm(form('T000000001')),
    status: 404,
    error: 'TicketNotFound',
  },
  {
    name: "Slack form: another partner's ticket",
    send: () => s.slackForm(form(String(GLOBEX_TICKET)), { authorization: `Bearer ${INITECH_FORM_SECRET}` }),
    status: 404,
    error: 'TicketNotFound',
  },
  {
    name: 'Slack form: own closed ticket',
    send: () => s.slackForm(form(String(globexClosed))),
    status: 409,
    error: 'TicketClosed',
  },

  // Ticket API
  {
    name: 'ticket API: no token',
    send: () => s.request({ method: 'GET', path: `/api/tickets/${GLOBEX_TICKET}` }),
    status: 401,
    error: 'Unauthorized',
  },
  {
    name: 'ticket API: wrong token',
    send: () =>
      s.request({
        method: 'GET',
        path: `/api/tickets/${GLOBEX_TICKET}`,
        headers: { authorization: 'Bearer wrong' },
      }),
    status: 401,
    error: 'Unauthorized',
  },
  {
    name: 'ticket API: ticket ID not a number',
    send: () => s.api('GET', '/api/tickets/abc'),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'ticket API: ticket ID 0',
    send: () => s.api('GET', '/api/tickets/0'),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'ticket API: status of an unknown ticket',
    send: () => s.api('GET', `/api/tickets/${FIRST_UNKNOWN_TICKET}`),
    status: 404,
    error: 'NotFound',
    temporalAsked: true,
  },
  {
    name: 'ticket API: escalation without reason',
    send: () =>
      s.api('POST', `/api/tickets/${ACME_TICKET}/escalations`, { desiredActions: 'a', submitter: 's' }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'ticket API: escalation with emergency "yes"',
    send: () =>
      s.api('POST', `/api/tickets/${ACME_TICKET}/escalations`, {
        reason: 'r',
        desiredActions: 'a',
        submitter: 's',
        emergency: 'yes',
      }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'ticket API: escalation of an unknown ticket',
    send: () =>
      s.api('POST', `/api/tickets/${FIRST_UNKNOWN_TICKET}/escalations`, {
        reason: 'r',
        desiredActions: 'a',
        submitter: 's',
      }),
    status: 404,
    error: 'NotFound',
  },
  {
    name: 'ticket API: escalation as text/plain',
    send: () =>
      s.request({
        path: `/api/tickets/${ACME_TICKET}/escalations`,
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'text/plain' },
        body: 'reason',
      }),
    status: 415,
    error: 'UnsupportedMediaType',
  },
  {
    name: 'ticket API: escalation, malformed JSON',
    send: () =>
      s.request({
        path: `/api/tickets/${ACME_TICKET}/escalations`,
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        body: '{"reason":',
      }),
    status: 400,
    error: 'MalformedJson',
  },
  {
    // Fastify's JSON parser refuses prototype-poisoning keys before any schema sees them.
    name: 'ticket API: escalation with a __proto__ key',
    send: () =>
      s.request({
        path: `/api/tickets/${ACME_TICKET}/escalations`,
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        body: '{"__proto__":{"admin":true},"reason":"r","desiredActions":"a","submitter":"s"}',
      }),
    status: 400,
    error: 'MalformedJson',
  },
  {
    name: 'ticket API: acknowledge without by',
    send: () => s.api('POST', `/api/tickets/${ACME_TICKET}/star/acknowledge`, {}),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'ticket API: unstar without reason',
    send: () => s.api('POST', `/api/tickets/${ACME_TICKET}/star/unstar`, { by: 'm' }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'ticket API: unstar an unknown ticket',
    send: () => s.api('POST', `/api/tickets/${FIRST_UNKNOWN_TICKET}/star/unstar`, { by: 'm', reason: 'r' }),
    status: 404,
    error: 'NotFound',
    temporalAsked: true,
  },

  // Files routes (A5, S5)
  {
    name: 'files: retrieval naming an Account',
    send: () =>
      s.api('POST', `/api/tickets/${ACME_TICKET}/files/retrieve`, { accountId: '001000000000004AAA' }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'files: retrieval with a JSON null body',
    send: () => s.api('POST', `/api/tickets/${ACME_TICKET}/files/retrieve`, null),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'files: retrieval of 0 objects',
    send: () => s.api('POST', `/api/tickets/${ACME_TICKET}/files/retrieve`, { maxObjects: 0 }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'files: retrieval on an unknown ticket',
    send: () => s.api('POST', `/api/tickets/${FIRST_UNKNOWN_TICKET}/files/retrieve`, {}),
    status: 404,
    error: 'NotFound',
    temporalAsked: true,
  },
  {
    name: 'files: uploader with a blank requestedBy',
    send: () => s.api('POST', `/api/tickets/${ACME_TICKET}/files/uploader`, { requestedBy: '  ' }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'files: uploader with an unknown field',
    send: () => s.api('POST', `/api/tickets/${ACME_TICKET}/files/uploader`, { requested_by: 'x' }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'files: uploader on an unknown ticket',
    send: () => s.api('POST', `/api/tickets/${FIRST_UNKNOWN_TICKET}/files/uploader`, {}),
    status: 404,
    error: 'NotFound',
    temporalAsked: true,
  },
  {
    name: 'uploader link: garbage',
    send: () => s.request({ method: 'GET', path: '/uploads/not-a-token' }),
    status: 403,
    error: 'InvalidUploadLink',
  },
  {
    name: 'uploader link: signed with another secret',
    send: () =>
      s.request({ method: 'GET', path: `/uploads/${token(ACME_TICKET, undefined, 'another-secret')}` }),
    status: 403,
    error: 'InvalidUploadLink',
  },
  {
    name: 'uploader link: expired',
    send: () => s.request({ method: 'GET', path: `/uploads/${token(ACME_TICKET, Date.now() - 1000)}` }),
    status: 410,
    error: 'UploadLinkExpired',
  },
  {
    name: 'uploader link: unknown ticket',
    send: () => s.request({ method: 'GET', path: `/uploads/${token(FIRST_UNKNOWN_TICKET)}` }),
    status: 404,
    error: 'NotFound',
    temporalAsked: true,
  },
  {
    name: 'uploader callback: no key',
    send: () => s.request({ method: 'GET', path: `/uploads/${token(ACME_TICKET)}/finished` }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: "uploader callback: another ticket's key",
    send: () =>
      s.request({
        method: 'GET',
        path: `/uploads/${token(ACME_TICKET)}/finished?key=${encodeURIComponent(`tickets/${GLOBEX_TICKET}/uploads/a.txt`)}`,
      }),
    status: 403,
    error: 'InvalidUploadLink',
  },

  // Provisioning (A1)
  {
    name: 'provisioning: no token',
    send: () =>
      s.request({ path: '/api/provisioning', headers: { 'content-type': 'application/json' }, body: '{}' }),
    status: 401,
    error: 'Unauthorized',
  },
  {
    name: 'provisioning: no email',
    send: () =>
      s.api('POST', '/api/provisioning', { accountId: '001000000000003AAA', requestedBy: 'csm@example.com' }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'provisioning: Account Id of 10 characters',
    send: () =>
      s.api('POST', '/api/provisioning', {
        email: 'r@globex.example',
        accountId: '0010000000',
        requestedBy: 'csm@example.com',
      }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'provisioning: unknown field',
    send: () =>
      s.api('POST', '/api/provisioning', {
        email: 'r@globex.example',
        accountId: '001000000000003AAA',
        requestedBy: 'csm@example.com',
        role: 'admin',
      }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'provisioning: status of not-an-email',
    send: () => s.api('GET', '/api/provisioning/not-an-email'),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'provisioning: status of someone never provisioned',
    send: () => s.api('GET', '/api/provisioning/nobody%40globex.example'),
    status: 404,
    error: 'NotFound',
    temporalAsked: true,
  },
  {
    name: 'provisioning: deprovision without requestedBy',
    send: () => s.api('POST', '/api/provisioning/r%40globex.example/deprovision', {}),
    status: 400,
    error: 'InvalidRequest',
  },

  // Health, metrics, unknown routes, codec
  {
    name: 'health: POST /healthz',
    send: () => s.request({ path: '/healthz', body: '' }),
    status: 404,
    error: 'NotFound',
  },
  {
    name: 'metrics: POST /metrics',
    send: () => s.request({ path: '/metrics', body: '' }),
    status: 404,
    error: 'NotFound',
  },
  {
    name: 'an unknown route',
    send: () => s.request({ method: 'GET', path: '/api/tickets' }),
    status: 404,
    error: 'NotFound',
  },
  {
    name: 'codec: decode without token',
    send: () => codec('/codec/decode', { payloads: [] }, {}),
    status: 401,
    error: 'Unauthorized',
  },
  {
    name: 'codec: payloads not a list',
    send: () => codec('/codec/decode', { payloads: 'x' }),
    status: 400,
    error: 'InvalidRequest',
  },
  {
    name: 'codec: a payload encrypted with an unknown key',
    send: () =>
      codec('/codec/decode', {
        payloads: [
          {
            metadata: {
              encoding: Buffer.from('binary/encrypted').toString('base64'),
              'encryption-key-id': Buffer.from('k9').toString('base64'),
            },
            data: randomBytes(40).toString('base64'),
          },
        ],
      }),
    status: 400,
    error: 'PayloadDecryptionFailed',
  },
];

describe('named bad inputs, on the real server and dev server', () => {
  test('the table covers every endpoint with at least 40 cases', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
    expect(new Set(table.map((c) => c.name)).size).toBe(table.length);
  });

  test.each(table)('$name → $status $error', async ({ send, status, error, temporalAsked }) => {
    expectRefused(s, await send(), status, [error], { temporalAsked });
  });

  test('none of them started or changed a workflow', async () => {
    expect(s.temporal.totalChanged()).toBe(0);
    expect(await s.seeded.historyLength()).toBe(seededHistory);
    for (const ticketId of [GLOBEX_TICKET, FIRST_UNKNOWN_TICKET, globexClosed]) {
      expect(await s.workflowExists(partnerTicketWorkflowId(ticketId))).toBe(false);
    }
  });
});

describe("another partner's ticket is answered exactly as a ticket that does not exist", () => {
  const initech = { authorization: `Bearer ${INITECH_FORM_SECRET}` };
  /** The answer with the ticket reference named replaced, and the headers a client could compare. */
  const comparable = (answer: HttpAnswer, reference: string) => ({
    status: answer.status,
    contentType: answer.headers['content-type'],
    body: answer.body.replace(reference, '<ticket>'),
  });

  test.each([
    ['by ticket ID', () => String(GLOBEX_TICKET), String(FIRST_UNKNOWN_TICKET)],
    ['by case number', () => GLOBEX_CASE_NUMBER, 'T000000001'],
    ['a closed ticket', () => String(globexClosed), String(FIRST_UNKNOWN_TICKET + 1)],
  ])("Initech's form naming Globex's ticket %s", async (_label, foreign, unknown) => {
    const theirs = await s.slackForm(form(foreign()), initech);
    const missing = await s.slackForm(form(unknown), initech);
    expect(theirs.status).toBe(404);
    expect(comparable(theirs, foreign())).toEqual(comparable(missing, unknown));
    expect(s.temporal.changingAttempts()).toBe(0);
  });

  test("a ticket of no organization, and Acme's, are not Globex's either", async () => {
    const missing = comparable(
      await s.slackForm(form(String(FIRST_UNKNOWN_TICKET))),
      String(FIRST_UNKNOWN_TICKET),
    );
    for (const ticketId of [orphanTicket, ACME_TICKET]) {
      const answer = await s.slackForm(form(String(ticketId)));
      expect(comparable(answer, String(ticketId))).toEqual(missing);
    }
    expect(s.temporal.totalChanged()).toBe(0);
    expect(await s.seeded.historyLength()).toBe(seededHistory);
  });
});
