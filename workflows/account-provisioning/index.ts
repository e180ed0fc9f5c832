import { setHandler } from '@temporalio/workflow';
import { normalizeEmail, provisioningKeys } from '../../domain/account-provisioning';
import { failureOf, provisioning } from './activities';
import { checkRequest } from './checks';
import { provisioningStatusQuery } from './definitions';
import { provision, wakeTickets } from './effects';
import { ProvisioningStopped, stepDone } from './steps';
import type { AccountProvisioningInput, AccountProvisioningStatus } from './types';

export type { AccountProvisioningInput, AccountProvisioningStatus } from './types';

/**
 * A1: one representative's support portal account (workflow ID
 * `account-provisioning-<lower-cased email>`), requested by a CSM/AE/Sales member. Checks first
 * (reads only; a failed check is a final refusal), then the S4-guarded Zendesk organization and
 * user, the Contact's portal flag, notices, and finally the representative's waiting tickets are
 * told to re-check their Contact. Every step and its outcome is in the `status` query and the result.
 */
export async function accountProvisioning(
  input: AccountProvisioningInput,
): Promise<AccountProvisioningStatus> {
  const status: AccountProvisioningStatus = {
    email: normalizeEmail(input.email),
    accountId: input.accountId,
    requestedBy: normalizeEmail(input.requestedBy),
    state: 'checking',
    steps: [],
  };
  // A copy, so that a caller never holds the live state.
  setHandler(provisioningStatusQuery, () => JSON.parse(JSON.stringify(status)) as AccountProvisioningStatus);
  try {
    const checked = await checkRequest(status, input);
    status.state = 'provisioning';
    await provision(status, input, checked);
    await wakeTickets(status);
    status.state = 'completed';
  } catch (err) {
    if (!(err instanceof ProvisioningStopped)) throw err;
    if (status.refusal?.rule === 'S4') await alertGuardRefusal(status);
  }
  return status;
}

/** S4: a refused organization assignment is told to the support managers, once (keyed by the request). */
async function alertGuardRefusal(status: AccountProvisioningStatus): Promise<void> {
  const text = `S4 organization guard refused provisioning ${status.email} into account ${status.accountId} (asked by ${status.requestedBy}): ${status.refusal?.reason}. Nothing was changed.`;
  const idempotencyKey = provisioningKeys.guardAlert(status.email, status.accountId);
  try {
    await provisioning.alertSupportManagers({ idempotencyKey, text });
    stepDone(status, 'alertSupportManagers', 'support managers alerted in Slack');
  } catch (err) {
    // The refusal stands whatever Slack answers; the step records what happened.
    const detail = failureOf(err).message;
    status.steps.push({
      name: 'alertSupportManagers',
      outcome: 'failed',
      detail,
      at: new Date().toISOString(),
    });
  }
}
