import { ApplicationFailure } from '@temporalio/common';
import {
  assertOrgCompatible,
  OrganizationGuardViolation,
  type OrganizationAssignment,
} from '../../domain/organization-guard';
import { programOfOrganizationField, type Program } from '../../domain/programs';
import { FailureTypes } from '../errors';
import type { ZendeskClient } from './client';
import { requireId, requireTags } from './inputs';
import { searchUsersByEmail, type WireUserHit } from './organizations';
import { invalidInput, zendeskRequest } from './request';
import type { ZendeskOrganization, ZendeskUser } from './types';
import { toUser } from './wire';

type Subject = OrganizationAssignment['subject'];
type TargetOrganization = OrganizationAssignment['organization'];

/** S4: every organization write passes the guard first; a refusal is final and writes nothing. */
export function guardOrganization(assignment: OrganizationAssignment): void {
  try {
    assertOrgCompatible(assignment);
  } catch (err) {
    if (err instanceof OrganizationGuardViolation) {
      throw ApplicationFailure.nonRetryable(err.message, FailureTypes.organizationGuard, {
        subject: assignment.subject,
        organization: { id: assignment.organization.id, name: assignment.organization.name },
      });
    }
    throw err;
  }
}

/** The Zendesk writes that set a user's or ticket's organization: each one behind the S4 guard. */
export function createOrganizationWrites(deps: {
  client: ZendeskClient;
  getOrganization(organizationId: number): Promise<ZendeskOrganization>;
  updateTicket(operation: string, ticketId: number, ticket: Record<string, unknown>): Promise<void>;
}) {
  const { client, getOrganization, updateTicket } = deps;
  return {
    /** S4: sets a ticket's organization, after the organization guard. */
    async setTicketOrganization(input: {
      ticketId: number;
      subject: Subject;
      organization: TargetOrganization;
    }): Promise<void> {
      const ticketId = requireId('tickets.update', 'ticketId', input.ticketId);
      if (input.subject?.kind !== 'ticket' || input.subject.id !== ticketId) {
        throw invalidInput('tickets.update', 'the guard subject must be this ticket');
      }
      guardOrganization({ subject: input.subject, organization: input.organization });
      const organizationId = requireId('tickets.update', 'organization.id', input.organization.id);
      await updateTicket('tickets.update', ticketId, { organization_id: organizationId });
    },

    /** S4: sets a user's organization, after the organization guard. */
    async setUserOrganization(input: {
      userId: number;
      subject: Subject;
      organization: TargetOrganization;
    }): Promise<void> {
      const userId = requireId('users.update', 'userId', input.userId);
      if (input.subject?.kind !== 'user' || input.subject.id !== userId) {
        throw invalidInput('users.update', 'the guard subject must be this user');
      }
      guardOrganization({ subject: input.subject, organization: input.organization });
      const organizationId = requireId('users.update', 'organization.id', input.organization.id);
      await zendeskRequest('users.update', () =>
        client.users.update(userId, { user: { organization_id: organizationId } }),
      );
    },

    /**
     * A1: the representative's portal user, created or updated by email (Zendesk's
     * create_or_update is idempotent on it, so `idempotencyKey` needs no marker). With an
     * `organizationId`, `person` (who they are in Salesforce) is required and the S4 guard runs
     * against the organization first; a refusal writes nothing.
     */
    async createOrUpdateUser(input: {
      idempotencyKey?: string;
      email: string;
      name: string;
      organizationId?: number;
      person?: { program: Program; accountId?: string | null };
      /** A1: portal users are verified (no confirmation email to wait for). */
      verified?: boolean;
      /** Added to the user's tags (create_or_update replaces tags: the present ones are kept). */
      tags?: string[];
    }): Promise<ZendeskUser & { created: boolean }> {
      const operation = 'users.createOrUpdate';
      const email = typeof input.email === 'string' ? input.email.trim() : '';
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw invalidInput(operation, 'email is not an email address');
      if (typeof input.name !== 'string' || input.name.trim() === '')
        throw invalidInput(operation, 'name is empty');
      const user: Record<string, unknown> = { email, name: input.name.trim() };
      if (input.verified !== undefined) user.verified = input.verified === true;
      // One search for the user, whether the tags or the guard need it.
      let found: Promise<WireUserHit | undefined> | undefined;
      const existingUser = (): Promise<WireUserHit | undefined> =>
        (found ??= searchUsersByEmail(client, email).then(([hit]) => hit));
      if (input.tags !== undefined) {
        const wanted = requireTags(operation, input.tags);
        const present = (await existingUser())?.tags ?? [];
        user.tags = [...new Set([...present, ...wanted])];
      }
      if (input.organizationId !== undefined) {
        const organizationId = requireId(operation, 'organizationId', input.organizationId);
        if (!input.person) {
          throw ApplicationFailure.nonRetryable(
            `S4: refused to put ${email} in organization ${organizationId} without knowing their program`,
            FailureTypes.organizationGuard,
          );
        }
        const organization = await getOrganization(organizationId);
        guardOrganization({
          subject: {
            kind: 'user',
            id: (await existingUser())?.id ?? 0,
            program: input.person.program,
            accountId: input.person.accountId ?? null,
          },
          organization: {
            id: organization.id,
            name: organization.name,
            program: programOfOrganizationField(organization.partnerProgram),
            accountId: organization.externalId,
          },
        });
        user.organization_id = organizationId;
      }
      const { status, result } = await zendeskRequest<unknown>(operation, () =>
        client.users.createOrUpdate({ user }),
      );
      return { ...toUser(result, operation), created: status === 201 };
    },
  };
}
