import { createHmac } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createClient } from 'node-zendesk';
import { parseZendeskWebhook } from '../../client/server/zendesk-webhook/zendesk-events';
import { loadConfig } from '../../config';
import { SIMULATOR_ACCOUNT_ID } from '../../simulators/zendesk/webhook-payload';
import {
  startZendeskSimulator,
  type ZendeskSimulator,
  type ZendeskWebhookPayload,
} from '../../simulators/zendesk';
import { eventually } from '../support/eventually';

/**
 * The Zendesk simulator's wire behaviour: Zendesk's authentication, error bodies, rate-limit
 * headers, ticket/comment/tag semantics, cursor and offset pagination, search with its
 * 1,000-result limit, uploads, the admin API, and signed webhooks (duplicates, reordering, retries).
 */
const config = loadConfig({}).zendesk;
const basic = (user: string, token = config.apiToken) =>
  `Basic ${Buffer.from(`${user}/token:${token}`).toString('base64')}`;
const OPERATOR = basic(config.email);
const GLOBEX_TICKET = 123456;
const CAROL_GLOBEX = 2003;
const SALLY_AGENT = 9002;
const IMPACT = config.fields.impact;
const CASE_NUMBER = config.fields.partnerCaseNumber;

/** What the webhook server makes of an event (the simulator and the server share Zendesk's schema). */
const mapped = (payload: unknown): [string, string | null, string | null] => {
  const parsed = parseZendeskWebhook(payload, { fields: config.fields });
  if (!parsed.ok || parsed.mapped.kind !== 'event')
    throw new Error(`not a mapped event: ${JSON.stringify(parsed)}`);
  const { event } = parsed.mapped;
  return [event.type, event.actor ?? null, event.status ?? event.impact ?? null];
};

interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  {
    body,
    auth = OPERATOR,
    headers = {},
  }: { body?: unknown; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook endpoint recording what it receives; `answer(n)` is the status for the n-th request. */
async function startReceiver(answer: (n: number) => number = () => 200) {
  const received: Received[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests += 1;
      const status = answer(requests);
      if (status < 300) received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/zendesk`,
    received,
    requests: () => requests,
    payloads: () => received.map((r) => JSON.parse(r.body) as ZendeskWebhookPayload),
    /** Each payload as the server maps it: [type, actor, status or impact]. */
    mapped: () => received.map((r) => mapped(JSON.parse(r.body))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('Zendesk simulator', () => {
  let sim: ZendeskSimulator;
  let clock: number | undefined;
  const api = <T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: Parameters<typeof call>[3],
  ) => call<T>(sim.apiUrl, method, path, options);
  const newTicket = async (ticket: Record<string, unknown> = {}): Promise<number> => {
    const reply = await api<{ ticket: { id: number } }>('POST', '/tickets.json', {
      body: {
        ticket: {
          subject: 'Pipelines pending',
          comment: { body: 'Stuck since 9am.' },
          requester_id: CAROL_GLOBEX,
          ...ticket,
        },
      },
    });
    expect(reply.status).toBe(201);
    return reply.body.ticket.id;
  };

  beforeAll(async () => {
    sim = await startZendeskSimulator({ port: 0, now: () => new Date(clock ?? Date.now()) });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    clock = undefined;
    sim.setWebhook(undefined);
    sim.reset();
  });

  describe('authentication (Basic email/token, OAuth bearer)', () => {
    test('no credentials, a wrong token or password auth: 401 as Zendesk answers it', async () => {
      for (const auth of [
        null,
        basic(config.email, 'wrong-token'),
        `Basic ${Buffer.from(`${config.email}:${config.apiToken}`).toString('base64')}`,
        'Bearer nope',
      ]) {
        const reply = await api('GET', `/tickets/${GLOBEX_TICKET}.json`, { auth });
        expect(reply.status).toBe(401);
        expect(reply.body).toEqual({ error: "Couldn't authenticate you" });
      }
    });

    test('the integration user, another agent with the API token, and the OAuth token are accepted', async () => {
      expect((await api('GET', `/tickets/${GLOBEX_TICKET}.json`)).status).toBe(200);
      const sally = await api<{ user: { id: number } }>('GET', '/users/me.json', {
        auth: basic('sally.support@gitlab.example'),
      });
      expect(sally.body.user.id).toBe(SALLY_AGENT);
      const bearer = await api<{ user: { email: string } }>('GET', '/users/me.json', {
        auth: 'Bearer local-zendesk-oauth-token',
      });
      expect(bearer.body.user.email).toBe(config.email);
    });

    test('an end user may read who they are but not use the agent API (403)', async () => {
      const carol = basic('carol@globex.example');
      expect((await api('GET', '/users/me.json', { auth: carol })).status).toBe(200);
      const forbidden = await api('GET', `/tickets/${GLOBEX_TICKET}.json`, { auth: carol });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ error: 'Forbidden' });
    });

    test('node-zendesk with a wrong token throws with status 401', async () => {
      const client = createClient({
        username: config.email,
        token: 'wrong',
        endpointUri: sim.apiUrl,
        throwOriginalException: true,
      });
      await expect(client.tickets.show(GLOBEX_TICKET)).rejects.toMatchObject({ statusCode: 401 });
    });
  });

  describe('errors, rate-limit headers and fault injection', () => {
    test('404 RecordNotFound, 400 ParameterMissing, 422 RecordInvalid with details', async () => {
      expect(await api('GET', '/tickets/999999.json')).toMatchObject({
        status: 404,
        body: { error: 'RecordNotFound', description: 'Not found' },
      });
      expect(await api('GET', '/users/abc.json')).toMatchObject({ status: 404 });
      expect(await api('POST', '/tickets.json', { body: {} })).toMatchObject({
        status: 400,
        body: { error: 'ParameterMissing' },
      });
      const invalid = await api('POST', '/tickets.json', {
        body: {
          ticket: { subject: 'x', requester_id: 424242, custom_fields: [{ id: IMPACT, value: 'urgent!' }] },
        },
      });
      expect(invalid.status).toBe(422);
      expect(invalid.body).toMatchObject({
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: {
          requester_id: [{ error: 'InvalidValue' }],
          description: [{ description: 'Description: cannot be blank', error: 'BlankValue' }],
        },
      });
      const badImpact = await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: { ticket: { custom_fields: [{ id: IMPACT, value: 'urgent!' }], priority: 'low' } },
      });
      expect(badImpact.status).toBe(422);
      expect(sim.state.tickets.get(GLOBEX_TICKET)?.priority).toBe('high');
    });

    test('every answer carries the rate-limit headers', async () => {
      const reply = await api('GET', `/tickets/${GLOBEX_TICKET}.json`);
      expect(reply.headers.get('x-rate-limit')).toBe('700');
      expect(Number(reply.headers.get('x-rate-limit-remaining'))).toBeLessThan(700);
      expect(reply.headers.get('ratelimit-limit')).toBe('700');
      expect(reply.headers.get('retry-after')).toBeNull();
      const next = await api('GET', '/users/me.json');
      expect(Number(next.headers.get('x-rate-limit-remaining'))).toBe(
        Number(reply.headers.get('x-rate-limit-remaining')) - 1,
      );
    });

    test('a 429 burst injected over the admin API answers with Retry-After and Zendesk’s body, then recovers', async () => {
      const added = await call(sim.url, 'POST', '/__admin/faults', {
        body: { route: 'GET /api/v2/tickets/:id.json', status: 429, retryAfter: 5, count: 2 },
        auth: null,
      });
      expect(added.status).toBe(200);
      for (let i = 0; i < 2; i += 1) {
        const limited = await api('GET', `/tickets/${GLOBEX_TICKET}.json`);
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('5');
        expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
        expect(limited.body).toEqual({
          error: 'APIRateLimitExceeded',
          description: 'Number of allowed API requests per minute exceeded',
        });
      }
      expect((await api('GET', `/tickets/${GLOBEX_TICKET}.json`)).status).toBe(200);
      const log = await call<{ requests: Array<{ status: number }> }>(sim.url, 'GET', '/__admin/requests', {
        auth: null,
      });
      expect(log.body.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    });

    test('admin reset restores the fixture world; admin state shows it', async () => {
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, { body: { ticket: { status: 'pending' } } });
      await newTicket();
      expect((await call(sim.url, 'POST', '/__admin/reset', { auth: null })).status).toBe(200);
      const state = await call<{ tickets: Array<{ id: number; status: string }> }>(
        sim.url,
        'GET',
        '/__admin/state',
        { auth: null },
      );
      expect(state.body.tickets.map((t) => [t.id, t.status])).toEqual([
        [123456, 'open'],
        [123457, 'open'],
      ]);
    });
  });

  describe('tickets, comments and tags', () => {
    test('a created ticket: its description is its first (public, requester) comment; times from the clock', async () => {
      clock = Date.parse('2026-12-01T10:15:30.456Z');
      const client = createClient({
        username: config.email,
        token: config.apiToken,
        endpointUri: sim.apiUrl,
        throwOriginalException: true,
      });
      const created = (await client.tickets.create({
        ticket: {
          subject: 'Geo down',
          comment: { body: 'Our secondary is down.' },
          requester_id: CAROL_GLOBEX,
          ticket_form_id: 360001172559,
          priority: 'urgent',
          tags: ['Alliance_Partner', 'geo'],
          custom_fields: [
            { id: IMPACT, value: 'emergency' },
            { id: CASE_NUMBER, value: 'T555' },
          ],
        },
      })) as unknown as { response: { status: number }; result: Record<string, unknown> };
      expect(created.response.status).toBe(201);
      const ticket = created.result;
      expect(ticket).toMatchObject({
        subject: 'Geo down',
        description: 'Our secondary is down.',
        status: 'new',
        priority: 'urgent',
        requester_id: CAROL_GLOBEX,
        submitter_id: CAROL_GLOBEX,
        organization_id: 1003,
        ticket_form_id: 360001172559,
        tags: ['alliance_partner', 'geo'],
        created_at: '2026-12-01T10:15:30Z',
        updated_at: '2026-12-01T10:15:30Z',
        url: `${sim.apiUrl}/tickets/${String(ticket.id)}.json`,
      });
      expect(ticket.custom_fields).toEqual([
        { id: IMPACT, value: 'emergency' },
        { id: config.fields.partnerSituation, value: null },
        { id: CASE_NUMBER, value: 'T555' },
        { id: config.fields.nfrSoftware, value: false },
      ]);
      const comments = await api<{ comments: Array<Record<string, unknown>> }>(
        'GET',
        `/tickets/${String(ticket.id)}/comments.json`,
      );
      expect(comments.body.comments).toEqual([
        expect.objectContaining({
          type: 'Comment',
          author_id: CAROL_GLOBEX,
          body: 'Our secondary is down.',
          plain_body: 'Our secondary is down.',
          html_body: '<div class="zd-comment" dir="auto"><p>Our secondary is down.</p></div>',
          public: true,
          attachments: [],
          created_at: '2026-12-01T10:15:30Z',
        }),
      ]);
    });

    test('updates: private notes, comments on behalf of the requester (who reopens a pending ticket), tag changes', async () => {
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: {
          ticket: {
            status: 'pending',
            comment: { body: 'Internal: check logs', public: false },
            additional_tags: ['waiting'],
          },
        },
      });
      expect(sim.state.tickets.get(GLOBEX_TICKET)).toMatchObject({
        status: 'pending',
        tags: ['alliance_partner', 'waiting'],
      });
      const reply = await api<{
        ticket: { status: string; tags: string[] };
        audit: { events: Array<{ type: string }> };
      }>('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: {
          ticket: {
            comment: { body: 'Here are the logs', author_id: CAROL_GLOBEX },
            remove_tags: ['waiting'],
          },
        },
      });
      expect(reply.body.ticket).toMatchObject({ status: 'open', tags: ['alliance_partner'] });
      expect(reply.body.audit.events.map((e) => e.type)).toEqual(['Change', 'Change', 'Comment']);
      const comments = sim.state.comments.get(GLOBEX_TICKET) ?? [];
      expect(comments.map((c) => [c.author_id, c.public])).toEqual([
        [CAROL_GLOBEX, true],
        [9001, false],
        [CAROL_GLOBEX, true],
      ]);
    });

    test('safe_update with a stale stamp is a 409 conflict; a closed ticket is 422', async () => {
      const conflict = await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: { ticket: { status: 'solved', safe_update: true, updated_stamp: '2000-01-01T00:00:00Z' } },
      });
      expect(conflict).toMatchObject({ status: 409, body: { error: 'UpdateConflict' } });
      const closed = await newTicket({ status: 'closed' });
      const refused = await api('PUT', `/tickets/${closed}.json`, {
        body: { ticket: { comment: { body: 'hi' } } },
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ details: { status: [{ error: 'ClosedPreventsUpdate' }] } });
    });

    test('a requester given by email is created as an end user, unless the ticket is invalid', async () => {
      const invalid = await api('POST', '/tickets.json', {
        body: {
          ticket: { subject: 'x', requester: { email: 'new.person@globex.example', name: 'New Person' } },
        },
      });
      expect(invalid.status).toBe(422);
      expect([...sim.state.users.values()].some((u) => u.email === 'new.person@globex.example')).toBe(false);
      const id = await newTicket({
        requester_id: undefined,
        requester: { email: 'New.Person@globex.example' },
      });
      const requester = sim.state.users.get(sim.state.tickets.get(id)?.requester_id ?? 0);
      expect(requester).toMatchObject({
        email: 'new.person@globex.example',
        name: 'new.person',
        role: 'end-user',
      });
    });

    test('ticket tag endpoints: GET, PUT adds, DELETE removes, POST sets', async () => {
      const path = `/tickets/${GLOBEX_TICKET}/tags.json`;
      expect((await api('PUT', path, { body: { tags: ['star', 'Star'] } })).body).toEqual({
        tags: ['alliance_partner', 'star'],
      });
      expect((await api('DELETE', path, { body: { tags: ['alliance_partner'] } })).body).toEqual({
        tags: ['star'],
      });
      expect((await api('POST', path, { body: { tags: ['a', 'b'] } })).body).toEqual({ tags: ['a', 'b'] });
      expect((await api('GET', path)).body).toEqual({ tags: ['a', 'b'] });
    });

    test('an Idempotency-Key creates one ticket however often it is sent', async () => {
      const body = {
        ticket: { subject: 'Once', comment: { body: 'only once' }, requester_id: CAROL_GLOBEX },
      };
      const first = await api<{ ticket: { id: number } }>('POST', '/tickets.json', {
        body,
        headers: { 'idempotency-key': 'k-1' },
      });
      const second = await api<{ ticket: { id: number } }>('POST', '/tickets.json', {
        body,
        headers: { 'idempotency-key': 'k-1' },
      });
      expect(second.body.ticket.id).toBe(first.body.ticket.id);
      expect(second.headers.get('x-idempotency-lookup')).toBe('hit');
      expect(sim.state.tickets.size).toBe(3);
      const mismatch = await api('POST', '/tickets.json', {
        body: { ticket: { ...body.ticket, subject: 'Other' } },
        headers: { 'idempotency-key': 'k-1' },
      });
      expect(mismatch.status).toBe(400);
    });

    test('comments: cursor pagination (page[size], page[after], meta.has_more, links.next) and offset pages', async () => {
      for (let i = 1; i <= 4; i += 1) {
        await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
          body: { ticket: { comment: { body: `reply ${i}` } } },
        });
      }
      const bodies: string[] = [];
      const flags: boolean[] = [];
      let next: string | null = `${sim.apiUrl}/tickets/${GLOBEX_TICKET}/comments.json?page[size]=2`;
      while (next) {
        const page: Reply<{
          comments: Array<{ body: string }>;
          meta: { has_more: boolean };
          links: { next: string | null };
        }> = await call(next, 'GET', '');
        expect(page.body.comments.length).toBeLessThanOrEqual(2);
        bodies.push(...page.body.comments.map((c) => c.body));
        flags.push(page.body.meta.has_more);
        next = page.body.links.next;
      }
      expect(bodies).toEqual([
        "Our customer's runners fail to register since 17.2.",
        'reply 1',
        'reply 2',
        'reply 3',
        'reply 4',
      ]);
      expect(flags).toEqual([true, true, false]);

      const desc = await api<{ comments: Array<{ body: string }>; next_page: string | null; count: number }>(
        'GET',
        `/tickets/${GLOBEX_TICKET}/comments.json?sort_order=desc&per_page=3`,
      );
      expect(desc.body.comments.map((c) => c.body)).toEqual(['reply 4', 'reply 3', 'reply 2']);
      expect(desc.body.count).toBe(5);
      expect(desc.body.next_page).toContain('page=2');

      const client = createClient({
        username: config.email,
        token: config.apiToken,
        endpointUri: sim.apiUrl,
        throwOriginalException: true,
      });
      expect(await client.tickets.getComments(GLOBEX_TICKET)).toHaveLength(5);
      expect((await api('GET', `/tickets/${GLOBEX_TICKET}/comments.json?page[size]=101`)).status).toBe(400);
    });

    test('uploads: a token attaches the file to a comment, and its content_url serves the bytes', async () => {
      const client = createClient({
        username: config.email,
        token: config.apiToken,
        endpointUri: sim.apiUrl,
        throwOriginalException: true,
      });
      const bytes = Buffer.from('gitlabsos archive\n'.repeat(100));
      // node-zendesk sends a stream as the body (a Buffer it would take for a file path).
      const uploaded = (await client.attachments.upload(Readable.from([bytes]) as unknown as Buffer, {
        filename: 'gitlabsos.tar.gz',
        binary: true,
      })) as {
        upload: {
          token: string;
          attachment: {
            id: number;
            file_name: string;
            size: number;
            content_url: string;
            content_type: string;
          };
        };
      };
      expect(uploaded.upload.attachment).toMatchObject({
        file_name: 'gitlabsos.tar.gz',
        size: bytes.length,
        content_type: 'application/gzip',
      });
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: {
          ticket: {
            comment: { body: 'See attached', author_id: CAROL_GLOBEX, uploads: [uploaded.upload.token] },
          },
        },
      });
      const comments = await api<{
        comments: Array<{ attachments: Array<{ id: number; content_url: string }> }>;
      }>('GET', `/tickets/${GLOBEX_TICKET}/comments.json`);
      const [attachment] = comments.body.comments[1].attachments;
      expect(attachment.id).toBe(uploaded.upload.attachment.id);
      const content = await fetch(attachment.content_url);
      expect(content.status).toBe(200);
      expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);
      // A used token cannot be attached again.
      const reused = await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: { ticket: { comment: { body: 'again', uploads: [uploaded.upload.token] } } },
      });
      expect(reused.status).toBe(422);
    });

    test('uploads over the account limit are refused', async () => {
      const small = await startZendeskSimulator({ port: 0, maxUploadBytes: 1024 });
      try {
        const response = await fetch(`${small.apiUrl}/uploads.json?filename=big.log`, {
          method: 'POST',
          headers: { authorization: OPERATOR, 'content-type': 'application/binary' },
          body: Buffer.alloc(2048),
        });
        expect(response.status).toBe(422);
        expect(small.state.attachments.size).toBe(0);
      } finally {
        await small.close();
      }
    });
  });

  describe('users, organizations, forms', () => {
    test('users: search by email, create_or_update (201 then 200), update', async () => {
      const found = await api<{ users: Array<{ id: number }>; count: number }>(
        'GET',
        `/users/search.json?query=${encodeURIComponent('email:carol@globex.example')}`,
      );
      expect(found.body.users.map((u) => u.id)).toEqual([CAROL_GLOBEX]);
      const created = await api<{ user: { id: number } }>('POST', '/users/create_or_update.json', {
        body: { user: { email: 'Zoe@Globex.example', name: 'Zoe', organization_id: 1003 } },
      });
      expect(created.status).toBe(201);
      const updated = await api<{ user: { id: number; name: string } }>(
        'POST',
        '/users/create_or_update.json',
        {
          body: { user: { email: 'zoe@globex.example', name: 'Zoë' } },
        },
      );
      expect(updated).toMatchObject({
        status: 200,
        body: { user: { id: created.body.user.id, name: 'Zoë' } },
      });
      const duplicate = await api('POST', '/users.json', {
        body: { user: { email: 'zoe@globex.example', name: 'Z' } },
      });
      expect(duplicate).toMatchObject({
        status: 422,
        body: { details: { email: [{ error: 'DuplicateValue' }] } },
      });
    });

    test('organizations: show, search by external_id, create (unique name), with notes and fields', async () => {
      const client = createClient({
        username: config.email,
        token: config.apiToken,
        endpointUri: sim.apiUrl,
        throwOriginalException: true,
      });
      // Typed as a number by node-zendesk's JSDoc; Zendesk's external_id is a string.
      const externalId = '001000000000003AAA' as unknown as number;
      const [globex] = (await client.organizations.search(externalId)) as Array<Record<string, unknown>>;
      expect(globex).toMatchObject({ id: 1003, organization_fields: { partner_program: 'alliance' } });
      const created = await api<{ organization: { id: number } }>('POST', '/organizations.json', {
        body: {
          organization: {
            name: 'Hooli',
            external_id: '001000000000099AAA',
            notes: 'Prefers Slack',
            tags: ['alliance_partner'],
            organization_fields: { partner_program: 'alliance' },
          },
        },
      });
      expect(created.status).toBe(201);
      const shown = await api<{ organization: Record<string, unknown> }>(
        'GET',
        `/organizations/${created.body.organization.id}.json`,
      );
      expect(shown.body.organization).toMatchObject({
        name: 'Hooli',
        notes: 'Prefers Slack',
        tags: ['alliance_partner'],
      });
      const again = await api('POST', '/organizations.json', { body: { organization: { name: 'hooli' } } });
      expect(again).toMatchObject({
        status: 422,
        body: { details: { name: [{ error: 'DuplicateValue' }] } },
      });
    });

    test('groups, ticket forms and ticket fields of the data contract', async () => {
      const forms = await api<{ ticket_forms: Array<{ id: number }> }>('GET', '/ticket_forms.json');
      expect(forms.body.ticket_forms.map((f) => f.id)).toEqual([360000837100, 360001172559, 360000000001]);
      const groups = await api<{ groups: Array<{ id: number }> }>('GET', '/groups.json?page[size]=2');
      expect(groups.body.groups.map((g) => g.id)).toEqual([3001, 3002]);
      const impact = await api<{
        ticket_field: { type: string; custom_field_options: Array<{ value: string }> };
      }>('GET', `/ticket_fields/${IMPACT}.json`);
      expect(impact.body.ticket_field.type).toBe('tagger');
      expect(impact.body.ticket_field.custom_field_options.map((o) => o.value)).toEqual([
        'emergency',
        'highly_degraded',
        'medium',
        'low',
      ]);
    });
  });

  describe('search', () => {
    const ids = async (query: string): Promise<number[]> => {
      const reply = await api<{ results: Array<{ id: number; result_type: string }> }>(
        'GET',
        `/search.json?query=${encodeURIComponent(query)}`,
      );
      expect(reply.status).toBe(200);
      return reply.body.results.map((r) => r.id);
    };

    test('ticket terms: custom_field_<id>, fieldvalue, tags, external_id, status, negation, type', async () => {
      const other = await newTicket({ external_id: 'SF-42', tags: ['select_partner'], status: 'pending' });
      expect(await ids(`type:ticket custom_field_${CASE_NUMBER}:T123456789`)).toEqual([GLOBEX_TICKET]);
      expect(await ids(`type:ticket custom_field_${CASE_NUMBER}:"T123456789"`)).toEqual([GLOBEX_TICKET]);
      expect(await ids('type:ticket fieldvalue:partner_internal')).toEqual([123457]);
      expect(await ids('type:ticket tags:select_partner')).toEqual([123457, other]);
      expect(await ids('type:ticket tags:select_partner -status:pending')).toEqual([123457]);
      expect(await ids('type:ticket external_id:SF-42')).toEqual([other]);
      expect(await ids('type:ticket status<pending')).toEqual([GLOBEX_TICKET, 123457]);
      expect(await ids('type:user email:carol@globex.example')).toEqual([CAROL_GLOBEX]);
      expect(await ids(`type:ticket custom_field_${CASE_NUMBER}:"T123456789\\" type:user"`)).toEqual([]);
    });
  });

  describe('webhooks', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    const secret = 'test-webhook-secret';
    afterEach(async () => {
      sim.setWebhook(undefined);
      await receiver?.close();
    });

    test('each ticket change is delivered signed: HMAC-SHA256(secret, timestamp + body), base64', async () => {
      receiver = await startReceiver();
      sim.setWebhook({ url: receiver.url, secret });
      clock = Date.parse('2026-12-02T08:00:00.250Z');
      const id = await newTicket({ custom_fields: [{ id: IMPACT, value: 'medium' }] });
      await eventually(() => receiver.received.length === 1);
      const [delivery] = receiver.received;
      const timestamp = String(delivery.headers['x-zendesk-webhook-signature-timestamp']);
      expect(Number.isNaN(Date.parse(timestamp))).toBe(false);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['x-zendesk-webhook-id']).toEqual(expect.any(String));
      const expected = createHmac('sha256', secret)
        .update(timestamp + delivery.body)
        .digest('base64');
      expect(delivery.headers['x-zendesk-webhook-signature']).toBe(expected);
      const wrong = createHmac('sha256', 'other-secret')
        .update(timestamp + delivery.body)
        .digest('base64');
      expect(delivery.headers['x-zendesk-webhook-signature']).not.toBe(wrong);
      // Zendesk's webhook event schema (webhook-payload.ts): the ticket in `detail`, ids as strings.
      expect(JSON.parse(delivery.body)).toEqual({
        type: 'zen:event-type:ticket.created',
        account_id: SIMULATOR_ACCOUNT_ID,
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        time: '2026-12-02T08:00:00.250000000Z',
        zendesk_event_version: '2022-11-06',
        subject: `zen:ticket:${id}`,
        detail: expect.objectContaining({ id: String(id), status: 'NEW', via: { channel: 'api' } }),
        event: { meta: { sequence: { id: expect.stringMatching(/^[0-9A-F]{32}$/), position: 1, total: 1 } } },
      });
      // Created through the API for Carol: she submitted it.
      expect(mapped(JSON.parse(delivery.body))).toEqual(['ticket.created', 'end_user', 'new']);
      expect(sim.state.webhookDeliveries).toEqual([
        expect.objectContaining({
          type: 'zen:event-type:ticket.created',
          ticketId: id,
          status: 'delivered',
          duplicate: false,
        }),
      ]);
    });

    test('one update emits each of its events; actors follow the author', async () => {
      receiver = await startReceiver();
      sim.setWebhook({ url: receiver.url, secret });
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: {
          ticket: {
            comment: { body: 'Could you send the logs?', public: true },
            status: 'pending',
            custom_fields: [{ id: IMPACT, value: 'emergency' }],
          },
        },
      });
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: { ticket: { comment: { body: 'Logs attached', author_id: CAROL_GLOBEX } } },
      });
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: { ticket: { comment: { body: 'note', public: false } } },
      });
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, { body: { ticket: { status: 'solved' } } });
      // Tag-only changes and no-op updates emit nothing.
      await api('PUT', `/tickets/${GLOBEX_TICKET}/tags.json`, { body: { tags: ['x'] } });
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, { body: { ticket: { status: 'solved' } } });
      await eventually(() => receiver.received.length === 7);
      // A comment's actor is its author (is_staff); a change's is the caller (detail.actor_id).
      expect(receiver.mapped()).toEqual([
        ['comment.public', 'agent', null],
        ['status.changed', 'agent', 'pending'],
        ['impact.changed', 'agent', 'emergency'],
        ['comment.public', 'end_user', null],
        ['status.changed', 'agent', 'open'],
        ['comment.private', 'agent', null],
        ['ticket.solved', 'agent', 'solved'],
      ]);
      const payloads = receiver.payloads();
      expect(new Set(payloads.map((p) => p.id)).size).toBe(7);
      // The events of one update share its sequence.
      expect(payloads.slice(0, 3).map((p) => p.event.meta.sequence)).toEqual([
        { id: payloads[0].event.meta.sequence.id, position: 1, total: 3 },
        { id: payloads[0].event.meta.sequence.id, position: 2, total: 3 },
        { id: payloads[0].event.meta.sequence.id, position: 3, total: 3 },
      ]);
      expect(payloads[3].event.meta.sequence.id).not.toBe(payloads[0].event.meta.sequence.id);
      expect(sim.state.webhookDeliveries).toHaveLength(7);
    });

    test('deleting a ticket, or marking it as spam, sends ticket.soft_deleted / ticket.marked_as_spam', async () => {
      receiver = await startReceiver();
      const [deleted, spam] = [await newTicket(), await newTicket()];
      sim.setWebhook({ url: receiver.url, secret });
      expect((await api('DELETE', `/tickets/${deleted}.json`)).status).toBe(204);
      expect((await api('PUT', `/tickets/${spam}/mark_as_spam.json`)).status).toBe(200);
      expect((await api('GET', `/tickets/${spam}.json`)).status).toBe(404);
      await eventually(() => receiver.received.length === 2);
      expect(receiver.payloads().map((p) => [p.type, p.subject, p.detail.status])).toEqual([
        ['zen:event-type:ticket.soft_deleted', `zen:ticket:${deleted}`, 'DELETED'],
        ['zen:event-type:ticket.marked_as_spam', `zen:ticket:${spam}`, 'DELETED'],
      ]);
      expect(receiver.mapped().map(([type]) => type)).toEqual(['ticket.deleted', 'ticket.deleted']);
    });

    test('a webhook subscribed to some event types receives only those, with its id', async () => {
      receiver = await startReceiver();
      sim.setWebhook({
        url: receiver.url,
        secret,
        webhookId: '01HWEBHOOKSUBSCRIBED',
        subscriptions: ['zen:event-type:ticket.status_changed'],
      });
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: { ticket: { status: 'hold', comment: { body: 'on hold' } } },
      });
      await eventually(() => receiver.received.length === 1);
      expect(receiver.payloads().map((p) => p.type)).toEqual(['zen:event-type:ticket.status_changed']);
      expect(receiver.received[0].headers['x-zendesk-webhook-id']).toBe('01HWEBHOOKSUBSCRIBED');
    });

    test('duplicates: every event is delivered twice with the same event id and body', async () => {
      receiver = await startReceiver();
      sim.setWebhook({ url: receiver.url, secret, duplicates: true });
      await api('PUT', `/tickets/${GLOBEX_TICKET}.json`, {
        body: { ticket: { status: 'hold', comment: { body: 'on hold' } } },
      });
      await eventually(() => receiver.received.length === 4);
      const bodies = receiver.received.map((r) => r.body);
      expect(bodies[0]).toBe(bodies[1]);
      expect(bodies[2]).toBe(bodies[3]);
      expect(bodies[0]).not.toBe(bodies[2]);
      expect(sim.state.webhookDeliveries.map((d) => d.duplicate)).toEqual([false, true, false, true]);
    });

    test('lost: an event drawn for loss is never sent, recorded as a failed delivery with no attempt', async () => {
      receiver = await startReceiver();
      // Every other draw loses its event: the first event (the creation) is lost, the second sent.
      let draw = 0;
      sim.setWebhook({
        url: receiver.url,
        secret,
        lossRate: 0.5,
        random: () => (draw++ % 2 === 0 ? 0.1 : 0.9),
      });
      const id = await newTicket();
      await api('PUT', `/tickets/${id}.json`, { body: { ticket: { status: 'pending' } } });
      await eventually(() => receiver.received.length === 1);
      expect(receiver.mapped().map(([type, , status]) => [type, status])).toEqual([
        ['status.changed', 'pending'],
      ]);
      expect(
        sim.state.webhookDeliveries.map((d) => [d.type, d.status, d.lost ?? false, d.attempts.length]),
      ).toEqual([
        ['zen:event-type:ticket.created', 'failed', true, 0],
        ['zen:event-type:ticket.status_changed', 'delivered', false, 1],
      ]);
    });

    test('out of order: held events go out as a reversed batch', async () => {
      receiver = await startReceiver();
      sim.setWebhook({ url: receiver.url, secret, outOfOrder: true, holdMs: 60_000 });
      const id = await newTicket();
      await api('PUT', `/tickets/${id}.json`, { body: { ticket: { status: 'open' } } });
      await api('PUT', `/tickets/${id}.json`, { body: { ticket: { status: 'pending' } } });
      expect(receiver.requests()).toBe(0);
      sim.flushWebhooks();
      await eventually(() => receiver.received.length === 3);
      expect(receiver.mapped().map(([type, , status]) => [type, status])).toEqual([
        ['status.changed', 'pending'],
        ['status.changed', 'open'],
        ['ticket.created', 'new'],
      ]);
      const [newest, , oldest] = receiver.payloads();
      expect(Date.parse(newest.time)).toBeGreaterThanOrEqual(Date.parse(oldest.time));
    });

    test('a failed delivery is retried with back-off until the endpoint accepts it', async () => {
      receiver = await startReceiver((n) => (n <= 2 ? 503 : 200));
      sim.setWebhook({ url: receiver.url, secret, retryDelayMs: 20 });
      await newTicket();
      await eventually(() => sim.state.webhookDeliveries[0]?.status === 'delivered');
      expect(sim.state.webhookDeliveries[0].attempts.map((a) => a.status)).toEqual([503, 503, 200]);
      expect(receiver.received).toHaveLength(1);
    });

    test('an endpoint that keeps failing (or refuses connections) gets a few attempts, then the delivery fails', async () => {
      receiver = await startReceiver(() => 500);
      sim.setWebhook({ url: receiver.url, secret, retryDelayMs: 10, maxAttempts: 3 });
      await newTicket();
      await eventually(() => sim.state.webhookDeliveries[0]?.status === 'failed');
      expect(sim.state.webhookDeliveries[0].attempts).toHaveLength(3);

      sim.setWebhook({
        url: 'http://127.0.0.1:9/webhooks/zendesk',
        secret,
        retryDelayMs: 10,
        maxAttempts: 2,
      });
      await newTicket();
      await eventually(() => sim.state.webhookDeliveries[1]?.status === 'failed');
      expect(sim.state.webhookDeliveries[1].attempts.map((a) => a.status)).toEqual([null, null]);
    });
  });
});

describe('Zendesk simulator lists and search at scale', () => {
  let sim: ZendeskSimulator;
  const BULK = 1050;
  const client = () =>
    createClient({
      username: config.email,
      token: config.apiToken,
      endpointUri: sim.apiUrl,
      throwOriginalException: true,
    });

  beforeAll(async () => {
    sim = await startZendeskSimulator({ port: 0 });
    for (let start = 0; start < BULK; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, BULK - start) }, (_, i) =>
          call(sim.apiUrl, 'POST', '/tickets.json', {
            body: {
              ticket: {
                subject: `bulk ${start + i}`,
                comment: { body: 'bulk' },
                requester_id: CAROL_GLOBEX,
                tags: ['bulk'],
              },
            },
          }),
        ),
      );
    }
  });
  afterAll(async () => {
    await sim?.close();
  });

  test('search pages with next_page up to the 1,000-result limit; past it, 422', async () => {
    const first = await call<{ results: unknown[]; count: number; next_page: string; previous_page: null }>(
      sim.apiUrl,
      'GET',
      '/search.json?query=type:ticket+tags:bulk',
    );
    expect(first.body.count).toBe(BULK);
    expect(first.body.results).toHaveLength(100);
    expect(first.body.next_page).toContain('page=2');
    expect(first.body.previous_page).toBeNull();

    const tenth = await call<{ results: unknown[]; next_page: string | null }>(
      sim.apiUrl,
      'GET',
      '/search.json?query=type:ticket+tags:bulk&page=10&per_page=100',
    );
    expect(tenth.body.results).toHaveLength(100);
    expect(tenth.body.next_page).toBeNull();

    const beyond = await call(
      sim.apiUrl,
      'GET',
      '/search.json?query=type:ticket+tags:bulk&page=11&per_page=100',
    );
    expect(beyond.status).toBe(422);
    expect(beyond.body).toEqual({
      error: 'invalid',
      description: 'Invalid search: Requested response size was greater than Search Response Limits',
    });

    // node-zendesk follows next_page and stops at the limit.
    expect(await client().search.queryAll('type:ticket tags:bulk')).toHaveLength(1000);
  });

  test('node-zendesk lists every ticket through cursor pagination (page[size]=100, links.next)', async () => {
    const before = sim.app.requests.length;
    const tickets = (await client().tickets.list()) as Array<{ id: number }>;
    expect(tickets).toHaveLength(BULK + 2);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(BULK + 2);
    const pages = sim.app.requests.slice(before).filter((r) => r.path === '/api/v2/tickets.json');
    expect(pages).toHaveLength(11);
  });
});
