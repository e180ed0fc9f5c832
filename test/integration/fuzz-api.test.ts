import fc from 'fast-check';
import { deprovisioningBody, provisioningBody } from '../../client/server/provisioning-api/schemas';
import { fileRetrievalBody } from '../../client/server/ticket-api/file-retrieval';
import { uploaderRequestBody } from '../../client/server/ticket-api/uploader';
import { hmacTokenMac } from '../../activities/uploads/token-signer';
import { signUploaderToken } from '../../domain/uploader-token';
import { acknowledgeBody, escalationBody, unstarBody } from '../../client/server/ticket-api/schemas';
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
  plainJson,
  randomBytes,
  removed,
  setTo,
  tooLong,
  type Mutation,
} from '../support/fuzz-arbitraries';
import { fuzzParameters } from '../support/fuzz';
import {
  ACME_TICKET,
  API_TOKEN,
  expectRefused,
  FIRST_UNKNOWN_TICKET,
  startRefusalServer,
  type RefusalServer,
} from '../support/refusal-server';

/**
 * Property-based tests (fast-check, fixed seed; FUZZ_RUNS / FUZZ_SEED for more, see
 * test/support/fuzz.ts) of the ticket API (files routes included) and the provisioning API on the
 * real server and a real Temporal dev server: random and mutated requests never get a 5xx, never
 * start or change a workflow (the server's client counts its workflow calls; the seeded ticket's
 * history stays as it was), and are answered with a JSON `{error, message}` 4xx.
 */
let s: RefusalServer;
let seededHistory: number;

beforeAll(async () => {
  s = await startRefusalServer();
  seededHistory = await s.seeded.historyLength();
});
afterAll(async () => s?.close());

afterEach(async () => {
  expect(s.temporal.totalChanged()).toBe(0);
  expect(await s.seeded.historyLength()).toBe(seededHistory);
  for (const ticketId of [ACME_TICKET, FIRST_UNKNOWN_TICKET]) {
    expect(await s.workflowExists(fileRetrievalWorkflowId(ticketId, 1))).toBe(false);
  }
  expect(await s.workflowExists(partnerTicketWorkflowId(FIRST_UNKNOWN_TICKET))).toBe(false);
});

/** The ticket API's POST routes, each with a body it would accept. */
const ticketRoutes = {
  escalations: {
    schema: escalationBody,
    valid: {
      reason: 'Down',
      desiredActions: 'Call us',
      submitter: 'sam@support',
      urgency: 'urgent',
      emergency: true,
    },
  },
  'star/acknowledge': { schema: acknowledgeBody, valid: { by: 'manager' } },
  'star/unstar': { schema: unstarBody, valid: { by: 'manager', reason: 'Resolved' } },
  'files/retrieve': {
    schema: fileRetrievalBody,
    valid: { prefix: 'logs/', maxObjects: 10, maxBytes: 1024, requestedBy: 'sam@support' },
  },
  'files/uploader': { schema: uploaderRequestBody, valid: { requestedBy: 'sam@support' } },
} as const;
type TicketRoute = keyof typeof ticketRoutes;
const routeNames = Object.keys(ticketRoutes) as TicketRoute[];
const ticketIds = fc.constantFrom(ACME_TICKET, FIRST_UNKNOWN_TICKET);

const validProvisioning = {
  email: 'rep@globex.example',
  accountId: '001000000000003AAA',
  requestedBy: 'csm@example.com',
  name: 'Rita Rep',
  createContact: true,
};

test('control: every unmutated body is valid', () => {
  for (const { schema, valid } of Object.values(ticketRoutes))
    expect(schema.safeParse(valid).success).toBe(true);
  expect(provisioningBody.safeParse(validProvisioning).success).toBe(true);
  expect(deprovisioningBody.safeParse({ requestedBy: 'csm@example.com' }).success).toBe(true);
});

const text = (field: string, max: number): fc.Arbitrary<Mutation>[] => [
  setTo(`${field} not a string`, [field], jsonOtherThan('string')),
  setTo(`${field} blank`, [field], blank),
  setTo(`${field} too long`, [field], tooLong(max)),
];
// Bodies with `__proto__` or `constructor.prototype` are refused by the JSON parser itself (400
// MalformedJson, see the bad-input table); here the unknown key must reach the schema.
const unknownKey = (known: readonly string[]) =>
  fc
    .tuple(
      anyText(12).filter((key) => !known.includes(key) && !['__proto__', 'constructor'].includes(key)),
      plainJson(1),
    )
    .map(([key, value]): Mutation => ({ label: `unknown key ${key}`, path: [key], value }));

/** Mutations that make a route's body invalid. */
const bodyMutations: Record<TicketRoute, fc.Arbitrary<Mutation>> = {
  escalations: fc.oneof(
    ...['reason', 'desiredActions', 'submitter'].map((key) => removed([key])),
    ...text('reason', 5000),
    ...text('desiredActions', 5000),
    ...text('submitter', 320),
    setTo(
      'urgency unknown',
      ['urgency'],
      fc.oneof(
        anyText().filter(
          (v) =>
            !['urgent', 'timely', 'not_urgent'].includes(
              v
                .trim()
                .toLowerCase()
                .replace(/[\s-]+/g, '_'),
            ),
        ),
        jsonOtherThan('string'),
      ),
    ),
    setTo('emergency not a boolean', ['emergency'], jsonOtherThan('boolean')),
  ),
  'star/acknowledge': fc.oneof(removed(['by']), ...text('by', 320)),
  'star/unstar': fc.oneof(removed(['by']), removed(['reason']), ...text('by', 320), ...text('reason', 2000)),
  'files/retrieve': fc.oneof(
    setTo('prefix not a string', ['prefix'], jsonOtherThan('string')),
    setTo('prefix too long', ['prefix'], tooLong(1024)),
    setTo(
      'maxObjects out of range',
      ['maxObjects'],
      fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 100_001 }), fraction, jsonOtherThan('number')),
    ),
    setTo(
      'maxBytes not positive',
      ['maxBytes'],
      fc.oneof(fc.integer({ max: 0 }), fraction, jsonOtherThan('number')),
    ),
    ...text('requestedBy', 320),
    unknownKey(['prefix', 'maxObjects', 'maxBytes', 'requestedBy']),
  ),
  'files/uploader': fc.oneof(...text('requestedBy', 320), unknownKey(['requestedBy'])),
};

describe('ticket API (/api/tickets/…)', () => {
  test('without the right bearer token: 401 on every route', async () => {
    const authorization = fc.oneof(
      headerText()
        .filter((t) => t !== API_TOKEN)
        .map((t) => ({ authorization: `Bearer ${t}` })),
      headerText().map((t) => ({ authorization: t })),
      fc.constant({ authorization: `Basic ${Buffer.from(`x:${API_TOKEN}`).toString('base64')}` }),
      fc.constant({}),
    );
    const route = fc.oneof(
      ticketIds.map((id) => ({ method: 'GET', path: `/api/tickets/${id}` })),
      fc
        .tuple(fc.constantFrom(...routeNames), ticketIds)
        .map(([name, id]) => ({ method: 'POST', path: `/api/tickets/${id}/${name}` })),
    );
    await fc.assert(
      fc.asyncProperty(route, authorization, async ({ method, path }, headers) => {
        const answer = await s.request({
          method,
          path,
          headers: { ...headers, 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        expectRefused(s, answer, 401, ['Unauthorized']);
      }),
      fuzzParameters(100),
    );
  });

  test('a ticket ID that is not a Zendesk ticket number: 400 (404 where the path no longer names a route)', async () => {
    const badId = fc
      .oneof(
        anyText(),
        fc.bigInt({ min: 10n ** 15n, max: 10n ** 30n }).map(String),
        fc.constantFrom('0', '-1', '1e5', '0x10', '12.5', ' 42', '%00'),
      )
      .filter((id) => !/^[1-9]\d{0,14}$/.test(id));
    const route = fc.oneof(fc.constant(undefined), fc.constantFrom(...routeNames));
    await fc.assert(
      fc.asyncProperty(badId, route, async (id, name) => {
        const path = `/api/tickets/${encodeURIComponent(id)}${name ? `/${name}` : ''}`;
        const answer = name ? await s.api('POST', path, ticketRoutes[name].valid) : await s.api('GET', path);
        expectRefused(s, answer, [400, 404], ['InvalidRequest', 'NotFound']);
      }),
      fuzzParameters(200),
    );
  });

  test('mutated bodies: 400 naming the field, on a live ticket and on an unknown one', async () => {
    const request = fc
      .constantFrom(...routeNames)
      .chain((name) => fc.tuple(fc.constant(name), bodyMutations[name], ticketIds));
    await fc.assert(
      fc.asyncProperty(request, async ([name, mutation, id]) => {
        const answer = await s.api(
          'POST',
          `/api/tickets/${id}/${name}`,
          applyMutation(ticketRoutes[name].valid, mutation),
        );
        expectRefused(s, answer, 400, ['InvalidRequest']);
      }),
      fuzzParameters(300),
    );
  });

  test('bodies that are not a JSON object, or not JSON, or not sent as JSON: 400 or 415', async () => {
    const body = fc.oneof(
      fc
        .constantFrom(...routeNames)
        .chain((name) => brokenJson(JSON.stringify(ticketRoutes[name].valid)))
        .map((raw) => ({ raw, type: 'application/json' })),
      randomBytes.map((raw) => ({ raw, type: 'application/json' })),
      jsonOtherThan('object').map((value) => ({ raw: JSON.stringify(value), type: 'application/json' })),
      fc
        .tuple(
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'text/html',
            'application/xml',
            'application/octet-stream',
          ),
          fc.constantFrom(...routeNames),
        )
        .map(([type, name]) => ({ raw: JSON.stringify(ticketRoutes[name].valid), type })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routeNames), ticketIds, body, async (name, id, { raw, type }) => {
        const answer = await s.request({
          path: `/api/tickets/${id}/${name}`,
          headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': type },
          body: raw,
        });
        expectRefused(
          s,
          answer,
          [400, 415],
          ['MalformedJson', 'InvalidRequest', 'UnsupportedMediaType', 'EmptyBody'],
        );
      }),
      fuzzParameters(200),
    );
  });

  test('valid requests about tickets that do not exist: 404, nothing started', async () => {
    const unknown = fc.integer({ min: FIRST_UNKNOWN_TICKET, max: 10 ** 15 - 1 });
    await fc.assert(
      fc.asyncProperty(unknown, fc.constantFrom(undefined, ...routeNames), async (id, name) => {
        const answer = name
          ? await s.api('POST', `/api/tickets/${id}/${name}`, ticketRoutes[name].valid)
          : await s.api('GET', `/api/tickets/${id}`);
        expectRefused(s, answer, 404, ['NotFound'], { temporalAsked: true });
        expect(await s.workflowExists(partnerTicketWorkflowId(id))).toBe(false);
      }),
      fuzzParameters(40),
    );
  });
});

describe('provisioning API (/api/provisioning…)', () => {
  const notAnEmail = fc.oneof(
    anyText().filter((v) => !v.includes('@')),
    jsonOtherThan('string'),
  );
  const provisioningMutation: fc.Arbitrary<Mutation> = fc.oneof(
    ...['email', 'accountId', 'requestedBy'].map((key) => removed([key])),
    setTo('email not an email', ['email'], notAnEmail),
    setTo('requestedBy not an email', ['requestedBy'], notAnEmail),
    setTo(
      'accountId not an Account Id',
      ['accountId'],
      fc.oneof(
        anyText().filter((v) => !/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(v.trim())),
        jsonOtherThan('string'),
      ),
    ),
    setTo('name not a string', ['name'], jsonOtherThan('string', { withNull: true })),
    setTo('name blank', ['name'], blank),
    setTo('name too long', ['name'], tooLong(255)),
    setTo('createContact not a boolean', ['createContact'], jsonOtherThan('boolean')),
    unknownKey(Object.keys(validProvisioning)),
  );

  test('mutated provisioning requests: 400, nothing started', async () => {
    await fc.assert(
      fc.asyncProperty(provisioningMutation, async (mutation) => {
        const answer = await s.api('POST', '/api/provisioning', applyMutation(validProvisioning, mutation));
        expectRefused(s, answer, 400, ['InvalidRequest']);
      }),
      fuzzParameters(200),
    );
  });

  test('deprovisioning with a bad email or body, and status of a bad email: 400 (404 where no route)', async () => {
    const badEmail = anyText().filter((v) => !v.includes('@'));
    const request = fc.oneof(
      badEmail.map((email) => ({
        method: 'POST',
        email,
        body: { requestedBy: 'csm@example.com' } as unknown,
      })),
      badEmail.map((email) => ({ method: 'GET', email, body: undefined as unknown })),
      fc
        .oneof(
          removed(['requestedBy']),
          setTo('requestedBy not an email', ['requestedBy'], notAnEmail),
          unknownKey(['requestedBy']),
        )
        .map((mutation) => ({
          method: 'POST',
          email: 'rep@globex.example',
          body: applyMutation({ requestedBy: 'csm@example.com' }, mutation) as unknown,
        })),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ method, email, body }) => {
        const path = `/api/provisioning/${encodeURIComponent(email)}${method === 'POST' ? '/deprovision' : ''}`;
        const answer = await s.api(method, path, body);
        expectRefused(s, answer, [400, 404], ['InvalidRequest', 'NotFound']);
      }),
      fuzzParameters(150),
    );
  });

  test('the status of someone never provisioned: 404, read only', async () => {
    const email = fc.emailAddress().filter((e) => e.length < 200);
    await fc.assert(
      fc.asyncProperty(email, async (address) => {
        const answer = await s.api('GET', `/api/provisioning/${encodeURIComponent(address)}`);
        expectRefused(s, answer, [400, 404], ['InvalidRequest', 'NotFound'], { temporalAsked: true });
      }),
      fuzzParameters(40),
    );
  });
});

describe('Support Uploader links (GET /uploads/:token, /uploads/:token/finished)', () => {
  const sign = (
    grant: { ticketId: number; sequence: number; expiresAt: number },
    secret = s.config.uploader.tokenSecret,
  ) => signUploaderToken(grant, hmacTokenMac(secret));
  const inAnHour = () => Date.now() + 3_600_000;
  const finished = (token: string, key?: string) =>
    s.request({
      method: 'GET',
      path: `/uploads/${encodeURIComponent(token)}/finished${key === undefined ? '' : `?key=${encodeURIComponent(key)}`}`,
    });

  test('random, forged and tampered links: 403 (404 where no route), nothing signalled', async () => {
    const token = fc.oneof(
      anyText(80),
      headerText(200),
      // Signed with another secret.
      fc
        .tuple(
          fc.integer({ min: 1, max: 10 ** 12 }),
          anyText(20).filter((v) => v !== s.config.uploader.tokenSecret && v !== ''),
        )
        .map(([ticketId, secret]) => sign({ ticketId, sequence: 1, expiresAt: inAnHour() }, secret)),
      // One character of a valid link's signature changed.
      fc
        .tuple(
          fc.integer({ min: 0, max: 41 }),
          fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        )
        .map(([at, c]) => {
          const valid = sign({ ticketId: ACME_TICKET, sequence: 1, expiresAt: inAnHour() });
          const dot = valid.indexOf('.') + 1;
          return valid.slice(0, dot + at) + c + valid.slice(dot + at + 1);
        })
        .filter((t) => t !== sign({ ticketId: ACME_TICKET, sequence: 1, expiresAt: inAnHour() })),
    );
    await fc.assert(
      fc.asyncProperty(token, fc.boolean(), async (t, callback) => {
        const answer = callback
          ? await finished(t, `tickets/${ACME_TICKET}/uploads/report.txt`)
          : await s.request({ method: 'GET', path: `/uploads/${encodeURIComponent(t)}` });
        expectRefused(s, answer, [403, 404], ['InvalidUploadLink', 'NotFound']);
      }),
      fuzzParameters(150),
    );
  });

  test('genuine links that expired, or name an unknown ticket, or a callback about another ticket: 4xx, nothing signalled', async () => {
    const request = fc.oneof(
      fc.integer({ min: 1, max: 10 ** 9 }).map((secondsAgo) => ({
        token: sign({ ticketId: ACME_TICKET, sequence: 1, expiresAt: Date.now() - secondsAgo * 1000 }),
        key: `tickets/${ACME_TICKET}/uploads/a.txt`,
        expected: [410, 'UploadLinkExpired'] as const,
      })),
      fc.integer({ min: FIRST_UNKNOWN_TICKET, max: 10 ** 15 - 1 }).map((ticketId) => ({
        token: sign({ ticketId, sequence: 1, expiresAt: inAnHour() }),
        key: `tickets/${ticketId}/uploads/a.txt`,
        expected: [404, 'NotFound'] as const,
      })),
      fc
        .integer({ min: 1, max: 10 ** 15 - 1 })
        .filter((id) => id !== ACME_TICKET)
        .map((other) => ({
          token: sign({ ticketId: ACME_TICKET, sequence: 1, expiresAt: inAnHour() }),
          key: `tickets/${other}/uploads/a.txt`,
          expected: [403, 'InvalidUploadLink'] as const,
        })),
      anyText(40)
        .filter((key) => !/^tickets\/\d{1,16}\//.test(key))
        .map((key) => ({
          token: sign({ ticketId: ACME_TICKET, sequence: 1, expiresAt: inAnHour() }),
          key,
          expected: [400, 'InvalidRequest'] as const,
        })),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ token, key, expected: [status, error] }) => {
        expectRefused(s, await finished(token, key), status, [error], { temporalAsked: true });
      }),
      fuzzParameters(60),
    );
  });
});
