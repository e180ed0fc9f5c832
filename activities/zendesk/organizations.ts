import { FailureTypes } from '../errors';
import type { ZendeskClient } from './client';
import { zendeskRequest } from './request';
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

const listOf = (result: unknown): unknown[] => {
  if (Array.isArray(result)) return result;
  const organizations = (result as { organizations?: unknown } | null)?.organizations;
  return Array.isArray(organizations) ? organizations : [];
};

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
