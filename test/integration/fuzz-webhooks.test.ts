import fc from 'fast-check';
import { slackEscalationFormSchema } from '../../client/server/slack-escalation/slack-form';
import { signZendeskWebhook } from '../../client/server/zendesk-webhook/signature';
import {
  parseZendeskWebhook,
  subscribedTicketEventTypes,
} from '../../client/server/zendesk-webhook/zendesk-events';
import { starUrgencies } from '../../domain/star';
import { fileRetrievalWorkflowId } from '../../domain/file-retrieval';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import {
  anyText,
  applyMutation,
  blank,
  brokenJson,
  fraction,
  headerText,
  jsonOtherThan,
  randomBytes,
  removed,
  setTo,
  tooLong,
  type Mutation,
} from '../support/fuzz-arbitraries';
import { fuzzParameters } from '../support/fuzz';
import {
  ACME_TICKET,
  FIRST_UNKNOWN_TICKET,
  GLOBEX_CASE_NUMBER,
  GLOBEX_FORM_SECRET,
  GLOBEX_TICKET,
  INITECH_FORM_SECRET,
  expectRefused,
  startRefusalServer,
  WEBHOOK_SECRET,
  zendeskTimestamp,
  type HttpAnswer,
  type RefusalServer,
} from '../support/refusal-server';
import * as zendeskEvents from '../unit/fixtures/zendesk-ticket-events';

/**
 * Property-based tests (fast-check, fixed seed; FUZZ_RUNS / FUZZ_SEED for more, see
 * test/support/fuzz.ts) of the two webhook endpoints on the real server and a real Temporal dev
 * server: random and mutated payloads never get a 5xx, never start or change a workflow (every
 * workflow call of the server's client is counted; the seeded ticket's history stays as it was),
 * and are answered with a JSON `{error, message}` 4xx.
 */
let s: RefusalServer;
let seededHistory: number;

beforeAll(async () => {
  s = await startRefusalServer();
  seededHistory = await s.seeded.historyLength();
});
afterAll(async () => s?.close());

const expectRefusal = (answer: HttpAnswer, status: number | readonly number[], errors?: readonly string[]) =>
  expectRefused(s, answer, status, errors);

/** After each property: nothing changed in Temporal for the tickets the payloads named. */
afterEach(async () => {
  expect(s.temporal.totalChanged()).toBe(0);
  expect(await s.seeded.historyLength()).toBe(seededHistory);
  for (const ticketId of [5158, GLOBEX_TICKET, FIRST_UNKNOWN_TICKET]) {
    expect(await s.workflowExists(partnerTicketWorkflowId(ticketId))).toBe(false);
    expect(await s.workflowExists(fileRetrievalWorkflowId(ticketId, 1))).toBe(false);
  }
});

describe('Zendesk webhook (POST /webhooks/zendesk)', () => {
  // Zendesk's own ticket events (reference examples), about the seeded ticket: each would be
  // delivered to its workflow as it is (checked below), so a refusal is the mutation's doing.
  const onSeededTicket = (event: Record<string, unknown>) =>
    applyMutation(
      applyMutation(event, { label: '', path: ['subject'], value: `zen:ticket:${ACME_TICKET}` }),
      { label: '', path: ['detail', 'id'], value: String(ACME_TICKET) },
    );
  const bases = {
    created: onSeededTicket(zendeskEvents.ticketCreated),
    comment: onSeededTicket(zendeskEvents.publicCommentByRequester),
    note: onSeededTicket(zendeskEvents.privateNoteByAgent),
    status: onSeededTicket(zendeskEvents.statusChangedToPending),
    impact: onSeededTicket(zendeskEvents.impactChanged),
    priority: onSeededTicket(zendeskEvents.priorityChanged),
    form: onSeededTicket(zendeskEvents.formChanged),
    deleted: onSeededTicket(zendeskEvents.softDeleted),
    spam: onSeededTicket(zendeskEvents.markedAsSpam),
  };
  type Base = keyof typeof bases;
  const context = {
    fields: { impact: zendeskEvents.IMPACT_FIELD_ID, partnerSituation: zendeskEvents.SITUATION_FIELD_ID },
    integrationUserId: zendeskEvents.INTEGRATION_USER_ID,
  };

  test('control: every unmutated event would be delivered to the seeded ticket', () => {
    for (const event of Object.values(bases)) {
      const parsed = parseZendeskWebhook(event, context);
      expect(parsed).toMatchObject({ ok: true, mapped: { kind: 'event', event: { ticketId: ACME_TICKET } } });
    }
  });

  const statuses = ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted', 'archived', 'scrubbed'];
  const notIn = (values: readonly string[]) =>
    anyText().filter((v) => v.trim() !== '' && !values.includes(v.trim().toLowerCase()));
  const notAnId = anyText().filter((v) => !/^-?\d*$/.test(v.trim()));

  /** Mutations that make any ticket event invalid, whatever its type. */
  const envelopeMutation: fc.Arbitrary<Mutation> = fc.oneof(
    ...['type', 'id', 'time', 'account_id', 'subject', 'detail', 'event'].map((key) => removed([key])),
    setTo('type not a string', ['type'], jsonOtherThan('string')),
    setTo(
      'type not zen:event-type:',
      ['type'],
      anyText().filter((t) => !t.startsWith('zen:event-type:')),
    ),
    setTo('id not a string', ['id'], jsonOtherThan('string')),
    setTo('id blank', ['id'], blank),
    setTo('id too long', ['id'], tooLong(200)),
    setTo('time not a string', ['time'], jsonOtherThan('string')),
    setTo(
      'time without digits',
      ['time'],
      fc.string({ unit: fc.constantFrom(...'TZ:-+.abc '), maxLength: 30 }),
    ),
    setTo('account_id not a number', ['account_id'], jsonOtherThan('number')),
    setTo('account_id not whole', ['account_id'], fraction),
    setTo('subject not a string', ['subject'], jsonOtherThan('string')),
    setTo(
      'subject not zen:ticket:<id>',
      ['subject'],
      fc.oneof(
        anyText().filter((v) => !/^zen:ticket:\d{1,16}$/.test(v)),
        fc.bigInt({ min: 10n ** 16n, max: 10n ** 20n }).map((id) => `zen:ticket:${id}`),
        fc.integer({ min: 1 }).map((id) => `zen:ticket:-${id}`),
      ),
    ),
    setTo('detail not an object', ['detail'], jsonOtherThan('object')),
    setTo('event not an object', ['event'], jsonOtherThan('object')),
    setTo(
      'detail.id another ticket',
      ['detail', 'id'],
      fc
        .integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
        .filter((id) => id !== ACME_TICKET)
        .map(String),
    ),
    setTo(
      'detail.status unknown',
      ['detail', 'status'],
      fc.oneof(notIn(statuses), jsonOtherThan('string', { withNull: false })),
    ),
    setTo(
      'detail.actor_id not an id',
      ['detail', 'actor_id'],
      fc
        .oneof(notAnId, fraction, fc.boolean(), jsonOtherThan('number', { withNull: false }))
        .filter((v) => typeof v !== 'string' || !/^-?\d*$/.test(v.trim())),
    ),
    setTo('event.meta not an object', ['event', 'meta'], jsonOtherThan('object')),
    setTo(
      'event.meta.sequence invalid',
      ['event', 'meta', 'sequence'],
      fc.oneof(
        jsonOtherThan('object'),
        fc.record({ id: fc.constant(''), position: fc.nat(), total: fc.nat() }),
        fc.record({ id: fc.constant('S'), position: fc.integer({ max: -1 }), total: fc.nat() }),
        fc.record({ id: fc.constant('S'), position: fc.nat(), total: fraction }),
      ),
    ),
  );

  /** Mutations that make an event of one type invalid. */
  const typedMutations: Partial<Record<Base, fc.Arbitrary<Mutation>>> = {
    comment: fc.oneof(
      setTo('comment not an object', ['event', 'comment'], jsonOtherThan('object')),
      setTo('is_public not a boolean', ['event', 'comment', 'is_public'], jsonOtherThan('boolean')),
      removed(['event', 'comment', 'is_public']),
      setTo('author not an object', ['event', 'comment', 'author'], jsonOtherThan('object')),
      setTo('is_staff not a boolean', ['event', 'comment', 'author', 'is_staff'], jsonOtherThan('boolean')),
    ),
    status: fc.oneof(
      removed(['event', 'current']),
      setTo('current null', ['event', 'current'], fc.constant(null)),
      setTo('current unknown', ['event', 'current'], fc.oneof(notIn(statuses), fc.integer(), fc.boolean())),
    ),
    impact: fc.oneof(
      setTo('custom_field not an object', ['event', 'custom_field'], jsonOtherThan('object')),
      setTo(
        'custom_field.id not an id',
        ['event', 'custom_field', 'id'],
        fc.oneof(
          anyText().filter((v) => !/^\d+$/.test(v.trim())),
          fc.integer({ max: 0 }),
          fraction,
          fc.boolean(),
          fc.constant(null),
        ),
      ),
      setTo('current not an object', ['event', 'current'], jsonOtherThan('object', { withNull: false })),
    ),
    priority: setTo(
      'current unknown',
      ['event', 'current'],
      fc.oneof(notIn(['low', 'normal', 'high', 'urgent']), fc.integer(), fc.boolean()),
    ),
    form: setTo('current not an id', ['event', 'current'], fc.oneof(notAnId, fraction, fc.boolean())),
  };

  const baseNames = Object.keys(bases) as Base[];
  const mutatedEvent = fc
    .constantFrom(...baseNames)
    .chain((base) =>
      fc
        .oneof(envelopeMutation, ...(typedMutations[base] ? [typedMutations[base]] : []))
        .map((mutation) => ({ base, mutation })),
    );

  test('signed, mutated events are refused (400) and reach no workflow', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvent, async ({ base, mutation }) => {
        const answer = await s.webhook(JSON.stringify(applyMutation(bases[base], mutation)));
        expectRefusal(answer, 400, ['InvalidPayload']);
      }),
      fuzzParameters(300),
    );
  });

  test('signed bodies that are not JSON, or not a JSON object, are refused (400)', async () => {
    const body = fc.oneof(
      fc.constantFrom(...baseNames).chain((base) => brokenJson(JSON.stringify(bases[base]))),
      randomBytes,
      jsonOtherThan('object').map((value) => JSON.stringify(value)),
      fc.dictionary(anyText(10), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        expectRefusal(await s.webhook(raw), 400, ['MalformedJson', 'InvalidPayload', 'EmptyBody']);
      }),
      fuzzParameters(200),
    );
  });

  test('events of a type nobody subscribed to are acknowledged as ignored and start nothing', async () => {
    const unsubscribed = anyText(30)
      .map((suffix) => `zen:event-type:${suffix}`)
      .filter((type) => !(subscribedTicketEventTypes as readonly string[]).includes(type));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...baseNames), unsubscribed, async (base, type) => {
        const answer = await s.webhook(JSON.stringify({ ...bases[base], type }));
        expect(answer.status).toBe(202);
        expect(answer.json).toMatchObject({ accepted: true, ignored: 'unsupported_event_type' });
        expect(s.temporal.changingAttempts()).toBe(0);
      }),
      fuzzParameters(50),
    );
  });

  test('a valid or mutated event with a wrong, missing or stale signature is refused (401)', async () => {
    const body = fc.oneof(
      fc.constantFrom(...baseNames).map((base) => JSON.stringify(bases[base])),
      mutatedEvent.map(({ base, mutation }) => JSON.stringify(applyMutation(bases[base], mutation))),
    );
    const now = zendeskTimestamp();
    type Forgery = { signature?: string; timestamp?: string; secret?: string };
    const forgery = (raw: string): fc.Arbitrary<Forgery> => {
      const valid = signZendeskWebhook(WEBHOOK_SECRET, now, raw);
      const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      return fc.oneof(
        anyText(30)
          .filter((secret) => secret !== WEBHOOK_SECRET)
          .map((secret) => ({ secret })),
        // One character of the digest changed (not the last: its low bits are padding).
        fc
          .tuple(fc.integer({ min: 0, max: valid.length - 3 }), fc.constantFrom(...b64))
          .filter(([at, c]) => valid[at] !== c)
          .map(([at, c]) => ({ signature: `${valid.slice(0, at)}${c}${valid.slice(at + 1)}` })),
        fc.constant({ signature: signZendeskWebhook(WEBHOOK_SECRET, now, `${raw} `) }),
        headerText().map((signature) => ({ signature })),
        fc.constant({ signature: '' }),
        fc.constant({ timestamp: '' }),
        // Signed correctly, but more than 5 minutes away from the server's clock.
        fc
          .integer({ min: 5 * 60 + 1, max: 10 * 365 * 86400 })
          .chain((seconds) => fc.constantFrom(seconds, -seconds))
          .map((seconds) => ({ timestamp: zendeskTimestamp(new Date(Date.now() + seconds * 1000)) })),
        headerText(30)
          .filter((t) => !/^\d{4}-/.test(t))
          .map((timestamp) => ({ timestamp })),
      );
    };
    await fc.assert(
      fc.asyncProperty(
        body.chain((raw) => forgery(raw).map((f) => ({ raw, ...f }))),
        async ({ raw, signature, timestamp, secret }) => {
          const answer = await s.webhook(raw, {
            secret,
            signature,
            timestamp: timestamp ?? (signature !== undefined ? now : undefined),
          });
          expectRefusal(answer, 401, ['MissingSignature', 'InvalidSignature', 'StaleTimestamp']);
        },
      ),
      fuzzParameters(200),
    );
  });
});

describe('Slack escalation form (POST /webhooks/slack/escalations)', () => {
  const validForm = (requestId: string) => ({
    request_id: requestId,
    reason: 'Customer production is down',
    desired_actions: 'Call us now',
    submitter: 'carol@globex.example',
    urgency: 'urgent',
    emergency: true,
  });
  const ownRequestIds = [String(GLOBEX_TICKET), GLOBEX_CASE_NUMBER];

  test("control: the unmutated forms are valid and name Globex's own ticket", async () => {
    for (const requestId of ownRequestIds)
      expect(slackEscalationFormSchema.safeParse(validForm(requestId)).success).toBe(true);
    const ticket = await s.world.ticket(GLOBEX_TICKET);
    expect(ticket).toMatchObject({ organization_id: 1003, status: 'open' });
  });

  const isRequestId = (v: string) => /^[1-9]\d{0,14}$/.test(v.trim()) || /^T\d{1,15}$/.test(v.trim());
  const urgencyOk = (v: string) =>
    (starUrgencies as readonly string[]).includes(
      v
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_'),
    );
  const formMutation: fc.Arbitrary<Mutation> = fc.oneof(
    ...['request_id', 'reason', 'desired_actions', 'submitter'].map((key) => removed([key])),
    setTo('request_id not a string', ['request_id'], jsonOtherThan('string')),
    setTo(
      'request_id malformed',
      ['request_id'],
      anyText().filter((v) => !isRequestId(v)),
    ),
    ...['reason', 'desired_actions', 'submitter'].flatMap((key) => [
      setTo(`${key} not a string`, [key], jsonOtherThan('string')),
      setTo(`${key} blank`, [key], blank),
      setTo(`${key} too long`, [key], tooLong(key === 'submitter' ? 320 : 5000)),
    ]),
    setTo(
      'urgency unknown',
      ['urgency'],
      fc.oneof(
        anyText().filter((v) => !urgencyOk(v)),
        jsonOtherThan('string'),
      ),
    ),
    setTo(
      'emergency not a yes/no',
      ['emergency'],
      fc.oneof(
        anyText().filter((v) => !['true', 'false', 'yes', 'no'].includes(v)),
        jsonOtherThan('boolean').filter((v) => typeof v !== 'string'),
      ),
    ),
  );

  test('mutated forms from a real partner are refused (400) and raise nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ownRequestIds), formMutation, async (requestId, mutation) => {
        const answer = await s.slackForm(applyMutation(validForm(requestId), mutation));
        expectRefusal(answer, 400, ['InvalidForm', 'InvalidRequestId']);
      }),
      fuzzParameters(200),
    );
  });

  test('bodies that are not JSON are refused (400)', async () => {
    const body = fc.oneof(brokenJson(JSON.stringify(validForm(GLOBEX_CASE_NUMBER))), randomBytes);
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        expectRefusal(await s.slackForm(raw), 400, ['MalformedJson', 'InvalidForm', 'InvalidRequestId']);
      }),
      fuzzParameters(100),
    );
  });

  test('a wrong or missing partner secret, or a bad Slack signature, is refused (401)', async () => {
    const secrets = [GLOBEX_FORM_SECRET, INITECH_FORM_SECRET];
    const headers = fc.oneof(
      headerText()
        .filter((v) => !secrets.includes(v))
        .map((v) => ({ authorization: `Bearer ${v}` })),
      headerText()
        .filter((v) => !secrets.includes(v))
        .map((v) => ({ 'x-partner-secret': v })),
      headerText().map((v) => ({ authorization: v })),
      fc.constant({}),
      fc
        .tuple(headerText(), fc.oneof(fc.constant(String(Math.floor(Date.now() / 1000))), headerText(12)))
        .map(([signature, timestamp]) => ({
          authorization: `Bearer ${GLOBEX_FORM_SECRET}`,
          'x-slack-signature': signature,
          'x-slack-request-timestamp': timestamp,
        })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ownRequestIds), headers, async (requestId, h) => {
        const answer = await s.slackForm(validForm(requestId), h);
        expectRefusal(answer, 401, ['Unauthorized', 'InvalidSignature']);
      }),
      fuzzParameters(100),
    );
  });

  test("any ticket number that does not exist is answered exactly as another partner's ticket (404)", async () => {
    // Initech asks about Globex's ticket, by ID and by case number: the answers any unknown number gets.
    const initech = { authorization: `Bearer ${INITECH_FORM_SECRET}` };
    const foreignById = await s.slackForm(validForm(String(GLOBEX_TICKET)), initech);
    const foreignByCase = await s.slackForm(validForm(GLOBEX_CASE_NUMBER), initech);
    expectRefusal(foreignById, 404, ['TicketNotFound']);
    expectRefusal(foreignByCase, 404, ['TicketNotFound']);
    const unknown = fc.oneof(
      fc.integer({ min: FIRST_UNKNOWN_TICKET, max: 10 ** 15 - 1 }).map((id) => ({
        requestId: String(id),
        template: foreignById.body.replace(String(GLOBEX_TICKET), String(id)),
      })),
      fc
        .bigInt({ min: 0n, max: 10n ** 15n - 1n })
        .map((n) => {
          const caseNumber = `T${String(n).padStart(9, '0')}`;
          return {
            requestId: caseNumber,
            template: foreignByCase.body.replace(GLOBEX_CASE_NUMBER, caseNumber),
          };
        })
        .filter(({ requestId }) => requestId !== GLOBEX_CASE_NUMBER),
    );
    await fc.assert(
      fc.asyncProperty(
        unknown,
        fc.constantFrom(initech, { authorization: `Bearer ${GLOBEX_FORM_SECRET}` }),
        async ({ requestId, template }, h) => {
          const answer = await s.slackForm(validForm(requestId), h);
          expect(answer.status).toBe(404);
          expect(answer.body).toBe(template);
          expect(s.temporal.changingAttempts()).toBe(0);
        },
      ),
      fuzzParameters(60),
    );
  });
});
