import { readProvisioning, startDeprovisioning } from '../../client/temporal/start-provisioning';
import { accountProvisioningWorkflowId, provisioningKeys } from '../../domain/account-provisioning';
import { recordHistoryIfAsked } from '../support/histories';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { provisioningHelpers } from '../support/provisioning-harness';
import type {
  AccountProvisioningInput,
  AccountProvisioningStatus,
} from '../../workflows/account-provisioning/types';

/**
 * A1 account provisioning, one named test per behaviour, on the time-skipping server with the
 * real activities against the simulators (the fixture world is reset before each test).
 */
const accounts = {
  acme: '001000000000001AAA',
  initech: '001000000000004AAA',
  umbrella: '001000000000005AAA',
  hooli: '001000000000008AAA',
};
const csm = 'olivia.owner@gitlab.example';
const sales = 'sam.sales@gitlab.example';
const judy = { email: 'judy@hooli.example', name: 'Judy Hooli', accountId: accounts.hooli, requestedBy: csm };

describe('A1 account provisioning (time-skipping server, simulators)', () => {
  let h: LifecycleHarness;
  let a: ReturnType<typeof provisioningHelpers>;

  beforeAll(async () => {
    h = await startLifecycleHarness();
    a = provisioningHelpers(h);
  });
  beforeEach(() => a.reset());
  afterAll(async () => {
    await h?.close();
  });

  test('A1: a CSM provisions a representative: organization created through S4, user verified in it, portal flag, notice and Task', async () => {
    const result = await a.provision({ ...judy, email: 'Judy@Hooli.example' });
    expect(result.state).toBe('completed');
    expect(result.email).toBe('judy@hooli.example');

    const [org] = a.organizationsFor(accounts.hooli);
    expect(a.organizationsFor(accounts.hooli)).toHaveLength(1);
    expect(org).toMatchObject({
      name: 'Hooli Cloud',
      tags: ['alliance_partner'],
      organization_fields: { partner_program: 'alliance' },
    });
    expect(org.notes).toMatch(/partner-ops@hooli\.example/);

    const user = a.zendeskUser('judy@hooli.example');
    expect(user).toMatchObject({ organization_id: org.id, verified: true, name: 'Judy Hooli' });
    expect(user?.tags).toContain('alliance_partner');
    expect(a.contacts('judy@hooli.example')).toEqual([
      expect.objectContaining({ Support_Portal_User__c: true }),
    ]);

    expect(h.world.slackMessages('owners')).toEqual([
      expect.stringMatching(
        /^For olivia\.owner@gitlab\.example: judy@hooli\.example now has a support portal account/,
      ),
    ]);
    const key = provisioningKeys.ownerTask('judy@hooli.example', accounts.hooli);
    expect(a.tasks().filter((t) => t.Idempotency_Key__c === key)).toEqual([
      expect.objectContaining({ WhatId: accounts.hooli, OwnerId: '005000000000001AAA' }),
    ]);

    expect(result.organizationId).toBe(org.id);
    expect(result.zendeskUserId).toBe(user?.id);
    const outcomes = Object.fromEntries(result.steps.map((s) => [s.name, s.outcome]));
    expect(outcomes).toMatchObject({
      validateEmail: 'done',
      checkRequester: 'done',
      checkAccount: 'done',
      checkContact: 'done',
      checkOrganizationGuard: 'done',
      ensureOrganization: 'done',
      ensureContact: 'skipped',
      ensurePortalUser: 'done',
      markPortalUser: 'done',
      notifyRequester: 'done',
      createOwnerTask: 'done',
    });
    // The time-skipping server has no visibility list: waking tickets is recorded as failed, and
    // best effort (the dev-server test shows it working).
    expect(result.steps.map((s) => s.name)).toContain('wakeTickets');

    const view = await readProvisioning(h.env.client, 'judy@hooli.example');
    expect(view).toMatchObject({ kind: 'completed', status: { state: 'completed' } });
    await recordHistoryIfAsked(
      'account-provisioning/a1-provisioned',
      h.env.client.workflow.getHandle(accountProvisioningWorkflowId(judy.email)),
    );
  });

  test('A1: with createContact, a representative with no Contact gets one on the account, and an account found in Zendesk is reused', async () => {
    const result = await a.provision({
      email: 'ivan@initech.example',
      name: 'Ivan Initech',
      accountId: accounts.initech,
      requestedBy: sales,
      createContact: true,
    });
    expect(result.state).toBe('completed');
    expect(result.organizationId).toBe(1004);
    expect(a.organizationsFor(accounts.initech)).toHaveLength(1);
    expect(a.contacts('ivan@initech.example')).toEqual([
      expect.objectContaining({
        AccountId: accounts.initech,
        LastName: 'Initech',
        Support_Portal_User__c: true,
      }),
    ]);
    expect(a.zendeskUser('ivan@initech.example')).toMatchObject({ organization_id: 1004, verified: true });
    expect(result.steps.find((s) => s.name === 'ensureContact')?.outcome).toBe('done');
  });

  /** A new representative: a Contact on Hooli Cloud with a fresh email (workflow IDs are per email). */
  const newRepresentative = async (slug: string): Promise<string> => {
    const email = `${slug}@hooli.example`;
    await h.world.createSalesforceRecord('Contact', {
      FirstName: slug,
      LastName: 'Hooli',
      Email: email,
      AccountId: accounts.hooli,
    });
    return email;
  };

  test.each<[string, Partial<AccountProvisioningInput>]>([
    ['invalid_email', { email: 'judy at hooli' }],
    ['requester_unknown', { requestedBy: 'nobody@gitlab.example' }],
    ['requester_inactive', { requestedBy: 'adam.former@gitlab.example' }],
    ['requester_not_authorized', { requestedBy: 'ellen.engineer@gitlab.example' }],
    ['account_not_found', { accountId: '001000000000099AAA' }],
    ['account_not_partner', { accountId: accounts.umbrella }],
    ['contact_not_found', { email: 'newbie@hooli.example' }],
  ])('A1: refused (%s), final and recorded, nothing written', async (code, change) => {
    const email = change.email ?? (await newRepresentative(`refused-${code}`));
    const before = a.snapshot();
    const result = await a.provision({ ...judy, ...change, email });
    expect(result.state).toBe('refused');
    expect(result.refusal).toMatchObject({ code, rule: 'A1' });
    expect(result.steps.at(-1)).toMatchObject({ outcome: 'refused' });
    expect(result.steps.some((s) => s.name.startsWith('ensure'))).toBe(false);
    expect(a.snapshot()).toBe(before);
    expect(h.world.slackMessages('alerts')).toEqual([]);
  });

  test("A1: the same request again returns the completed run's result; nothing is written twice", async () => {
    const input = { ...judy, email: await newRepresentative('repeat') };
    const first = await a.start(input);
    const firstResult = await a.provision(input);
    const again = await a.start(input);
    expect(again).toMatchObject({ kind: 'completed', runId: first.runId, result: firstResult });
    expect(a.organizationsFor(accounts.hooli)).toHaveLength(1);
    expect(h.world.slackMessages('owners')).toHaveLength(1);
    expect(a.tasks().filter((t) => String(t.Idempotency_Key__c).startsWith('a1-'))).toHaveLength(1);
  });

  test('A1: two requests at once join one run; its effects happen once', async () => {
    const email = await newRepresentative('twice');
    const [one, two] = await Promise.all([
      a.start({ ...judy, email }),
      a.start({ ...judy, email: email.toUpperCase() }),
    ]);
    expect(one.workflowId).toBe(two.workflowId);
    expect(one.runId).toBe(two.runId);
    const result = await a.provision({ ...judy, email });
    expect(result.state).toBe('completed');
    expect(a.organizationsFor(accounts.hooli)).toHaveLength(1);
    expect(h.world.slackMessages('owners')).toHaveLength(1);
    expect(a.tasks().filter((t) => String(t.Idempotency_Key__c).startsWith('a1-'))).toHaveLength(1);
  });

  test('A1: a refused request can be made again once Salesforce is fixed (a new run)', async () => {
    const refused = await a.provision({ ...judy, email: 'newbie@hooli.example' });
    expect(refused.refusal?.code).toBe('contact_not_found');
    const again = await a.provision({
      ...judy,
      email: 'newbie@hooli.example',
      name: 'Newbie Hooli',
      createContact: true,
    });
    expect(again.state).toBe('completed');
  });

  test("S4: provisioning a customer's contact into a partner's organization is refused, alerted once, nothing changes", async () => {
    const before = a.snapshot();
    const input = {
      email: 'frank@umbrella.example',
      accountId: accounts.acme,
      requestedBy: csm,
      createContact: true,
    };
    // The same request twice at once: one run, one alert.
    const [one, two] = await Promise.all([a.start(input), a.start(input)]);
    expect(two.runId).toBe(one.runId);
    const result = await a.provision(input);
    expect(result.state).toBe('refused');
    expect(result.refusal).toMatchObject({
      code: 'organization_guard',
      rule: 'S4',
      failureType: 'OrganizationGuardViolation',
    });
    expect(result.refusal?.reason).toMatch(/refused to associate customer/);
    expect(result.steps.find((s) => s.name === 'checkOrganizationGuard')?.outcome).toBe('refused');
    expect(a.snapshot()).toBe(before);
    expect(a.zendeskUser('frank@umbrella.example')?.organization_id).toBe(1005);
    expect(h.world.slackMessages('alerts')).toEqual([
      expect.stringMatching(/^S4 organization guard refused provisioning frank@umbrella\.example/),
    ]);
    await recordHistoryIfAsked(
      'account-provisioning/s4-refused',
      h.env.client.workflow.getHandle(accountProvisioningWorkflowId(input.email)),
    );
  });

  test("S4: provisioning a partner into an organization that Zendesk holds as a customer's is refused, nothing changes", async () => {
    h.world.zendesk.state.organizations.get(1004)!.organization_fields = { partner_program: null };
    const before = a.snapshot();
    const result = await a.provision({
      email: 'dan@initech.example',
      accountId: accounts.initech,
      requestedBy: sales,
    });
    expect(result.refusal).toMatchObject({ rule: 'S4', failureType: 'OrganizationGuardViolation' });
    expect(result.refusal?.reason).toMatch(/refused to associate partner/);
    expect(a.snapshot()).toBe(before);
    expect(h.world.slackMessages('alerts')).toHaveLength(1);
  });

  const deprovision = async (email: string): Promise<AccountProvisioningStatus> => {
    const started = await startDeprovisioning(h.env.client, { email, requestedBy: csm }, h.taskQueue);
    if (started.kind !== 'running') throw new Error(`deprovisioning of ${email} is busy`);
    return h.env.client.workflow
      .getHandle(started.workflowId, started.runId, { followRuns: false })
      .result() as Promise<AccountProvisioningStatus>;
  };

  test('A1 deprovisioning: portal access revoked in Salesforce → out of the organization, user kept, flag cleared; provisioning again starts anew', async () => {
    const email = await newRepresentative('leaving');
    const provisioned = await a.provision({ ...judy, email });
    expect(provisioned.state).toBe('completed');
    const contactId = provisioned.contactId as string;
    await h.world.updateSalesforceRecord('Contact', contactId, { Support_Portal_User__c: false });

    const result = await deprovision(email);
    expect(result).toMatchObject({ state: 'deprovisioned', accountId: accounts.hooli, contactId });
    const user = a.zendeskUser(email);
    expect(user).toMatchObject({ id: provisioned.zendeskUserId, organization_id: null });
    expect(a.contacts(email)).toEqual([expect.objectContaining({ Support_Portal_User__c: false })]);
    expect(result.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['findPortalUser', 'done'],
      ['removeFromOrganization', 'done'],
      ['unmarkPortalUser', 'done'],
      ['notifyRequester', 'done'],
    ]);

    await recordHistoryIfAsked(
      'account-provisioning/a1-deprovisioned',
      h.env.client.workflow.getHandle(accountProvisioningWorkflowId(email)),
    );

    // Provisioned again on request: a new run, not the old result.
    await h.world.updateSalesforceRecord('Contact', contactId, { Support_Portal_User__c: true });
    const again = await a.provision({ ...judy, email });
    expect(again.state).toBe('completed');
    expect(a.zendeskUser(email)?.organization_id).toBe(provisioned.organizationId);
  });

  test('A1 deprovisioning: a representative still on the account as a portal Contact is refused; nothing changes', async () => {
    const email = await newRepresentative('staying');
    await a.provision({ ...judy, email });
    const before = a.snapshot();
    const result = await deprovision(email);
    expect(result).toMatchObject({ state: 'refused', refusal: { code: 'contact_still_active' } });
    expect(a.snapshot()).toBe(before);
  });
});
