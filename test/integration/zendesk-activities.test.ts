import { ApplicationFailure } from '@temporalio/common';
import { createZendeskActivities, type ZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient, type ZendeskClient } from '../../activities/zendesk/client';
import { FailureTypes } from '../../activities/errors';
import { loadConfig, type AppConfig } from '../../config';
import { startZendeskSimulator, type ZendeskSimulator } from '../../simulators/zendesk';
import { eventually } from '../support/eventually';

/**
 * The Zendesk activities through the real node-zendesk client against the Zendesk simulator:
 * every operation, failure classification (429 + Retry-After, 5xx, 401, 404, 422, connection
 * reset), idempotent writes under forced retries, and the S4 organization guard.
 */
const GLOBEX_TICKET = 123456; // Alliance (Globex Cloud, org 1003), case number T123456789
const ACME_TICKET = 123457; // Select (Acme Consulting, org 1001)
const CAROL_GLOBEX = 2003;
const FRANK_UMBRELLA = 2006;

describe('Zendesk activities (node-zendesk → simulator)', () => {
  let sim: ZendeskSimulator;
  let config: AppConfig['zendesk'];
  let client: ZendeskClient;
  let zendesk: ZendeskActivities;

  const failureOf = async (promise: Promise<unknown>): Promise<ApplicationFailure> => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  };
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const auth = Buffer.from(`${config.email}/token:${config.apiToken}`).toString('base64');
    const response = await fetch(`${sim.apiUrl}${path}`, {
      method,
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  const createTicket = async (ticket: Record<string, unknown>): Promise<number> =>
    (
      await api<{ ticket: { id: number } }>('POST', '/tickets.json', {
        ticket: {
          subject: 'Help',
          comment: { body: 'Something broke.' },
          requester_id: CAROL_GLOBEX,
          ...ticket,
        },
      })
    ).ticket.id;
  const comments = (ticketId: number) => sim.state.comments.get(ticketId) ?? [];
  const writes = () => sim.app.requests.filter((r) => r.method !== 'GET');

  beforeAll(async () => {
    sim = await startZendeskSimulator({ port: 0 });
    config = loadConfig({ ZENDESK_URL: sim.apiUrl }).zendesk;
    client = createZendeskClient(config);
    zendesk = createZendeskActivities({ zendesk: client, fields: config.fields });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  describe('reads', () => {
    test('getTicket maps the ticket and its data-contract custom fields', async () => {
      await expect(zendesk.getTicket(GLOBEX_TICKET)).resolves.toEqual({
        id: GLOBEX_TICKET,
        subject: 'Runner registration fails after upgrade',
        description: "Our customer's runners fail to register since 17.2.",
        status: 'open',
        priority: 'high',
        requesterId: CAROL_GLOBEX,
        organizationId: 1003,
        groupId: 3002,
        formId: 360001172559,
        tags: ['alliance_partner'],
        createdAt: '2026-11-20T09:00:00Z',
        customFields: {
          impact: 'highly_degraded',
          partnerSituation: 'customer_issue',
          partnerCaseNumber: 'T123456789',
          nfrSoftware: false,
        },
      });
    });

    test('a checked NFR box and empty fields map to true and nulls', async () => {
      const id = await createTicket({
        custom_fields: [{ id: config.fields.nfrSoftware, value: true }],
      });
      const ticket = await zendesk.getTicket(id);
      expect(ticket.customFields).toEqual({
        impact: null,
        partnerSituation: null,
        partnerCaseNumber: null,
        nfrSoftware: true,
      });
      expect(ticket.status).toBe('new');
      expect(ticket.priority).toBeNull();
    });

    test('getUser and getOrganization map users and organizations (A3 notes, program)', async () => {
      await expect(zendesk.getUser(CAROL_GLOBEX)).resolves.toEqual({
        id: CAROL_GLOBEX,
        name: 'Carol Globex',
        email: 'carol@globex.example',
        role: 'end-user',
        organizationId: 1003,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      });
      const globex = await zendesk.getOrganization(1003);
      expect(globex).toMatchObject({
        id: 1003,
        name: 'Globex Cloud',
        externalId: '001000000000003AAA',
        partnerProgram: 'alliance',
        tags: ['alliance_partner'],
      });
      expect(globex.notes).toContain('Helm chart version');
      await expect(zendesk.getOrganization(1005)).resolves.toMatchObject({ partnerProgram: null, notes: '' });
    });

    test('a missing record is NotFound and not retryable', async () => {
      const failure = await failureOf(zendesk.getTicket(999_999));
      expect(failure.type).toBe(FailureTypes.notFound);
      expect(failure.nonRetryable).toBe(true);
      expect((await failureOf(zendesk.getUser(999_999))).type).toBe(FailureTypes.notFound);
      expect((await failureOf(zendesk.getOrganization(999_999))).type).toBe(FailureTypes.notFound);
    });
  });

  describe('findTicketByCaseNumber (A6)', () => {
    test('finds the ticket carrying the partner case number, and null for an unknown one', async () => {
      await expect(zendesk.findTicketByCaseNumber('T123456789')).resolves.toMatchObject({
        id: GLOBEX_TICKET,
      });
      await expect(zendesk.findTicketByCaseNumber('T000000001')).resolves.toBeNull();
      await expect(zendesk.findTicketByCaseNumber('  ')).resolves.toBeNull();
    });

    test('the oldest ticket wins when several carry the case number', async () => {
      const later = await createTicket({
        custom_fields: [{ id: config.fields.partnerCaseNumber, value: 'T123456789' }],
      });
      expect(later).toBeGreaterThan(GLOBEX_TICKET);
      await expect(zendesk.findTicketByCaseNumber('T123456789')).resolves.toMatchObject({
        id: GLOBEX_TICKET,
      });
    });

    test.each([
      ['T123456789" type:ticket status:open'],
      ['T123456789 OR status:open'],
      ['" status:open "'],
      ['T123456789\\'],
      ['*'],
      ['-tags:none'],
      ['T12345678*'],
    ])('the crafted value %j finds no other ticket', async (value) => {
      await expect(zendesk.findTicketByCaseNumber(value)).resolves.toBeNull();
    });

    test('a stored case number with quotes and backslashes is found exactly', async () => {
      const odd = 'T9 "quoted" \\ tags:select_partner';
      const id = await createTicket({ custom_fields: [{ id: config.fields.partnerCaseNumber, value: odd }] });
      await expect(zendesk.findTicketByCaseNumber(odd)).resolves.toMatchObject({ id });
      await expect(zendesk.findTicketByCaseNumber('T9')).resolves.toBeNull();
    });
  });

  describe('ticket writes', () => {
    test('routeTicket moves form and group, and sends nothing when there is nothing to move', async () => {
      await zendesk.routeTicket({ ticketId: ACME_TICKET, formId: 360001172559, groupId: 3003 });
      expect(sim.state.tickets.get(ACME_TICKET)).toMatchObject({
        ticket_form_id: 360001172559,
        group_id: 3003,
      });
      await zendesk.routeTicket({ ticketId: ACME_TICKET, groupId: 3001 });
      expect(sim.state.tickets.get(ACME_TICKET)).toMatchObject({
        ticket_form_id: 360001172559,
        group_id: 3001,
      });
      const before = writes().length;
      await zendesk.routeTicket({ ticketId: ACME_TICKET });
      expect(writes()).toHaveLength(before);
    });

    test('routing to a group that does not exist is a non-retryable InvalidRequest (422)', async () => {
      const failure = await failureOf(zendesk.routeTicket({ ticketId: ACME_TICKET, groupId: 42 }));
      expect(failure.type).toBe(FailureTypes.invalidRequest);
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toContain('HTTP 422');
      expect(sim.state.tickets.get(ACME_TICKET)?.group_id).toBe(3001);
    });

    test('tags: adding and removing twice leaves each change applied once', async () => {
      await zendesk.addTicketTags({ ticketId: ACME_TICKET, tags: ['s1_form_rerouted', 'star'] });
      await zendesk.addTicketTags({ ticketId: ACME_TICKET, tags: ['s1_form_rerouted', 'star'] });
      expect(sim.state.tickets.get(ACME_TICKET)?.tags).toEqual([
        'select_partner',
        's1_form_rerouted',
        'star',
      ]);
      await zendesk.removeTicketTags({ ticketId: ACME_TICKET, tags: ['star'] });
      await zendesk.removeTicketTags({ ticketId: ACME_TICKET, tags: ['star'] });
      expect(sim.state.tickets.get(ACME_TICKET)?.tags).toEqual(['select_partner', 's1_form_rerouted']);
    });

    test('a tag with a space is refused before anything is sent', async () => {
      const before = writes().length;
      const failure = await failureOf(zendesk.addTicketTags({ ticketId: ACME_TICKET, tags: ['two words'] }));
      expect(failure.type).toBe(FailureTypes.invalidRequest);
      expect(writes()).toHaveLength(before);
    });

    test('priority and status are set; a closed ticket refuses (422, non-retryable)', async () => {
      await zendesk.setTicketPriority({ ticketId: ACME_TICKET, priority: 'urgent' });
      await zendesk.setTicketStatus({ ticketId: ACME_TICKET, status: 'pending' });
      expect(sim.state.tickets.get(ACME_TICKET)).toMatchObject({ priority: 'urgent', status: 'pending' });
      await zendesk.setTicketStatus({ ticketId: ACME_TICKET, status: 'solved' });
      expect(sim.state.tickets.get(ACME_TICKET)?.status).toBe('solved');

      const closed = await createTicket({ status: 'closed' });
      const failure = await failureOf(zendesk.setTicketStatus({ ticketId: closed, status: 'open' }));
      expect(failure.type).toBe(FailureTypes.ticketClosed);
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toContain('the ticket is closed');
    });
  });

  describe('addTicketComment (idempotent by key)', () => {
    const markerOf = (key: string) => `ref: ${key}`;
    const withMarker = (ticketId: number, key: string) =>
      comments(ticketId).filter((c) => c.body.split('\n').includes(markerOf(key)));

    test('writes a public reply or an internal note ending with its key, once', async () => {
      await expect(
        zendesk.addTicketComment({
          ticketId: GLOBEX_TICKET,
          idempotencyKey: 'a3-notes-123456',
          body: 'Organization notes: ask for the Helm chart version.',
          public: false,
        }),
      ).resolves.toEqual({ written: true });
      await expect(
        zendesk.addTicketComment({
          ticketId: GLOBEX_TICKET,
          idempotencyKey: 'a3-notes-123456',
          body: 'Organization notes: ask for the Helm chart version.',
          public: false,
        }),
      ).resolves.toEqual({ written: false });
      await zendesk.addTicketComment({
        ticketId: GLOBEX_TICKET,
        idempotencyKey: 's6-ask-123456',
        body: 'Which situation applies?',
        public: true,
      });

      const notes = withMarker(GLOBEX_TICKET, 'a3-notes-123456');
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ public: false, author_id: 9001 });
      expect(notes[0].body).toBe(
        'Organization notes: ask for the Helm chart version.\n\nref: a3-notes-123456',
      );
      expect(withMarker(GLOBEX_TICKET, 's6-ask-123456')).toEqual([expect.objectContaining({ public: true })]);
      expect(comments(GLOBEX_TICKET)).toHaveLength(3);
    });

    test('a key that merely prefixes another key is a different comment', async () => {
      await zendesk.addTicketComment({
        ticketId: ACME_TICKET,
        idempotencyKey: 'note-1',
        body: 'one',
        public: false,
      });
      await zendesk.addTicketComment({
        ticketId: ACME_TICKET,
        idempotencyKey: 'note-10',
        body: 'ten',
        public: false,
      });
      await zendesk.addTicketComment({
        ticketId: ACME_TICKET,
        idempotencyKey: 'note-1',
        body: 'one',
        public: false,
      });
      expect(withMarker(ACME_TICKET, 'note-1')).toHaveLength(1);
      expect(withMarker(ACME_TICKET, 'note-10')).toHaveLength(1);
    });

    test('the marker is found past the first page of comments', async () => {
      await zendesk.addTicketComment({
        ticketId: ACME_TICKET,
        idempotencyKey: 'early',
        body: 'First note',
        public: false,
      });
      for (let batch = 0; batch < 6; batch += 1) {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            api('PUT', `/tickets/${ACME_TICKET}.json`, {
              ticket: { comment: { body: `update ${batch * 20 + i}`, public: false } },
            }),
          ),
        );
      }
      expect(comments(ACME_TICKET).length).toBeGreaterThan(120);
      await expect(
        zendesk.addTicketComment({
          ticketId: ACME_TICKET,
          idempotencyKey: 'early',
          body: 'First note',
          public: false,
        }),
      ).resolves.toEqual({ written: false });
      expect(withMarker(ACME_TICKET, 'early')).toHaveLength(1);
      const pages = sim.app.requests.filter((r) => r.path === `/api/v2/tickets/${ACME_TICKET}/comments.json`);
      expect(pages.length).toBeGreaterThanOrEqual(3);
    });

    test('a retry after a lost response (client timeout, write landed) writes nothing more', async () => {
      const impatient = createZendeskActivities({
        zendesk: createZendeskClient(config, { requestTimeoutMs: 200 }),
        fields: config.fields,
      });
      sim.app.faults.add({ route: 'PUT /api/v2/tickets/:id.json', latencyMs: 800, count: 1 });
      const input = {
        ticketId: GLOBEX_TICKET,
        idempotencyKey: 'star-ack-123456',
        body: 'STAR acknowledged',
        public: false,
      };

      const lost = await failureOf(impatient.addTicketComment(input));
      expect(lost.type).toBe(FailureTypes.network);
      expect(lost.nonRetryable).toBe(false);
      // The first attempt's write lands after its caller gave up.
      await eventually(() => withMarker(GLOBEX_TICKET, 'star-ack-123456').length === 1);

      await expect(zendesk.addTicketComment(input)).resolves.toEqual({ written: false });
      await expect(zendesk.addTicketComment(input)).resolves.toEqual({ written: false });
      expect(withMarker(GLOBEX_TICKET, 'star-ack-123456')).toHaveLength(1);
    });

    test('a retry after a failed write (503) writes exactly once', async () => {
      sim.app.faults.add({ route: 'PUT /api/v2/tickets/:id.json', status: 503, count: 1 });
      const input = {
        ticketId: ACME_TICKET,
        idempotencyKey: 's1-route-123457',
        body: 'Re-routed (S1)',
        public: false,
      };
      const failure = await failureOf(zendesk.addTicketComment(input));
      expect(failure.type).toBe(FailureTypes.unavailable);
      expect(failure.nonRetryable).toBe(false);
      await expect(zendesk.addTicketComment(input)).resolves.toEqual({ written: true });
      await expect(zendesk.addTicketComment(input)).resolves.toEqual({ written: false });
      expect(withMarker(ACME_TICKET, 's1-route-123457')).toHaveLength(1);
    });

    test.each([[''], ['two\nlines'], [' padded'], ['x'.repeat(201)]])(
      'the key %j is refused before anything is sent',
      async (key) => {
        const before = sim.app.requests.length;
        const failure = await failureOf(
          zendesk.addTicketComment({
            ticketId: ACME_TICKET,
            idempotencyKey: key,
            body: 'hello',
            public: false,
          }),
        );
        expect(failure.type).toBe(FailureTypes.invalidRequest);
        expect(failure.nonRetryable).toBe(true);
        expect(sim.app.requests).toHaveLength(before);
      },
    );
  });

  describe('organization writes behind the S4 guard', () => {
    const globex = {
      id: 1003,
      name: 'Globex Cloud',
      program: 'alliance' as const,
      accountId: '001000000000003AAA',
    };
    const umbrella = {
      id: 1005,
      name: 'Umbrella Corp',
      program: 'customer' as const,
      accountId: '001000000000005AAA',
    };

    test('a customer ticket is never put in a partner organization: refused, nothing written', async () => {
      const ticketId = await createTicket({ requester_id: FRANK_UMBRELLA });
      const before = writes().length;
      const failure = await failureOf(
        zendesk.setTicketOrganization({
          ticketId,
          subject: { kind: 'ticket', id: ticketId, program: 'customer', accountId: umbrella.accountId },
          organization: globex,
        }),
      );
      expect(failure.type).toBe(FailureTypes.organizationGuard);
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toMatch(/^S4: refused to associate customer ticket/);
      expect(writes()).toHaveLength(before);
      expect(sim.state.tickets.get(ticketId)?.organization_id).toBe(1005);
    });

    test('a partner user is never put in a customer organization, nor another partner’s', async () => {
      const before = writes().length;
      const toCustomer = await failureOf(
        zendesk.setUserOrganization({
          userId: CAROL_GLOBEX,
          subject: { kind: 'user', id: CAROL_GLOBEX, program: 'alliance', accountId: globex.accountId },
          organization: umbrella,
        }),
      );
      expect(toCustomer.type).toBe(FailureTypes.organizationGuard);
      const toOtherPartner = await failureOf(
        zendesk.setUserOrganization({
          userId: CAROL_GLOBEX,
          subject: { kind: 'user', id: CAROL_GLOBEX, program: 'alliance', accountId: globex.accountId },
          organization: {
            id: 1004,
            name: 'Initech Systems',
            program: 'alliance',
            accountId: '001000000000004AAA',
          },
        }),
      );
      expect(toOtherPartner.type).toBe(FailureTypes.organizationGuard);
      expect(writes()).toHaveLength(before);
      expect(sim.state.users.get(CAROL_GLOBEX)?.organization_id).toBe(1003);
    });

    test('compatible assignments are written', async () => {
      const ticketId = await createTicket({ requester_id: CAROL_GLOBEX, organization_id: null });
      expect(sim.state.tickets.get(ticketId)?.organization_id).toBeNull();
      await zendesk.setTicketOrganization({
        ticketId,
        subject: { kind: 'ticket', id: ticketId, program: 'alliance', accountId: globex.accountId },
        organization: globex,
      });
      expect(sim.state.tickets.get(ticketId)?.organization_id).toBe(1003);

      await zendesk.setUserOrganization({
        userId: FRANK_UMBRELLA,
        subject: { kind: 'user', id: FRANK_UMBRELLA, program: 'customer' },
        organization: { id: 1006, name: 'Stark Industries', program: 'customer' },
      });
      expect(sim.state.users.get(FRANK_UMBRELLA)?.organization_id).toBe(1006);
    });

    test('the guard subject must be the record written', async () => {
      const failure = await failureOf(
        zendesk.setTicketOrganization({
          ticketId: ACME_TICKET,
          subject: { kind: 'user', id: ACME_TICKET, program: 'select' },
          organization: { id: 1001, name: 'Acme Consulting', program: 'select' },
        }),
      );
      expect(failure.type).toBe(FailureTypes.invalidRequest);
    });
  });

  describe('createOrUpdateUser (A1)', () => {
    const usersWith = (email: string) => [...sim.state.users.values()].filter((u) => u.email === email);

    test('creates once and updates after, by email', async () => {
      const first = await zendesk.createOrUpdateUser({
        idempotencyKey: 'provision-new.rep@globex.example',
        email: 'new.rep@globex.example',
        name: 'New Rep',
        organizationId: 1003,
        person: { program: 'alliance', accountId: '001000000000003AAA' },
      });
      expect(first).toMatchObject({
        created: true,
        email: 'new.rep@globex.example',
        organizationId: 1003,
        role: 'end-user',
      });
      const again = await zendesk.createOrUpdateUser({
        idempotencyKey: 'provision-new.rep@globex.example',
        email: 'new.rep@globex.example',
        name: 'New Rep',
        organizationId: 1003,
        person: { program: 'alliance', accountId: '001000000000003AAA' },
      });
      expect(again).toMatchObject({ created: false, id: first.id });
      expect(usersWith('new.rep@globex.example')).toHaveLength(1);
    });

    test('a customer is not provisioned into a partner organization; nothing is written', async () => {
      const failure = await failureOf(
        zendesk.createOrUpdateUser({
          email: 'frank@umbrella.example',
          name: 'Frank Umbrella',
          organizationId: 1001,
          person: { program: 'customer', accountId: '001000000000005AAA' },
        }),
      );
      expect(failure.type).toBe(FailureTypes.organizationGuard);
      expect(sim.state.users.get(FRANK_UMBRELLA)?.organization_id).toBe(1005);
      const unknownPerson = await failureOf(
        zendesk.createOrUpdateUser({ email: 'who@nowhere.example', name: 'Who', organizationId: 1001 }),
      );
      expect(unknownPerson.type).toBe(FailureTypes.organizationGuard);
      expect(usersWith('who@nowhere.example')).toHaveLength(0);
      expect(writes()).toHaveLength(0);
    });
  });

  describe('failure classification of node-zendesk outcomes', () => {
    test('429 with Retry-After: node-zendesk resolves, the activity fails retryably with that delay', async () => {
      sim.app.faults.add({ route: 'GET /api/v2/tickets/:id.json', status: 429, retryAfter: 7, count: 1 });
      // node-zendesk on its own resolves a 429 that carries Retry-After, with an Error as the result.
      const raw = (await client.tickets.show(GLOBEX_TICKET)) as unknown as { result: unknown };
      expect(raw.result).toBeInstanceOf(Error);

      sim.app.faults.add({ route: 'GET /api/v2/tickets/:id.json', status: 429, retryAfter: 7, count: 1 });
      const failure = await failureOf(zendesk.getTicket(GLOBEX_TICKET));
      expect(failure.type).toBe(FailureTypes.rateLimited);
      expect(failure.nonRetryable).toBe(false);
      expect(failure.nextRetryDelay).toBe('7s');
      expect(failure.message).toContain('APIRateLimitExceeded');
      // The burst is over: the retry succeeds.
      await expect(zendesk.getTicket(GLOBEX_TICKET)).resolves.toMatchObject({ id: GLOBEX_TICKET });
    });

    test('429 with Retry-After on the comment scan and on the tag endpoint', async () => {
      sim.app.faults.add({
        route: 'GET /api/v2/tickets/:id/comments.json',
        status: 429,
        retryAfter: 12,
        count: 1,
      });
      const scan = await failureOf(
        zendesk.addTicketComment({ ticketId: ACME_TICKET, idempotencyKey: 'k-1', body: 'hi', public: false }),
      );
      expect(scan).toMatchObject({
        type: FailureTypes.rateLimited,
        nextRetryDelay: '12s',
        nonRetryable: false,
      });
      expect(comments(ACME_TICKET)).toHaveLength(1);

      sim.app.faults.add({
        route: 'PUT /api/v2/tickets/:id/tags.json',
        status: 429,
        retryAfter: 3,
        count: 1,
      });
      const tags = await failureOf(zendesk.addTicketTags({ ticketId: ACME_TICKET, tags: ['x'] }));
      expect(tags).toMatchObject({ type: FailureTypes.rateLimited, nextRetryDelay: '3s' });
      expect(sim.state.tickets.get(ACME_TICKET)?.tags).toEqual(['select_partner']);
    });

    test('429 without Retry-After is still rate limiting (thrown by node-zendesk)', async () => {
      sim.app.faults.add({ route: 'GET /api/v2/users/:id.json', status: 429, count: 1 });
      const failure = await failureOf(zendesk.getUser(CAROL_GLOBEX));
      expect(failure).toMatchObject({ type: FailureTypes.rateLimited, nonRetryable: false });
      expect(failure.nextRetryDelay).toBeUndefined();
    });

    test.each([[500], [502], [503], [504]])('HTTP %i is retryable ServiceUnavailable', async (status) => {
      sim.app.faults.add({ route: 'GET /api/v2/organizations/:id.json', status, count: 1 });
      const failure = await failureOf(zendesk.getOrganization(1003));
      expect(failure.type).toBe(FailureTypes.unavailable);
      expect(failure.nonRetryable).toBe(false);
      expect(failure.message).toContain(`HTTP ${status}`);
    });

    test('503 with Retry-After keeps its status and honours the delay', async () => {
      sim.app.faults.add({ route: 'PUT /api/v2/tickets/:id.json', status: 503, retryAfter: 30, count: 1 });
      const failure = await failureOf(zendesk.setTicketPriority({ ticketId: ACME_TICKET, priority: 'low' }));
      expect(failure).toMatchObject({
        type: FailureTypes.unavailable,
        nextRetryDelay: '30s',
        nonRetryable: false,
      });
      expect(failure.message).toContain('HTTP 503');
    });

    test('wrong credentials: non-retryable AuthenticationFailed', async () => {
      const stranger = createZendeskActivities({
        zendesk: createZendeskClient({ ...config, apiToken: 'not-the-token' }),
        fields: config.fields,
      });
      const failure = await failureOf(stranger.getTicket(GLOBEX_TICKET));
      expect(failure.type).toBe(FailureTypes.authentication);
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toContain('HTTP 401');
      expect(failure.message).not.toContain('not-the-token');
    });

    test('a connection reset is a retryable network failure', async () => {
      sim.app.faults.add({ route: 'GET /api/v2/tickets/:id.json', connectionReset: true, count: 1 });
      const failure = await failureOf(zendesk.getTicket(GLOBEX_TICKET));
      expect(failure.type).toBe(FailureTypes.network);
      expect(failure.nonRetryable).toBe(false);
      expect(failure.message).toContain('ECONNRESET');
    });

    test('a refused connection is a retryable network failure', async () => {
      const nowhere = createZendeskActivities({
        zendesk: createZendeskClient({ ...config, url: 'http://127.0.0.1:9/api/v2' }),
        fields: config.fields,
      });
      const failure = await failureOf(nowhere.getTicket(GLOBEX_TICKET));
      expect(failure).toMatchObject({ type: FailureTypes.network, nonRetryable: false });
    });
  });
});
