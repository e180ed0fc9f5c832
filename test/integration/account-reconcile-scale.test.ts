import { RECONCILE_WORKFLOW_TYPE } from '../../client/temporal/reconcile-schedule';
import type { ReconcileInput, ReconcileResult } from '../../workflows/account-provisioning/reconcile';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { provisioningHelpers } from '../support/provisioning-harness';

const OWNER_ID = '005000000000001AAA'; // Olivia Owner, CSM: may ask for portal accounts
const ACCOUNTS = 4;
const CONTACTS_PER_ACCOUNT = 500;
const MISSING_USERS = 8; // per account: portal Contacts without a Zendesk user
const FLAG_CLEARED = 8; // per account: members whose Contact is no longer a portal user
const NO_CONTACT = 4; // per account: members without any Contact
const PORTAL_CONTACTS = CONTACTS_PER_ACCOUNT - 10;

const rep = (a: number, i: number): string => `rep-${a}-${i}@scale-${a}.example`;
const gone = (a: number, j: number): string => `gone-${a}-${j}@scale-${a}.example`;
const stranger = (a: number): string => `customer-person-${a}@buyer.example`;

/**
 * A1 reconciliation at scale on the dev server: 2,000 partner Contacts on four generated accounts
 * (seeded in bulk through the simulators' admin APIs) with drift of every kind, reconciled page by
 * page across several continue-as-new runs. Every drift is fixed (or, for S4, reported once) and
 * nothing else is touched. The fixture world's own drift (Judy is not there: Dan and Mallory to
 * deprovision, Erin as S4) comes along.
 */
describe('A1 reconciliation at scale (2,000 Contacts, dev server)', () => {
  let h: LifecycleHarness;

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const admin = async (url: string, body: unknown): Promise<{ ids: Array<string | number> }> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as { ids: Array<string | number> };
  };
  const seedSalesforce = (type: string, records: Array<Record<string, unknown>>) =>
    admin(`${h.world.salesforce.url}/__admin/records`, { type, records });
  const seedZendeskUsers = (users: Array<Record<string, unknown>>) =>
    admin(`${h.world.zendesk.url}/__admin/users`, { users });
  const createOrganization = async (accountId: string, name: string, program: string): Promise<number> => {
    const { config } = h.world;
    const response = await fetch(`${h.world.zendesk.apiUrl}/organizations.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${config.zendesk.email}/token:${config.zendesk.apiToken}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        organization: {
          name,
          external_id: accountId,
          tags: [`${program}_partner`],
          organization_fields: { partner_program: program },
        },
      }),
    });
    if (!response.ok) throw new Error(`organization: HTTP ${response.status} ${await response.text()}`);
    return ((await response.json()) as { organization: { id: number } }).organization.id;
  };

  test('every drift fixed or reported once, nothing else touched', async () => {
    const a1 = provisioningHelpers(h);
    const { ids: accountIds } = await seedSalesforce(
      'Account',
      Array.from({ length: ACCOUNTS }, (_, a) => ({
        Name: `Scale Partner ${a}`,
        Type: 'Partner',
        Partner_Program__c: a % 2 === 0 ? 'Select' : 'Alliance',
        OwnerId: OWNER_ID,
      })),
    );
    const [customerId] = (
      await seedSalesforce('Account', [{ Name: 'Buyer Inc', Type: 'Customer', OwnerId: OWNER_ID }])
    ).ids;
    const contacts: Array<Record<string, unknown>> = [];
    const users: Array<Record<string, unknown>> = [];
    const expected = { provision: [] as string[], deprovision: [] as string[], drift: [] as string[] };
    for (let a = 0; a < ACCOUNTS; a += 1) {
      const accountId = String(accountIds[a]);
      const organizationId = await createOrganization(
        accountId,
        `Scale Partner ${a}`,
        a % 2 === 0 ? 'select' : 'alliance',
      );
      for (let i = 0; i < CONTACTS_PER_ACCOUNT; i += 1) {
        const portal = i < PORTAL_CONTACTS;
        contacts.push({
          FirstName: 'Rep',
          LastName: `${a}-${i}`,
          Email: rep(a, i),
          AccountId: accountId,
          Support_Portal_User__c: portal,
          OwnerId: OWNER_ID,
        });
        if (portal && i < MISSING_USERS) expected.provision.push(rep(a, i));
        const member = portal ? i >= MISSING_USERS : i < PORTAL_CONTACTS + FLAG_CLEARED;
        if (member) users.push({ name: `Rep ${a}-${i}`, email: rep(a, i), organization_id: organizationId });
        if (!portal && member) expected.deprovision.push(rep(a, i));
      }
      for (let j = 0; j < NO_CONTACT; j += 1) {
        users.push({ name: `Gone ${a}-${j}`, email: gone(a, j), organization_id: organizationId });
        expected.deprovision.push(gone(a, j));
      }
      contacts.push({
        LastName: `Customer ${a}`,
        Email: stranger(a),
        AccountId: customerId,
        Support_Portal_User__c: false,
        OwnerId: OWNER_ID,
      });
      users.push({ name: `Customer ${a}`, email: stranger(a), organization_id: organizationId });
      expected.drift.push(stranger(a));
    }
    await seedSalesforce('Contact', contacts);
    await seedZendeskUsers(users);
    // The fixture world's own drift.
    expected.deprovision.push('dan@initech.example', 'mallory@acme-consulting.example');
    expected.drift.push('erin@acme-consulting.example');

    const zendeskUsers = () => [...h.world.zendesk.state.users.values()];
    const flags = () =>
      h.world.salesforce.state
        .all('Contact')
        .map((c) => `${String(c.Email)}:${String(c.Support_Portal_User__c)}`)
        .sort();
    const membership = () => new Map(zendeskUsers().map((u) => [u.email, u.organization_id]));
    const usersBefore = zendeskUsers().length;
    const flagsBefore = flags();
    const membershipBefore = membership();

    const input: ReconcileInput = { options: { pagesPerRun: 5, contactPageSize: 200, memberPageSize: 100 } };
    const result = (await h.env.client.workflow.execute(RECONCILE_WORKFLOW_TYPE, {
      workflowId: 'reconcile-scale',
      taskQueue: h.taskQueue,
      args: [input],
    })) as ReconcileResult;

    expect(result.contactsSeen).toBeGreaterThanOrEqual(ACCOUNTS * CONTACTS_PER_ACCOUNT);
    expect(result.usersSeen).toBeGreaterThanOrEqual(users.length);
    expect(result.runs).toBeGreaterThan(3);
    expect(result).toMatchObject({
      provisioned: expected.provision.length,
      deprovisioned: expected.deprovision.length,
      alreadyHandled: 0,
      driftAlerted: true,
    });
    expect(result.drift.map((d) => d.email).sort()).toEqual([...expected.drift].sort());

    for (const email of [...expected.provision, ...expected.deprovision]) {
      const outcome = (await h.env.client.workflow.getHandle(`account-provisioning-${email}`).result()) as {
        state: string;
      };
      expect([email, outcome.state]).toEqual([
        email,
        expected.provision.includes(email) ? 'completed' : 'deprovisioned',
      ]);
    }

    // Fixed: the missing users exist in their account's organization, the others are out of it.
    const after = membership();
    for (const email of expected.provision) {
      const accountId = String(accountIds[Number(email.split('-')[1])]);
      expect(after.get(email)).toBe(a1.organizationsFor(accountId)[0]?.id);
    }
    for (const email of expected.deprovision) expect(after.get(email)).toBeNull();
    // Nothing else touched: no other user created or moved, no portal flag changed, drift left.
    expect(zendeskUsers().length).toBe(usersBefore + expected.provision.length);
    const changed = [...membershipBefore].filter(([email, org]) => after.get(email) !== org).map(([e]) => e);
    expect(changed.sort()).toEqual(expected.deprovision.filter((e) => membershipBefore.has(e)).sort());
    expect(flags()).toEqual(flagsBefore);
    // One digest for the logical run, across every continue-as-new.
    const digests = h.world.slackMessages('alerts');
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatch(/^S4 drift found by partner-accounts-reconcile \(5\):/);
  });
});
