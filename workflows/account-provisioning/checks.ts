import {
  accountRefusal,
  isValidEmail,
  planContact,
  personProgram,
  requesterRefusal,
  type ContactPlan,
} from '../../domain/account-provisioning';
import type { PartnerAccount } from '../../domain/programs';
import type { ProvisioningPerson } from '../../activities/provisioning-contract';
import { provisioning } from './activities';
import { refuse, step, stepDone } from './steps';
import type { AccountProvisioningInput, AccountProvisioningStatus } from './types';

export interface CheckedRequest {
  account: PartnerAccount;
  contact: Exclude<ContactPlan, { kind: 'refuse' }>;
  person: ProvisioningPerson;
}

/**
 * A1's checks, reads only: the email, who asks, the account, the Contact. Each failed check is a
 * final refusal recorded in the status. The S4 guard is asked last, still before any write.
 */
export async function checkRequest(
  status: AccountProvisioningStatus,
  input: AccountProvisioningInput,
): Promise<CheckedRequest> {
  const { email } = status;
  if (!isValidEmail(email)) {
    refuse(status, 'validateEmail', {
      code: 'invalid_email',
      rule: 'A1',
      reason: `"${email}" is not an email address`,
    });
  }
  stepDone(status, 'validateEmail');

  const facts = await step(status, 'checkRequester', () =>
    provisioning.readProvisioningFacts({ email, accountId: input.accountId, requestedBy: input.requestedBy }),
  );
  const notAllowed = requesterRefusal(input.requestedBy, facts.requester);
  if (notAllowed) refuse(status, 'checkRequester', notAllowed);
  stepDone(status, 'checkRequester', `${input.requestedBy} (${facts.requester?.role})`);

  const badAccount = accountRefusal(input.accountId, facts.account);
  if (badAccount || !facts.account) {
    refuse(
      status,
      'checkAccount',
      badAccount ?? { code: 'account_not_found', rule: 'A1', reason: input.accountId },
    );
  }
  const account = facts.account;
  stepDone(status, 'checkAccount', `${account.name} (${account.partnerProgram} partner)`);

  const contact = planContact(email, account, facts.contact, input.createContact === true);
  if (contact.kind === 'refuse') refuse(status, 'checkContact', contact.refusal);
  stepDone(
    status,
    'checkContact',
    contact.kind === 'on_account'
      ? `Contact ${contact.contactId} on ${account.name}`
      : contact.kind === 'create'
        ? `no Contact yet: it will be created on ${account.name}`
        : `a Contact on another account (${facts.contactAccount?.name ?? contact.accountId})`,
  );

  const person = personProgram(contact, account, facts.contactAccount);
  await step(status, 'checkOrganizationGuard', () =>
    provisioning.checkProvisioningGuard({ account, person, email }),
  );
  stepDone(
    status,
    'checkOrganizationGuard',
    `S4: ${person.program} representative into ${account.name}'s organization`,
  );
  return { account, contact, person };
}
