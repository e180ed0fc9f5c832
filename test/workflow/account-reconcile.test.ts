import { RECONCILE_WORKFLOW_TYPE } from '../../client/temporal/reconcile-schedule';
import type { ReconcileInput, ReconcileResult } from '../../workflows/account-provisioning/reconcile';
import { recordHistoryIfAsked } from '../support/histories';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { provisioningHelpers } from '../support/provisioning-harness';

/**
 * A1 reconciliation on the time-skipping server against the fixture world, two pages per run so
 * that the logical run continues as new several times: the findings and the cursor cross every
 * continue-as-new, and the S4 digest is sent once, by the last run.
 */
describe('A1 reconciliation across continue-as-new (time-skipping server, simulators)', () => {
  let h: LifecycleHarness;

  beforeAll(async () => {
    h = await startLifecycleHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('A1: two pages a run; counts and drift carried to the last run, one digest', async () => {
    provisioningHelpers(h).reset();
    const input: ReconcileInput = { options: { pagesPerRun: 2, contactPageSize: 200, memberPageSize: 1 } };
    const handle = await h.env.client.workflow.start(RECONCILE_WORKFLOW_TYPE, {
      workflowId: 'reconcile-continue-as-new',
      taskQueue: h.taskQueue,
      args: [input],
    });
    const result = (await handle.result()) as ReconcileResult;

    expect(result.runs).toBeGreaterThan(2);
    expect(result).toMatchObject({ provisioned: 0, deprovisioned: 2, alreadyHandled: 0, driftAlerted: true });
    expect(result.drift.map((d) => d.email)).toEqual(['erin@acme-consulting.example']);
    expect(h.world.slackMessages('alerts')).toEqual([
      expect.stringMatching(
        /^S4 drift found by partner-accounts-reconcile \(1\):\n• erin@acme-consulting\.example/,
      ),
    ]);
    for (const email of ['dan@initech.example', 'mallory@acme-consulting.example']) {
      await h.env.client.workflow.getHandle(`account-provisioning-${email}`).result();
    }

    await recordHistoryIfAsked(
      'account-provisioning/a1-reconcile-first-run',
      h.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId, { followRuns: false }),
    );
    await recordHistoryIfAsked(
      'account-provisioning/a1-reconcile-last-run',
      h.env.client.workflow.getHandle(handle.workflowId),
    );
  });
});
