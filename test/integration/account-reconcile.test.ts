import type { CliContext } from '../../client/cli/context';
import { runCli } from '../../client/cli/program';
import { RECONCILE_SCHEDULE_ID } from '../../client/temporal/reconcile-schedule';
import type { ReconcileResult } from '../../workflows/account-provisioning/reconcile';
import { eventually } from '../support/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { provisioningHelpers } from '../support/provisioning-harness';

/**
 * A1 reconciliation on the dev server (Schedules and visibility are real there) against the
 * fixture world: Dan Initech (portal flag cleared) and Mallory Acme (no Contact) sit in partner
 * organizations, Erin's Contact is on a customer account though she is in Acme's organization
 * (S4 drift), and Judy Hooli's portal flag is ticked in Salesforce before the run.
 */
describe('A1 reconciliation partner-accounts-reconcile (dev server, simulators)', () => {
  let h: LifecycleHarness;

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const cli = async (...argv: string[]): Promise<{ code: number; stdout: string }> => {
    const out: string[] = [];
    const context: CliContext = {
      temporal: async () => h.env.client,
      taskQueue: h.taskQueue,
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: () => undefined },
      user: 'tester',
      deadlineMs: 10_000,
    };
    return { code: await runCli(argv, context), stdout: out.join('') };
  };

  test('A1: provisions portal Contacts, deprovisions members without one, reports S4 drift once, fixes nothing by itself', async () => {
    const a = provisioningHelpers(h);
    await h.world.updateSalesforceRecord('Contact', '003000000000009AAA', { Support_Portal_User__c: true });
    const result = (await h.env.client.workflow.execute('partnerAccountsReconcile', {
      workflowId: 'reconcile-test-1',
      taskQueue: h.taskQueue,
      args: [],
    })) as ReconcileResult;

    expect(result).toMatchObject({ provisioned: 1, deprovisioned: 2, alreadyHandled: 0, runs: 1 });
    expect(result.contactsSeen).toBeGreaterThanOrEqual(5);
    expect(result.usersSeen).toBeGreaterThanOrEqual(4);
    expect(result.drift.map((d) => d.email)).toEqual(['erin@acme-consulting.example']);

    for (const email of ['judy@hooli.example', 'dan@initech.example', 'mallory@acme-consulting.example']) {
      await h.env.client.workflow.getHandle(`account-provisioning-${email}`).result();
    }
    expect(a.zendeskUser('judy@hooli.example')?.organization_id).toBe(
      a.organizationsFor('001000000000008AAA')[0]?.id,
    );
    expect(a.zendeskUser('dan@initech.example')?.organization_id).toBeNull();
    expect(a.zendeskUser('mallory@acme-consulting.example')?.organization_id).toBeNull();
    // Drift is reported, not fixed: Erin stays where she is, one digest for the run.
    expect(a.zendeskUser('erin@acme-consulting.example')?.organization_id).toBe(1001);
    expect(h.world.slackMessages('alerts')).toEqual([
      expect.stringMatching(
        /S4 drift found by partner-accounts-reconcile \(1\):\n• erin@acme-consulting\.example is in Acme Consulting's organization but is a Contact of a customer/,
      ),
    ]);

    // A second run finds only the drift left.
    const again = (await h.env.client.workflow.execute('partnerAccountsReconcile', {
      workflowId: 'reconcile-test-2',
      taskQueue: h.taskQueue,
      args: [],
    })) as ReconcileResult;
    expect(again).toMatchObject({ provisioned: 0, deprovisioned: 0, alreadyHandled: 0, driftAlerted: true });
    expect(again.drift.map((d) => d.email)).toEqual(['erin@acme-consulting.example']);
  });

  test('the Schedule is created once (CLI reconcile-schedule), runs never overlap; reconcile --now triggers it', async () => {
    expect(await cli('reconcile', '--now')).toMatchObject({ code: 3 });
    expect(await cli('reconcile-schedule', '--every', '2 hours')).toMatchObject({
      code: 0,
      stdout: `${RECONCILE_SCHEDULE_ID}: created, every 2 hours\n`,
    });
    expect((await cli('reconcile-schedule')).stdout).toMatch(/exists already/);
    expect((await cli('reconcile-schedule', '--every', 'often')).code).toBe(2);
    const description = await h.env.client.schedule.getHandle(RECONCILE_SCHEDULE_ID).describe();
    expect(description.spec.intervals).toEqual([expect.objectContaining({ every: 7_200_000 })]);
    expect(description.policies.overlap).toBe('SKIP');
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'partnerAccountsReconcile',
      taskQueue: h.taskQueue,
    });

    expect((await cli('reconcile')).code).toBe(2);
    const now = await cli('reconcile', '--now');
    expect(now).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^partner-accounts-reconcile: triggered a run now/),
    });
    // The triggered run, found through the Schedule (its workflow ID is the Schedule's plus the time).
    let workflowId: string | undefined;
    await eventually(async () => {
      const info = (await h.env.client.schedule.getHandle(RECONCILE_SCHEDULE_ID).describe()).info;
      workflowId = info.recentActions[0]?.action.workflow.workflowId;
      return workflowId !== undefined;
    });
    expect(workflowId).toMatch(/^partner-accounts-reconcile-/);
    const run = (await h.env.client.workflow.getHandle(workflowId ?? '').result()) as ReconcileResult;
    expect(run.drift.map((d) => d.email)).toEqual(['erin@acme-consulting.example']);
    await h.env.client.schedule.getHandle(RECONCILE_SCHEDULE_ID).delete();
  });
});
