import { FailureTypes } from '../errors';
import type { ZendeskClient } from './client';
import { zendeskRequest } from './request';
import { quoteSearchValue } from './search-terms';
import type { ZendeskOrganization } from './types';
import { toOrganization } from './wire';
import { ApplicationFailure } from '@temporalio/common';

export interface NewPartnerOrganization {
  name: string;
  /** The Salesforce Account Id (data contract: organizations carry it as `external_id`). */
  externalId: string;
  /** `organization_fields.partner_program`: `select` | `alliance`. */
  partnerProgram: 'select' | 'alliance';
  tags: string[];
  notes: string;
}

/** node-zendesk answers a list as the array, or as the page object that holds it under `key`. */
const listOf = (result: unknown, key = 'organizations'): unknown[] => {
  if (Array.isArray(result)) return result;
  const list = (result as Record<string, unknown> | null)?.[key];
  return Array.isArray(list) ? list : [];
};

export interface WireUserHit {
  id: number;
  email?: string | null;
  organization_id?: number | null;
  tags?: string[];
}

/**
 * Users whose email is exactly this one (Search API). node-zendesk's `users.search` pages through
 * every result and answers the bare list, not `{response, result}`: it is wrapped for zendeskRequest.
 */
export async function searchUsersByEmail(client: ZendeskClient, email: string): Promise<WireUserHit[]> {
  const { result } = await zendeskRequest<unknown>('users.search', async () => ({
    response: { status: 200 },
    result: await client.users.search({ query: `email:${quoteSearchValue(email)}` }),
  }));
  return (listOf(result, 'users') as WireUserHit[]).filter(
    (u) => (u.email ?? '').toLowerCase() === email.toLowerCase(),
  );
}

/**
 * A1: Zendesk organizations by their Salesforce Account Id. Reading and creating only: whether a
 * person may be put into one is the S4 guard's to say (activities/zendesk/index.ts), before any write.
 */
export function createZendeskOrganizations(deps: { zendesk: ZendeskClient }) {
  const client = deps.zendesk;

  /** The organization whose external_id is this Account Id (the lowest id if several do). */
  const findByExternalId = async (externalId: string): Promise<ZendeskOrganization | null> => {
    const { result } = await zendeskRequest<unknown>('organizations.search', () =>
      client.organizations.get(['organizations', 'search', { external_id: externalId }]),
    );
    const found = listOf(result)
      .map((wire) => toOrganization(wire, 'organizations.search'))
      .filter((org) => org.externalId?.toLowerCase() === externalId.toLowerCase())
      .sort((a, b) => a.id - b.id);
    return found[0] ?? null;
  };

  return {
    findOrganizationByExternalId: findByExternalId,

    /** The user with this email, or null. */
    async findUserByEmail(email: string): Promise<{ id: number; organizationId: number | null } | null> {
      const [user] = await searchUsersByEmail(client, email);
      return user ? { id: user.id, organizationId: user.organization_id ?? null } : null;
    },

    /**
     * Takes the user out of the organization, idempotently: only while they are still in it (a
     * user moved elsewhere meanwhile is not touched). Removing an organization needs no S4 guard:
     * it associates nobody with anything.
     */
    async removeUserFromOrganization(input: {
      userId: number;
      organizationId: number;
    }): Promise<{ removed: boolean }> {
      const { result } = await zendeskRequest<{ organization_id?: number | null }>('users.show', () =>
        client.users.show(input.userId),
      );
      if ((result?.organization_id ?? null) !== input.organizationId) return { removed: false };
      await zendeskRequest('users.update', () =>
        client.users.update(input.userId, { user: { organization_id: null } }),
      );
      return { removed: true };
    },

    /**
     * Creates the organization unless one carries the external_id already. Zendesk keeps names
     * unique (422 on a duplicate): when the create is refused, an organization created meanwhile
     * for the same Account is the answer; one of that name for anything else needs a person.
     */
    async ensureOrganization(
      input: NewPartnerOrganization,
    ): Promise<{ organization: ZendeskOrganization; created: boolean }> {
      const existing = await findByExternalId(input.externalId);
      if (existing) return { organization: existing, created: false };
      try {
        const { result } = await zendeskRequest<unknown>('organizations.create', () =>
          client.organizations.create({
            organization: {
              name: input.name,
              external_id: input.externalId,
              tags: input.tags,
              notes: input.notes,
              organization_fields: { partner_program: input.partnerProgram },
            },
          }),
        );
        return { organization: toOrganization(result, 'organizations.create'), created: true };
      } catch (err) {
        const raced = await findByExternalId(input.externalId);
        if (raced) return { organization: raced, created: false };
        if (err instanceof ApplicationFailure && err.type === FailureTypes.invalidRequest) {
          throw ApplicationFailure.nonRetryable(
            `Zendesk organization "${input.name}" cannot be created for ${input.externalId}: ${err.message}`,
            FailureTypes.invalidRequest,
          );
        }
        throw err;
      }
    },
  };
}

export type ZendeskOrganizationActivities = ReturnType<typeof createZendeskOrganizations>;
