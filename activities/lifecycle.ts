import { ApplicationFailure } from '@temporalio/common';
import { alertIdentity } from '../domain/alert-digest';
import type { ContactStatus } from '../domain/intake';
import { partnerSituations, type PartnerSituation } from '../domain/entitlement';
import type { PartnerAccount } from '../domain/programs';
import type { ZendeskRoutingContract } from '../domain/routing';
import { impacts, type Impact } from '../domain/sla/policy';
import {
  policyByVersion,
  UnknownSlaPolicyVersionError,
  type SlaPolicyCatalog,
} from '../domain/sla/policy-catalog';
import { FailureTypes } from './errors';
import { resumableReads } from './keep-alive';
import { createTicketWrites } from './ticket-writes';
import type { LifecycleActivities, TicketFacts } from './lifecycle-contract';
import type { SalesforceActivities } from './salesforce';
import type { SlackActivities } from './slack';
import type { ZendeskActivities } from './zendesk';

export interface LifecycleActivityDeps {
  zendesk: ZendeskActivities;
  salesforce: SalesforceActivities;
  slack: SlackActivities;
  /** Every validated SLA policy version, loaded once when the worker starts. */
  policies: SlaPolicyCatalog;
  routing: ZendeskRoutingContract;
}

const asImpact = (value: string | null): Impact | null =>
  value !== null && (impacts as readonly string[]).includes(value) ? (value as Impact) : null;

const asSituation = (value: string | null): PartnerSituation | null =>
  value !== null && (partnerSituations as readonly string[]).includes(value)
    ? (value as PartnerSituation)
    : null;

/** What intake reads, kept across its attempts (activities/keep-alive.ts). */
interface IntakeReads extends Record<string, unknown> {
  ticket: Awaited<ReturnType<ZendeskActivities['getTicket']>>;
  requester: Awaited<ReturnType<ZendeskActivities['getUser']>>;
  organization: Awaited<ReturnType<ZendeskActivities['getOrganization']>> | null;
  organizationAccount: PartnerAccount | null;
  contact: Awaited<ReturnType<SalesforceActivities['findContactByEmail']>>;
  contactAccount: PartnerAccount | null;
}

/**
 * The activities of the partner ticket workflow (`LifecycleActivities`), composed from the
 * Zendesk, Salesforce and Slack activities: each keeps their failure classification and their
 * idempotency keys, so a retried lifecycle step never writes twice.
 */
export function createLifecycleActivities(deps: LifecycleActivityDeps): LifecycleActivities {
  const { zendesk, salesforce, slack } = deps;

  const accountOrNull = async (accountId: string | null | undefined): Promise<PartnerAccount | null> =>
    accountId ? salesforce.getAccount(accountId) : null;

  return {
    async loadSlaPolicy(input) {
      const version = input?.version ?? deps.policies.current;
      try {
        return policyByVersion(deps.policies, version);
      } catch (err) {
        if (!(err instanceof UnknownSlaPolicyVersionError)) throw err;
        // Retrying cannot make a version exist: fail the call, the workflow reports it.
        throw ApplicationFailure.nonRetryable(err.message, FailureTypes.invalidRequest, {
          version,
          known: err.known,
        });
      }
    },

    async gatherIntakeFacts(ticketId) {
      // Five reads from two systems: a retry resumes after the last one that succeeded.
      const read = resumableReads<IntakeReads>();
      const ticket = await read('ticket', () => zendesk.getTicket(ticketId));
      const requester = await read('requester', () => zendesk.getUser(ticket.requesterId));
      const organizationId = ticket.organizationId ?? requester.organizationId;
      const organization = await read('organization', async () =>
        organizationId !== null ? zendesk.getOrganization(organizationId) : null,
      );
      const organizationAccount = await read('organizationAccount', () =>
        accountOrNull(organization?.externalId),
      );
      const contact = await read('contact', async () =>
        requester.email ? salesforce.findContactByEmail(requester.email) : null,
      );
      const contactAccount = await read('contactAccount', async () =>
        contact && contact.accountId === organizationAccount?.id
          ? organizationAccount
          : accountOrNull(contact?.accountId),
      );

      const facts: TicketFacts = {
        ticket: {
          id: ticket.id,
          subject: ticket.subject,
          status: ticket.status,
          formId: ticket.formId,
          groupId: ticket.groupId,
          organizationId: ticket.organizationId,
          createdAt: ticket.createdAt,
          impact: asImpact(ticket.customFields.impact),
          partnerSituation: asSituation(ticket.customFields.partnerSituation),
          nfrSoftware: ticket.customFields.nfrSoftware,
        },
        requester: {
          id: requester.id,
          email: requester.email,
          name: requester.name,
          createdAt: requester.createdAt,
        },
        organization: organization
          ? {
              id: organization.id,
              name: organization.name,
              externalId: organization.externalId,
              partnerProgram: organization.partnerProgram,
              notes: organization.notes,
            }
          : null,
        organizationAccount,
        contact: contact
          ? { contactId: contact.id, accountId: contact.accountId, portalUser: contact.portalUser }
          : null,
        contactAccount,
      };
      return { facts, contract: deps.routing };
    },

    ...createTicketWrites(zendesk),
    async routeTicket(input) {
      await zendesk.routeTicket(input);
    },
    async addTicketTags(input) {
      await zendesk.addTicketTags(input);
    },
    async removeTicketTags(input) {
      await zendesk.removeTicketTags(input);
    },
    async addInternalNote({ ticketId, idempotencyKey, body }) {
      await zendesk.addTicketComment({ ticketId, idempotencyKey, body, public: false });
    },
    async addPublicComment({ ticketId, idempotencyKey, body }) {
      await zendesk.addTicketComment({ ticketId, idempotencyKey, body, public: true });
    },
    async setTicketPriority(input) {
      await zendesk.setTicketPriority(input);
    },
    async solveTicket({ ticketId }) {
      await zendesk.setTicketStatus({ ticketId, status: 'solved' });
    },
    // A ticket's keys are unique within the ticket: in Slack they are named with it.
    async sendSupportAlert({ ticketId, idempotencyKey, text }) {
      const key = alertIdentity({ ticketId, key: idempotencyKey });
      await slack.postSlackMessage({ channel: 'alerts', idempotencyKey: key, text });
    },
    async notifyAccountOwner({ ticketId, idempotencyKey, ownerEmail, text }) {
      const key = alertIdentity({ ticketId, key: idempotencyKey });
      await slack.postSlackMessage({
        channel: 'owners',
        idempotencyKey: key,
        text: `For ${ownerEmail}: ${text}`,
      });
    },
    async verifyContact({ email, accountId }): Promise<ContactStatus> {
      const contact = await salesforce.findContactByEmail(email);
      if (!contact) return 'missing';
      return contact.accountId === accountId ? 'verified' : 'wrong_account';
    },
  };
}
