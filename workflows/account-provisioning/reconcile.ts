import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ProvisioningActivities } from '../../activities/provisioning-contract';
import type { ReconcileActivities } from '../../activities/provisioning/reconcile';
import { planReconciliation, type ReconcileAction } from '../../domain/portal-reconciliation';

const reconcile = proxyActivities<ReconcileActivities & Pick<ProvisioningActivities, 'alertSupportManagers'>>(
  {
    startToCloseTimeout: '5 minutes',
    retry: {
      initialInterval: '5 seconds',
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
      maximumAttempts: 10,
    },
  },
);

export interface ReconcileResult {
  accounts: number;
  actions: ReconcileAction[];
  started: Array<{ email: string; kind: string; outcome: string }>;
  /** S4 drift is reported (one digest per run), never fixed automatically. */
  driftAlerted: boolean;
}

/**
 * A1 reconciliation (started by the Schedule `partner-accounts-reconcile`): Salesforce's portal
 * Contacts against the partners' Zendesk organizations. Missing portal users are provisioned (asked
 * by the account owner, so the A1 checks still apply), members without a portal Contact are
 * deprovisioned, and members who are someone else's people (S4 drift) are reported in one
 * Slack digest for a person to decide. Every start goes through the start functions' ID policies.
 */
export async function partnerAccountsReconcile(): Promise<ReconcileResult> {
  const { snapshots, elsewhere } = await reconcile.readPartnerPortals();
  const actions = snapshots.flatMap((snapshot) =>
    planReconciliation(snapshot, (email) => elsewhere[email] ?? null),
  );
  const drift = actions.filter((a) => a.kind === 's4_drift');
  if (drift.length > 0) {
    const { workflowId, runId } = workflowInfo();
    const lines = drift.map((a) => (a.kind === 's4_drift' ? `• ${a.detail}` : ''));
    await reconcile.alertSupportManagers({
      idempotencyKey: `s4-drift-${workflowId}-${runId}`,
      text: `S4 drift found by partner-accounts-reconcile (${drift.length}):\n${lines.join('\n')}`,
    });
  }
  const toStart = actions.filter((a) => a.kind !== 's4_drift');
  const started = toStart.length > 0 ? await reconcile.startReconcileActions({ actions: toStart }) : [];
  return { accounts: snapshots.length, actions, started, driftAlerted: drift.length > 0 };
}
