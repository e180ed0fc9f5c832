import { setHandler } from '@temporalio/workflow';
import { planDeprovisioning } from '../../domain/account-deprovisioning';
import { normalizeEmail, provisioningKeys } from '../../domain/account-provisioning';
import { provisioning } from './activities';
import { provisioningStatusQuery } from './definitions';
import { ProvisioningStopped, refuse, step, stepDone, stepSkipped } from './steps';
import type { AccountDeprovisioningInput, AccountProvisioningStatus } from './types';

/**
 * A1, undone: a representative whose Contact left the partner's account (or whose
 * `Support_Portal_User__c` was cleared) leaves the partner's Zendesk organization; the user is not
 * deleted (their tickets stay theirs). It runs under the same workflow ID as the provisioning
 * (`account-provisioning-<email>`), so one ID holds a representative's portal account history and
 * a later provisioning request starts anew (client/temporal/start-provisioning.ts).
 */
export async function accountDeprovisioning(
  input: AccountDeprovisioningInput,
): Promise<AccountProvisioningStatus> {
  const status: AccountProvisioningStatus = {
    email: normalizeEmail(input.email),
    accountId: '',
    requestedBy: normalizeEmail(input.requestedBy),
    state: 'checking',
    steps: [],
  };
  setHandler(provisioningStatusQuery, () => JSON.parse(JSON.stringify(status)) as AccountProvisioningStatus);
  const { email } = status;
  try {
    const facts = await step(status, 'findPortalUser', () => provisioning.readDeprovisioningFacts({ email }));
    const plan = planDeprovisioning(email, facts);
    if (plan.kind === 'refuse') {
      refuse(status, 'findPortalUser', { code: 'contact_still_active', rule: 'A1', reason: plan.reason });
    }
    if (plan.kind === 'nothing') {
      stepSkipped(status, 'findPortalUser', plan.reason);
      status.state = 'deprovisioned';
      return status;
    }
    stepDone(status, 'findPortalUser', `Zendesk user ${plan.userId} in organization ${plan.organizationId}`);
    status.accountId = plan.accountId;
    status.zendeskUserId = plan.userId;
    status.organizationId = plan.organizationId;
    status.state = 'provisioning';

    const { removed } = await step(status, 'removeFromOrganization', () =>
      provisioning.removeUserFromOrganization({ userId: plan.userId, organizationId: plan.organizationId }),
    );
    stepDone(status, 'removeFromOrganization', removed ? 'removed (user kept)' : 'already out of it');

    const contactId = plan.contactId;
    if (contactId) {
      status.contactId = contactId;
      await step(status, 'unmarkPortalUser', () =>
        provisioning.markPortalUser({ contactId, portalUser: false }),
      );
      stepDone(status, 'unmarkPortalUser', `Support_Portal_User__c = false on ${contactId}`);
    } else {
      stepSkipped(status, 'unmarkPortalUser', 'no Contact on the account');
    }

    await step(status, 'notifyRequester', () =>
      provisioning.notifyRequester({
        idempotencyKey: `${provisioningKeys.requesterNotice(email, plan.accountId)}-removed`,
        requesterEmail: status.requestedBy,
        text: `${email} no longer has a support portal account in organization ${plan.organizationId} (Zendesk user ${plan.userId} kept).`,
      }),
    );
    stepDone(status, 'notifyRequester', `Slack notice to ${status.requestedBy}`);
    status.state = 'deprovisioned';
  } catch (err) {
    if (!(err instanceof ProvisioningStopped)) throw err;
  }
  return status;
}
