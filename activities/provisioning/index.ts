import type { Client } from '@temporalio/client';
import { programTag } from '../../domain/account-provisioning';
import { programOfAccount, programOfOrganizationField, type PartnerAccount } from '../../domain/programs';
import type { ProvisioningActivities, ProvisioningPerson } from '../provisioning-contract';
import type { SalesforceActivities } from '../salesforce';
import { createSalesforceProvisioning } from '../salesforce/provisioning';
import type { SlackActivities } from '../slack';
import { guardOrganization, type ZendeskActivities } from '../zendesk';
import type { ZendeskClient } from '../zendesk/client';
import { createZendeskOrganizations } from '../zendesk/organizations';
import type { ZendeskOrganization } from '../zendesk/types';
import type { Connection } from 'jsforce';
import { createTicketWaker } from './tickets';

export interface ProvisioningActivityDeps {
  zendeskClient: ZendeskClient;
  salesforceConnection: Connection;
  zendesk: ZendeskActivities;
  salesforce: SalesforceActivities;
  slack: SlackActivities;
  /** Lists and signals the representative's ticket workflows (visibility). */
  temporal?: Client;
}

const partnerProgramOf = (account: PartnerAccount): 'select' | 'alliance' =>
  programOfAccount(account) === 'select' ? 'select' : 'alliance';

/** S4 on the provisioning path: the person against the account's organization (existing or to be). */
function guard(person: ProvisioningPerson, account: PartnerAccount, org: ZendeskOrganization | null): void {
  guardOrganization({
    subject: { kind: 'user', id: 0, program: person.program, accountId: person.accountId },
    organization: org
      ? {
          id: org.id,
          name: org.name,
          program: programOfOrganizationField(org.partnerProgram),
          accountId: org.externalId,
        }
      : {
          id: 0,
          name: `${account.name} (to be created)`,
          program: programOfAccount(account),
          accountId: account.id,
        },
  });
}

/**
 * The activities of the account provisioning workflow (`ProvisioningActivities`), over the same
 * clients as the ticket's: reads, guarded Zendesk writes, Salesforce writes, Slack and the
 * Temporal client that wakes the representative's tickets.
 */
export function createProvisioningActivities(deps: ProvisioningActivityDeps): ProvisioningActivities {
  const organizations = createZendeskOrganizations({ zendesk: deps.zendeskClient });
  const sf = createSalesforceProvisioning({ salesforce: deps.salesforceConnection });
  const { zendesk, salesforce, slack } = deps;

  return {
    async readProvisioningFacts({ email, accountId, requestedBy }) {
      const requester = await sf.findRequester(requestedBy);
      const account = await salesforce.getAccount(accountId);
      const contact = await salesforce.findContactByEmail(email);
      const contactAccount =
        contact && contact.accountId !== '' && contact.accountId !== account?.id
          ? await salesforce.getAccount(contact.accountId)
          : null;
      return {
        requester,
        account,
        contact: contact
          ? { id: contact.id, accountId: contact.accountId, portalUser: contact.portalUser }
          : null,
        contactAccount,
      };
    },

    async checkProvisioningGuard({ account, person }) {
      const org = await organizations.findOrganizationByExternalId(account.id);
      guard(person, account, org);
      return { organizationId: org?.id ?? null };
    },

    async ensurePartnerOrganization({ account, person }) {
      const existing = await organizations.findOrganizationByExternalId(account.id);
      guard(person, account, existing);
      if (existing) return { organizationId: existing.id, created: false };
      const program = partnerProgramOf(account);
      const { organization, created } = await organizations.ensureOrganization({
        name: account.name,
        externalId: account.id,
        partnerProgram: program,
        tags: [programTag(program)],
        notes: await sf.accountNotes(account.id),
      });
      // Created meanwhile by another request: still the guard's to say.
      if (!created) guard(person, account, organization);
      return { organizationId: organization.id, created };
    },

    ensureContact: (input) => sf.ensureContact(input),

    async ensurePortalUser({ email, name, organizationId, person }) {
      const user = await zendesk.createOrUpdateUser({
        email,
        name,
        organizationId,
        person,
        verified: true,
        tags: [programTag(person.program)],
      });
      return { userId: user.id, created: user.created };
    },

    markPortalUser: (input) => sf.setPortalUser(input),

    async notifyRequester({ idempotencyKey, requesterEmail, text }) {
      await slack.postSlackMessage({
        channel: 'owners',
        idempotencyKey,
        text: `For ${requesterEmail}: ${text}`,
      });
    },

    async createOwnerTask({ idempotencyKey, account, subject, description }) {
      // No owner, no Task: the Slack notice to the requester still says it is done.
      if (!account.owner) return { taskId: null };
      const { taskId } = await salesforce.createFollowUpTask({
        idempotencyKey,
        accountId: account.id,
        ownerId: account.owner.id,
        subject,
        description,
      });
      return { taskId };
    },

    async alertSupportManagers({ idempotencyKey, text }) {
      await slack.postSlackMessage({ channel: 'alerts', idempotencyKey, text });
    },

    async readDeprovisioningFacts({ email }) {
      const user = await organizations.findUserByEmail(email);
      const organization = user?.organizationId ? await zendesk.getOrganization(user.organizationId) : null;
      const contactOnAccount = organization?.externalId
        ? await sf.contactOnAccount(organization.externalId, email)
        : null;
      return { user, organization, contactOnAccount };
    },

    removeUserFromOrganization: (input) => organizations.removeUserFromOrganization(input),

    ...createTicketWaker({ temporal: deps.temporal }),
  };
}
