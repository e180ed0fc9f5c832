import type { FastifyInstance } from 'fastify';
import { representativeTicketsQuery } from '../../activities/provisioning/tickets';
import type { CliContext } from '../../client/cli/context';
import { runCli } from '../../client/cli/program';
import { buildServer } from '../../client/server/build-server';
import { eventually } from '../support/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { provisioningHelpers } from '../support/provisioning-harness';

/**
 * A1 on the dev server, through its entry points (the API and the CLI), and A1 → S2
 * (the time-skipping server has no visibility list): a ticket from a (the time-skipping server has no visibility list): a ticket from a
 * representative with no Contact waits flagged; provisioning creates the Contact and the portal
 * account, finds the ticket through the RequesterEmail search attribute and signals it; the ticket
 * re-checks, is verified and re-classified, with no manual signal.
 */
const initech = { accountId: '001000000000004AAA', organizationId: 1004 };
const ivan = 'ivan.new@initech.example';

const TOKEN = 'provisioning-api-token-0001';

describe('A1 account provisioning on the dev server: API, CLI, waking tickets (simulators)', () => {
  let h: LifecycleHarness;
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
    const config = h.world.config;
    app = await buildServer({
      config: {
        ...config,
        logLevel: 'silent',
        http: { ...config.http, apiBearerToken: TOKEN },
        temporal: { ...config.temporal, taskQueue: h.taskQueue },
      },
      temporalClient: h.env.client,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const api = async (
    method: string,
    path: string,
    body?: unknown,
    token = TOKEN,
  ): Promise<{ status: number; json: Record<string, unknown> }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  const cli = async (...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const context: CliContext = {
      temporal: async () => h.env.client,
      taskQueue: h.taskQueue,
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      user: 'tester',
      deadlineMs: 10_000,
    };
    const code = await runCli(argv, context);
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  test('POST /api/provisioning: 202 with the workflow id; GET shows the steps; the same request again answers the result; POST …/deprovision', async () => {
    const request = {
      email: 'Judy@hooli.example',
      accountId: '001000000000008AAA',
      requestedBy: 'olivia.owner@gitlab.example',
    };
    const started = await api('POST', '/api/provisioning', request);
    expect(started).toMatchObject({
      status: 202,
      json: { workflowId: 'account-provisioning-judy@hooli.example', state: 'running' },
    });
    await h.env.client.workflow.getHandle('account-provisioning-judy@hooli.example').result();
    const read = await api('GET', '/api/provisioning/judy@hooli.example');
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      running: false,
      status: { state: 'completed', email: 'judy@hooli.example' },
    });
    const again = await api('POST', '/api/provisioning', request);
    expect(again).toMatchObject({
      status: 200,
      json: { state: 'completed', status: { state: 'completed' } },
    });

    // Portal access revoked in Salesforce, then deprovisioned through the API.
    const contactId = (read.json.status as { contactId: string }).contactId;
    await h.world.updateSalesforceRecord('Contact', contactId, { Support_Portal_User__c: false });
    expect((await api('POST', '/api/provisioning/judy@hooli.example/deprovision', {})).status).toBe(400);
    const removed = await api('POST', '/api/provisioning/Judy@hooli.example/deprovision', {
      requestedBy: 'olivia.owner@gitlab.example',
    });
    expect(removed).toMatchObject({
      status: 202,
      json: { workflowId: 'account-provisioning-judy@hooli.example' },
    });
    await h.env.client.workflow.getHandle('account-provisioning-judy@hooli.example').result();
    const after = await api('GET', '/api/provisioning/judy@hooli.example');
    expect(after.json).toMatchObject({ status: { state: 'deprovisioned' } });
  });

  test('the provisioning API refuses bad input (400), no token (401), an unknown representative (404)', async () => {
    const good = {
      email: 'x@hooli.example',
      accountId: '001000000000008AAA',
      requestedBy: 'olivia.owner@gitlab.example',
    };
    const bad = await api('POST', '/api/provisioning', {
      ...good,
      email: 'not an email',
      accountId: "001' OR 1=1",
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: 'InvalidRequest' });
    expect(String(bad.json.message)).toMatch(
      /email must be an email address.*accountId must be a Salesforce Account Id/,
    );
    expect((await api('POST', '/api/provisioning', { ...good, extra: 1 })).status).toBe(400);
    expect((await api('POST', '/api/provisioning', { ...good, createContact: 'yes' })).status).toBe(400);
    expect((await api('POST', '/api/provisioning', good, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await api('GET', '/api/provisioning/not-an-email')).status).toBe(400);
    expect(await api('GET', '/api/provisioning/nobody@hooli.example')).toMatchObject({
      status: 404,
      json: { error: 'NotFound' },
    });
    // Nothing was started by the refused requests.
    expect((await api('GET', '/api/provisioning/x@hooli.example')).status).toBe(404);
  });

  test('CLI: provision starts (usage errors exit 2), provision status shows each step, provision remove deprovisions', async () => {
    expect((await cli('provision', 'dan@initech.example', '--account', '001000000000004AAA')).code).toBe(2);
    expect(
      (
        await cli(
          'provision',
          'not-an-email',
          '--account',
          '001000000000004AAA',
          '--requested-by',
          'sam.sales@gitlab.example',
        )
      ).code,
    ).toBe(2);
    const started = await cli(
      'provision',
      'dan@initech.example',
      '--account',
      '001000000000004AAA',
      '--requested-by',
      'sam.sales@gitlab.example',
    );
    expect(started).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('account-provisioning-dan@initech.example'),
    });
    await h.env.client.workflow.getHandle('account-provisioning-dan@initech.example').result();
    const shown = await cli('provision', 'status', 'DAN@initech.example');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/State\s+completed/);
    expect(shown.stdout).toMatch(/markPortalUser\s+done/);
    const json = await cli('--json', 'provision', 'status', 'dan@initech.example');
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'completed', status: { state: 'completed' } });
    expect((await cli('provision', 'status', 'nobody@initech.example')).code).toBe(3);

    // Deprovisioning refused while Dan is still a portal Contact on Initech; the status says why.
    expect((await cli('provision', 'remove', 'dan@initech.example')).code).toBe(2);
    const removed = await cli(
      'provision',
      'remove',
      'dan@initech.example',
      '--requested-by',
      'sam.sales@gitlab.example',
    );
    expect(removed).toMatchObject({ code: 0, stdout: expect.stringContaining('deprovisioning started') });
    await h.env.client.workflow.getHandle('account-provisioning-dan@initech.example').result();
    const refused = await cli('provision', 'status', 'dan@initech.example');
    expect(refused.stdout).toMatch(/State\s+refused/);
    expect(refused.stdout).toMatch(/contact_still_active/);
  });

  /** A Zendesk end user in Initech's organization, with no Salesforce Contact yet. */
  const createZendeskUser = async (): Promise<number> => {
    const { zendesk } = h.world.config;
    const response = await fetch(`${h.world.zendesk.apiUrl}/users.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${zendesk.email}/token:${zendesk.apiToken}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        user: { name: 'Ivan New', email: ivan, organization_id: initech.organizationId },
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { user: { id: number } }).user.id;
  };

  test('A1: a ticket from an unprovisioned representative is verified and re-classified once provisioning completes', async () => {
    const requesterId = await createZendeskUser();
    const handle = await h.openTicket({
      requesterId,
      organizationId: initech.organizationId,
      formId: 360001172559,
      groupId: 3002,
      impact: 'medium',
      partnerSituation: 'partner_commercial',
    });
    const flagged = await h.until(handle, (s) => s.contactStatus === 'missing');
    expect(flagged.tags).toContain('s2_contact_unverified');
    // Visibility is eventually consistent: provisioning finds what is indexed.
    await eventually(async () => {
      for await (const execution of h.env.client.workflow.list({ query: representativeTicketsQuery(ivan) })) {
        if (execution.workflowId === handle.workflowId) return true;
      }
      return false;
    });

    const result = await provisioningHelpers(h).provision({
      email: ivan.toUpperCase(),
      name: 'Ivan New',
      accountId: initech.accountId,
      requestedBy: 'sam.sales@gitlab.example',
      createContact: true,
    });
    expect(result.state).toBe('completed');
    expect(result.wokenTickets).toEqual([handle.workflowId]);
    expect(result.steps.find((s) => s.name === 'wakeTickets')?.outcome).toBe('done');

    const verified = await h.until(handle, (s) => s.contactStatus === 'verified');
    expect(verified.tags).toContain('s2_contact_verified');
    expect(verified.decisions.map((d) => d.summary)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Contact verified: ivan\.new@initech\.example/)]),
    );
    await h.finish(handle);
  });
});
