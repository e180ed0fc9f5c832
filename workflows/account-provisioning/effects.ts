import { provisioningKeys } from '../../domain/account-provisioning';
import { provisioning, ticketWaking, failureOf } from './activities';
import type { CheckedRequest } from './checks';
import { step, stepDone, stepSkipped } from './steps';
import type { AccountProvisioningInput, AccountProvisioningStatus } from './types';

/** The name for a new Contact or Zendesk user when none was given: the email's local part. */
const nameOf = (input: AccountProvisioningInput, email: string): string =>
  input.name?.trim() || email.split('@')[0];

/**
 * A1's writes, in an order that keeps a half-done provisioning harmless: the organization (S4
 * guarded) before the Contact, the portal user before the portal flag, the notices last. Each
 * is idempotent, so a retried activity or a repeated request writes nothing twice.
 */
export async function provision(
  status: AccountProvisioningStatus,
  input: AccountProvisioningInput,
  checked: CheckedRequest,
): Promise<void> {
  const { email } = status;
  const { account, person } = checked;
  const name = nameOf(input, email);

  const org = await step(status, 'ensureOrganization', () =>
    provisioning.ensurePartnerOrganization({ account, person, email }),
  );
  status.organizationId = org.organizationId;
  stepDone(
    status,
    'ensureOrganization',
    `${org.created ? 'created' : 'found'} organization ${org.organizationId}`,
  );

  if (checked.contact.kind === 'create') {
    const contact = await step(status, 'ensureContact', () =>
      provisioning.ensureContact({ accountId: account.id, email, name }),
    );
    status.contactId = contact.contactId;
    stepDone(
      status,
      'ensureContact',
      `${contact.created ? 'created' : 'found'} Contact ${contact.contactId}`,
    );
  } else {
    status.contactId = checked.contact.contactId;
    stepSkipped(status, 'ensureContact', `Contact ${checked.contact.contactId} exists`);
  }

  const user = await step(status, 'ensurePortalUser', () =>
    provisioning.ensurePortalUser({ email, name, organizationId: org.organizationId, person }),
  );
  status.zendeskUserId = user.userId;
  stepDone(status, 'ensurePortalUser', `${user.created ? 'created' : 'updated'} Zendesk user ${user.userId}`);

  const contactId = status.contactId ?? '';
  await step(status, 'markPortalUser', () => provisioning.markPortalUser({ contactId, portalUser: true }));
  stepDone(status, 'markPortalUser', `Support_Portal_User__c = true on ${contactId}`);

  const text = `${email} now has a support portal account in ${account.name}'s organization (Zendesk user ${user.userId}).`;
  await step(status, 'notifyRequester', () =>
    provisioning.notifyRequester({
      idempotencyKey: provisioningKeys.requesterNotice(email, account.id),
      requesterEmail: input.requestedBy,
      text,
    }),
  );
  stepDone(status, 'notifyRequester', `Slack notice to ${input.requestedBy}`);

  const task = await step(status, 'createOwnerTask', () =>
    provisioning.createOwnerTask({
      idempotencyKey: provisioningKeys.ownerTask(email, account.id),
      account,
      subject: `A1: support portal account provisioned for ${email}`,
      description: `${text}\nRequested by ${input.requestedBy}.`,
    }),
  );
  status.taskId = task.taskId;
  if (task.taskId) stepDone(status, 'createOwnerTask', `Task ${task.taskId} for ${account.owner?.email}`);
  else stepSkipped(status, 'createOwnerTask', `${account.name} has no owner`);
}

/** A1 → S2: the representative's running tickets re-check their Contact now. Best effort. */
export async function wakeTickets(status: AccountProvisioningStatus): Promise<void> {
  const email = status.email;
  try {
    const { workflowIds } = await ticketWaking.wakeRepresentativeTickets({ email });
    status.wokenTickets = workflowIds;
    stepDone(
      status,
      'wakeTickets',
      workflowIds.length > 0 ? `signalled ${workflowIds.join(', ')}` : 'no running tickets',
    );
  } catch (err) {
    status.wokenTickets = [];
    const detail = `${failureOf(err).message}; unverified tickets still re-check periodically (S2)`;
    status.steps.push({ name: 'wakeTickets', outcome: 'failed', detail, at: new Date().toISOString() });
  }
}
