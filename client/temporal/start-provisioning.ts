import type { Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { accountProvisioningWorkflowId } from '../../domain/account-provisioning';
import type {
  AccountDeprovisioningInput,
  AccountProvisioningInput,
  AccountProvisioningStatus,
} from '../../workflows/account-provisioning/types';
import { isWorkflowAlreadyStarted } from './failures';

/** The provisioning workflow by its type name and contract: clients start it without loading workflow code. */
export const ACCOUNT_PROVISIONING_WORKFLOW_TYPE = 'accountProvisioning';
export type AccountProvisioningWorkflow = (
  input: AccountProvisioningInput,
) => Promise<AccountProvisioningStatus>;
const STATUS_QUERY = 'status';

export type ProvisioningStart =
  /** A run is provisioning the representative: this request's own, or the one already running. */
  | { kind: 'running'; workflowId: string; runId: string }
  /** The representative was provisioned already: that run's result, nothing redone. */
  | { kind: 'completed'; workflowId: string; runId: string; result: AccountProvisioningStatus };

const startWith = async (
  client: Client,
  input: AccountProvisioningInput,
  taskQueue: string,
  workflowIdReusePolicy: WorkflowIdReusePolicy,
): Promise<ProvisioningStart> => {
  const workflowId = accountProvisioningWorkflowId(input.email);
  const handle = await client.workflow.start<AccountProvisioningWorkflow>(
    ACCOUNT_PROVISIONING_WORKFLOW_TYPE,
    {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdReusePolicy,
      workflowIdConflictPolicy: 'USE_EXISTING',
    },
  );
  return { kind: 'running', workflowId, runId: handle.firstExecutionRunId };
};

/**
 * The one way to start a provisioning (API, CLI, tests), with its ID policy chosen on purpose:
 * - one workflow ID per representative (`account-provisioning-<lower-cased email>`);
 * - `USE_EXISTING` while a run is going: the same request twice, or two at once, join one run,
 *   so its effects happen once (a request for another account joins it too: the run's status says
 *   which account it provisions);
 * - a run that completed as `completed` is never redone: its result is returned;
 * - a run that was refused, failed, or was terminated wrote nothing that a new run would not
 *   find again (every write is idempotent): a new request, e.g. after Salesforce was fixed,
 *   starts a new run (`ALLOW_DUPLICATE`, only after reading that outcome).
 */
export async function startProvisioning(
  client: Client,
  input: AccountProvisioningInput,
  taskQueue: string,
): Promise<ProvisioningStart> {
  const workflowId = accountProvisioningWorkflowId(input.email);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startWith(client, input, taskQueue, 'ALLOW_DUPLICATE_FAILED_ONLY');
    } catch (err) {
      if (!isWorkflowAlreadyStarted(err)) throw err;
    }
    const latest = await client.workflow.getHandle(workflowId).describe();
    // Started again meanwhile by a concurrent request: the next attempt joins it.
    if (latest.status.name !== 'COMPLETED') continue;
    const result = await client.workflow
      .getHandle<AccountProvisioningWorkflow>(workflowId, latest.runId, { followRuns: false })
      .result();
    if (result.state === 'completed') return { kind: 'completed', workflowId, runId: latest.runId, result };
    try {
      return await startWith(client, input, taskQueue, 'ALLOW_DUPLICATE');
    } catch (err) {
      if (!isWorkflowAlreadyStarted(err)) throw err;
    }
  }
  throw new Error(`could not start or join ${workflowId}: its runs kept changing`);
}

export const ACCOUNT_DEPROVISIONING_WORKFLOW_TYPE = 'accountDeprovisioning';

/**
 * Deprovisioning runs under the representative's provisioning workflow ID, replacing whatever
 * run completed there (`ALLOW_DUPLICATE`), so that a later provisioning request starts anew. While
 * any run is going (a provisioning, or another deprovisioning), it is not started: `busy`.
 */
export async function startDeprovisioning(
  client: Client,
  input: AccountDeprovisioningInput,
  taskQueue: string,
): Promise<{ kind: 'running'; workflowId: string; runId: string } | { kind: 'busy'; workflowId: string }> {
  const workflowId = accountProvisioningWorkflowId(input.email);
  try {
    const handle = await client.workflow.start(ACCOUNT_DEPROVISIONING_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
    });
    return { kind: 'running', workflowId, runId: handle.firstExecutionRunId };
  } catch (err) {
    if (isWorkflowAlreadyStarted(err)) return { kind: 'busy', workflowId };
    throw err;
  }
}

export type ProvisioningView =
  | { kind: 'running' | 'completed'; workflowId: string; status: AccountProvisioningStatus }
  /** Failed, terminated, cancelled or timed out: no result to show. */
  | { kind: 'ended'; workflowId: string; executionStatus: string };

/** A representative's provisioning: the `status` query while it runs, the result once completed. */
export async function readProvisioning(client: Client, email: string): Promise<ProvisioningView> {
  const workflowId = accountProvisioningWorkflowId(email);
  const handle = client.workflow.getHandle<AccountProvisioningWorkflow>(workflowId);
  const description = await handle.describe();
  const name = description.status.name;
  if (name === 'RUNNING') {
    return {
      kind: 'running',
      workflowId,
      status: await handle.query<AccountProvisioningStatus>(STATUS_QUERY),
    };
  }
  if (name === 'COMPLETED') return { kind: 'completed', workflowId, status: await handle.result() };
  return { kind: 'ended', workflowId, executionStatus: name };
}
