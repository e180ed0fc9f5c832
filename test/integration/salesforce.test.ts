import { Connection } from 'jsforce';
import { loadConfig, type AppConfig } from '../../config';
import { FailureTypes } from '../../activities/errors';
import { createSalesforceActivities, type SalesforceActivities } from '../../activities/salesforce';
import { createSalesforceConnection, ensureSession } from '../../activities/salesforce/connection';
import { callSalesforce } from '../../activities/salesforce/failures';
import { startSalesforceSimulator, type SalesforceSimulator } from '../../simulators/salesforce';

/**
 * The Salesforce activities through the real jsforce client against the Salesforce simulator:
 * every operation, session expiry and refresh, faults, and idempotent Task creation.
 */

const QUERY_ROUTE = 'GET /services/data/:version/query';
const TOKEN_ROUTE = 'POST /services/oauth2/token';
const ids = {
  acme: '001000000000001AAA',
  globex: '001000000000003AAA',
  umbrella: '001000000000005AAA',
  wayne: '001000000000007AAA',
  olivia: '005000000000001AAA',
  sam: '005000000000002AAA',
  alice: '003000000000001AAA',
};

let sim: SalesforceSimulator;
let config: AppConfig;
let conn: Connection;
let salesforce: SalesforceActivities;

const requestsTo = (route: string) => sim.app.requests.filter((r) => r.route === route);
const admin = (path: string, body?: unknown) =>
  fetch(`${sim.url}/__admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const tasksWithKey = (key: string) => sim.state.all('Task').filter((t) => t.Idempotency_Key__c === key);

beforeAll(async () => {
  const base = loadConfig({});
  sim = await startSalesforceSimulator({
    port: 0,
    clientId: base.salesforce.clientId,
    clientSecret: base.salesforce.clientSecret,
  });
  config = loadConfig({ SALESFORCE_LOGIN_URL: sim.url });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  await admin('reset');
  conn = createSalesforceConnection(config.salesforce);
  salesforce = createSalesforceActivities({ salesforce: conn });
});

describe('queries', () => {
  test('findContactByEmail: the contact with its account and portal flag, case-insensitively', async () => {
    await expect(salesforce.findContactByEmail('ALICE@acme-consulting.example')).resolves.toEqual({
      id: ids.alice,
      email: 'alice@acme-consulting.example',
      name: 'Alice Acme',
      accountId: ids.acme,
      portalUser: true,
    });
    await expect(salesforce.findContactByEmail('dan@initech.example')).resolves.toMatchObject({
      portalUser: false,
    });
    await expect(salesforce.findContactByEmail('erin@acme-consulting.example')).resolves.toMatchObject({
      accountId: ids.umbrella,
    });
    await expect(salesforce.findContactByEmail('mallory@acme-consulting.example')).resolves.toBeNull();
  });

  test('getAccount: the data contract fields and the owner through Owner.Name/Owner.Email', async () => {
    await expect(salesforce.getAccount(ids.globex)).resolves.toEqual({
      id: ids.globex,
      name: 'Globex Cloud',
      type: 'Partner',
      partnerProgram: 'Alliance',
      supportLevel: 'Priority',
      nfrSupportLevel: null,
      s3Bucket: 'globex-support-files',
      s3Prefix: 'gitlab-support/',
      owner: { id: ids.olivia, name: 'Olivia Owner', email: 'olivia.owner@gitlab.example' },
    });
    await expect(salesforce.getAccount(ids.wayne)).resolves.toMatchObject({
      type: 'Customer',
      partnerProgram: null,
      supportLevel: null,
      owner: { email: 'sam.sales@gitlab.example' },
    });
    await expect(salesforce.getAccount('001000000000999AAA')).resolves.toBeNull();
  });

  test('an external id that is no Salesforce Id names no account, without a request', async () => {
    await expect(salesforce.getAccount("acme' OR Name != '")).resolves.toBeNull();
    expect(requestsTo(QUERY_ROUTE)).toHaveLength(0);
  });

  test('getUserEmail', async () => {
    await expect(salesforce.getUserEmail(ids.sam)).resolves.toBe('sam.sales@gitlab.example');
    await expect(salesforce.getUserEmail('005000000000999AAA')).resolves.toBeNull();
  });

  test('writes made over the REST API are seen by the next query', async () => {
    await conn.sobject('Contact').update({ Id: '003000000000005AAA', AccountId: ids.acme });
    await expect(salesforce.findContactByEmail('erin@acme-consulting.example')).resolves.toMatchObject({
      accountId: ids.acme,
    });
    const created = await conn.sobject('Contact').create({
      Name: 'Mallory Acme',
      Email: 'mallory@acme-consulting.example',
      AccountId: ids.acme,
      Support_Portal_User__c: true,
    });
    await expect(salesforce.findContactByEmail('mallory@acme-consulting.example')).resolves.toMatchObject({
      id: created.id,
      accountId: ids.acme,
      portalUser: true,
    });
  });
});

describe('SOQL injection', () => {
  const attempts = [
    "x' OR Email != '",
    "alice@acme-consulting.example' OR Email != '",
    "\\' OR Email != null OR Email = \\'",
    'x\\',
  ];

  test('the simulator honours OR, so a concatenated query would leak every contact', async () => {
    const leaked = await conn.query(`SELECT Id FROM Contact WHERE Email = '${attempts[0]}'`);
    expect(leaked.totalSize).toBeGreaterThan(5);
  });

  test.each(attempts)('findContactByEmail(%p) returns no foreign records', async (attempt) => {
    await expect(salesforce.findContactByEmail(attempt)).resolves.toBeNull();
    expect(requestsTo(QUERY_ROUTE).map((r) => r.status)).toEqual([200]);
  });
});

describe('follow-up Tasks are created once per idempotency key', () => {
  const input = {
    idempotencyKey: 'partner-ticket-123456:s2-owner-follow-up',
    accountId: ids.acme,
    ownerId: ids.olivia,
    subject: 'Verify the contact of erin@acme-consulting.example',
    description: 'Ticket #123456: the requester is a Contact on another account.',
  };

  test('a repeated call finds the first Task', async () => {
    const first = await salesforce.createFollowUpTask(input);
    const again = await salesforce.createFollowUpTask(input);
    expect(first.created).toBe(true);
    expect(again).toEqual({ taskId: first.taskId, created: false });
    expect(tasksWithKey(input.idempotencyKey)).toEqual([
      expect.objectContaining({
        Id: first.taskId,
        Subject: input.subject,
        WhatId: ids.acme,
        AccountId: ids.acme,
        OwnerId: ids.olivia,
        Status: 'Not Started',
      }),
    ]);
  });

  test('a retry after a lost answer finds the Task the first attempt created', async () => {
    const first = await salesforce.createFollowUpTask(input);
    // The next attempt runs on a new worker: new connection, same key.
    const retried = await createSalesforceActivities({
      salesforce: createSalesforceConnection(config.salesforce),
    }).createFollowUpTask(input);
    expect(retried).toEqual({ taskId: first.taskId, created: false });
    expect(tasksWithKey(input.idempotencyKey)).toHaveLength(1);
  });

  test('two racing attempts: the unique key refuses the second create, which returns the first Task', async () => {
    const results = await Promise.all([
      salesforce.createFollowUpTask(input),
      salesforce.createFollowUpTask(input),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0].taskId).toBe(results[1].taskId);
    expect(tasksWithKey(input.idempotencyKey)).toHaveLength(1);
  });
});

describe('sessions', () => {
  test('an expired session is refreshed with a new client-credentials token and the request repeated', async () => {
    await expect(salesforce.getUserEmail(ids.olivia)).resolves.toBe('olivia.owner@gitlab.example');
    expect(sim.state.tokensIssued).toBe(1);
    const tokenBefore = conn.accessToken;

    sim.expireSessions();
    await expect(salesforce.getUserEmail(ids.olivia)).resolves.toBe('olivia.owner@gitlab.example');

    expect(sim.state.tokensIssued).toBe(2);
    expect(conn.accessToken).not.toBe(tokenBefore);
    expect(requestsTo(QUERY_ROUTE).map((r) => r.status)).toEqual([200, 401, 200]);
  });

  test('sessions expire on demand through the admin API and by age', async () => {
    await salesforce.getUserEmail(ids.olivia);
    expect((await admin('sessions/expire')).status).toBe(200);
    await salesforce.getUserEmail(ids.olivia);
    expect(requestsTo(QUERY_ROUTE).map((r) => r.status)).toEqual([200, 401, 200]);

    let now = Date.parse('2026-11-23T09:00:00Z');
    const aging = await startSalesforceSimulator({
      port: 0,
      clientId: config.salesforce.clientId,
      clientSecret: config.salesforce.clientSecret,
      sessionTtlMs: 60_000,
      now: () => now,
    });
    try {
      const agingConn = createSalesforceConnection({ ...config.salesforce, loginUrl: aging.url });
      const activities = createSalesforceActivities({ salesforce: agingConn });
      await activities.getUserEmail(ids.olivia);
      now += 61_000;
      await activities.getUserEmail(ids.olivia);
      expect(aging.state.tokensIssued).toBe(2);
    } finally {
      await aging.close();
    }
  });

  test('wrong client credentials: a non-retryable authentication failure, no API request', async () => {
    const bad = createSalesforceActivities({
      salesforce: createSalesforceConnection({ ...config.salesforce, clientSecret: 'not-the-secret' }),
    });
    await expect(bad.getAccount(ids.acme)).rejects.toMatchObject({
      type: FailureTypes.authentication,
      nonRetryable: true,
    });
    expect(requestsTo(TOKEN_ROUTE).map((r) => r.status)).toEqual([400]);
    expect(requestsTo(QUERY_ROUTE)).toHaveLength(0);
  });

  test('the token endpoint failing during a refresh stays retryable', async () => {
    await salesforce.getAccount(ids.acme);
    sim.expireSessions();
    await admin('faults', { route: TOKEN_ROUTE, status: 503, count: 1 });
    await expect(salesforce.getAccount(ids.acme)).rejects.toMatchObject({
      type: FailureTypes.unavailable,
      nonRetryable: false,
    });
    await expect(salesforce.getAccount(ids.acme)).resolves.toMatchObject({ id: ids.acme });
  });

  test('sessions refused right after every refresh: bounded, then a retryable SessionRefused (the credentials worked)', async () => {
    await salesforce.getAccount(ids.acme);
    await admin('faults', { route: QUERY_ROUTE, status: 401 });
    await expect(salesforce.getAccount(ids.acme)).rejects.toMatchObject({
      type: FailureTypes.sessionRefused,
      nonRetryable: false,
    });
    expect(requestsTo(QUERY_ROUTE).filter((r) => r.status === 401)).toHaveLength(3);
    expect(sim.state.tokensIssued).toBe(3);

    // Once Salesforce accepts sessions again, the same connection recovers.
    await fetch(`${sim.url}/__admin/faults`, { method: 'DELETE' });
    await expect(salesforce.getAccount(ids.acme)).resolves.toMatchObject({ id: ids.acme });
  });

  test('a token endpoint down at start-up stays retryable however often it fails', async () => {
    await admin('faults', { route: TOKEN_ROUTE, status: 503, count: 3 });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await expect(salesforce.getAccount(ids.acme)).rejects.toMatchObject({
        type: FailureTypes.unavailable,
        nonRetryable: false,
      });
    }
    await expect(salesforce.getAccount(ids.acme)).resolves.toMatchObject({ id: ids.acme });
    expect(requestsTo(TOKEN_ROUTE).map((r) => r.status)).toEqual([503, 503, 503, 200]);
  });

  test("jsforce's refresh-token flow works against the token endpoint too", async () => {
    const viaRefreshToken = new Connection({
      instanceUrl: sim.url,
      version: config.salesforce.apiVersion,
      accessToken: 'expired-or-unknown',
      refreshToken: sim.issueRefreshToken(),
      oauth2: {
        loginUrl: sim.url,
        clientId: config.salesforce.clientId,
        clientSecret: config.salesforce.clientSecret,
      },
    });
    const result = await viaRefreshToken.query<{ Name: string }>(
      `SELECT Name FROM Account WHERE Id = '${ids.acme}'`,
    );
    expect(result.records[0].Name).toBe('Acme Consulting');
    expect(sim.state.tokensIssued).toBe(1);
  });
});

describe('faults', () => {
  test('a 5xx storm: retryable failures, one HTTP request per attempt (jsforce does not retry)', async () => {
    await admin('faults', { route: QUERY_ROUTE, status: 503, count: 3 });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await expect(salesforce.getAccount(ids.acme)).rejects.toMatchObject({
        type: FailureTypes.unavailable,
        nonRetryable: false,
      });
      expect(requestsTo(QUERY_ROUTE)).toHaveLength(attempt);
    }
    await expect(salesforce.getAccount(ids.acme)).resolves.toMatchObject({ name: 'Acme Consulting' });
    expect(requestsTo(QUERY_ROUTE).map((r) => r.status)).toEqual([503, 503, 503, 200]);
  });

  test('429 with Retry-After: retryable, and the next retry waits as asked', async () => {
    await admin('faults', { route: QUERY_ROUTE, status: 429, retryAfter: 7, count: 1 });
    await expect(salesforce.findContactByEmail('alice@acme-consulting.example')).rejects.toMatchObject({
      type: FailureTypes.rateLimited,
      nonRetryable: false,
      nextRetryDelay: '7s',
    });
    expect(requestsTo(QUERY_ROUTE)).toHaveLength(1);
  });

  test('403 REQUEST_LIMIT_EXCEEDED (the org API limit) is a rate limit, not an authentication failure', async () => {
    await admin('faults', { route: QUERY_ROUTE, status: 403, count: 1 });
    await expect(salesforce.getUserEmail(ids.olivia)).rejects.toMatchObject({
      type: FailureTypes.rateLimited,
      nonRetryable: false,
    });
  });

  test('a connection reset: a retryable network failure', async () => {
    await admin('faults', { route: QUERY_ROUTE, connectionReset: true, count: 1 });
    await expect(salesforce.getUserEmail(ids.olivia)).rejects.toMatchObject({
      type: FailureTypes.network,
      nonRetryable: false,
    });
    expect(requestsTo(QUERY_ROUTE)).toHaveLength(1);
  });

  test('MALFORMED_QUERY and NOT_FOUND fail fast, naming the error code but not the query', async () => {
    const malformed = callSalesforce(
      conn,
      'probe',
      async () => await conn.query("SELECT FROM Contact WHERE Email = 'secret@x'"),
    );
    await expect(malformed).rejects.toMatchObject({ type: FailureTypes.invalidRequest, nonRetryable: true });
    await expect(malformed).rejects.toThrow(/MALFORMED_QUERY/);
    await expect(malformed).rejects.not.toThrow(/secret@x/);

    const missing = callSalesforce(conn, 'retrieve', () =>
      conn.sobject('Account').retrieve('001000000000999AAA'),
    );
    await expect(missing).rejects.toMatchObject({ type: FailureTypes.notFound, nonRetryable: true });

    const unknownField = callSalesforce(conn, 'create', () => conn.sobject('Task').create({ Nope__c: 1 }));
    await expect(unknownField).rejects.toMatchObject({
      type: FailureTypes.invalidRequest,
      nonRetryable: true,
    });
  });
});

describe('REST API shapes jsforce relies on', () => {
  test('query paging with nextRecordsUrl and Sforce-Query-Options batchSize', async () => {
    const tasks = sim.state.all('Task');
    for (let i = 0; i < 450; i += 1) {
      tasks.push({
        Id: sim.state.newId('Task'),
        Subject: `Bulk ${i}`,
        Status: 'Not Started',
        OwnerId: ids.sam,
      });
    }
    await ensureSession(conn);
    const result = await conn
      .query<{ Subject: string }>("SELECT Id, Subject FROM Task WHERE Status = 'Not Started'")
      .execute({ autoFetch: true, maxFetch: 1000, headers: { 'Sforce-Query-Options': 'batchSize=200' } });
    expect(result.records).toHaveLength(450);
    expect(result.records[449].Subject).toBe('Bulk 449');
    expect(requestsTo(QUERY_ROUTE)).toHaveLength(1);
    expect(requestsTo('GET /services/data/:version/query/:locator').map((r) => r.path)).toEqual([
      expect.stringMatching(/\/services\/data\/v62\.0\/query\/01g[0-9a-z]+-200$/),
      expect.stringMatching(/-400$/),
    ]);
  });

  test('retrieve, describe and the versions list', async () => {
    const account = await conn.sobject('Account').retrieve(ids.globex);
    expect(account).toMatchObject({
      attributes: { type: 'Account' },
      Id: ids.globex,
      Alliance_S3_Bucket__c: 'globex-support-files',
    });
    const describe = await conn.describe('Task');
    expect(describe.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Idempotency_Key__c', 'WhatId']),
    );
    const versions = await conn.request<Array<{ version: string }>>('/services/data');
    expect(versions.map((v) => v.version)).toContain(config.salesforce.apiVersion);
  });

  test('token endpoint errors use the OAuth shape', async () => {
    const response = await fetch(`${sim.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.salesforce.clientId,
        client_secret: 'wrong',
      }),
    });
    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });
  });

  test('invalid JSON and an unknown session answer in the REST error shape', async () => {
    const token = conn.accessToken;
    await salesforce.getUserEmail(ids.sam);
    const bad = await fetch(`${sim.url}/services/data/v62.0/sobjects/Task`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conn.accessToken ?? token}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    await expect(bad.json()).resolves.toEqual([expect.objectContaining({ errorCode: 'JSON_PARSER_ERROR' })]);
    const anonymous = await fetch(`${sim.url}/services/data/v62.0/query?q=SELECT+Id+FROM+User`);
    expect(anonymous.status).toBe(401);
    await expect(anonymous.json()).resolves.toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
  });
});
