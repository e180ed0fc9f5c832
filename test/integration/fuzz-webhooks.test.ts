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
import {
  mutatedZendeskEvent,
  zendeskEventBaseNames,
  zendeskEventBases,
  zendeskEventContext,
} from '../support/zendesk-event-mutations';

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
  // Zendesk's reference events about the seeded ticket, and mutations that make them invalid.
  const bases = zendeskEventBases(ACME_TICKET);
  const baseNames = zendeskEventBaseNames;
  const mutatedEvent = mutatedZendeskEvent(ACME_TICKET);
  test('control: every unmutated event would be delivered to the seeded ticket', () => {
    for (const event of Object.values(bases)) {
      const parsed = parseZendeskWebhook(event, zendeskEventContext);
      expect(parsed).toMatchObject({ ok: true, mapped: { kind: 'event', event: { ticketId: ACME_TICKET } } });
    }
  });

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
