import { isPartner, programOfOrganizationField } from './programs';

/**
 * A1 deprovisioning as a pure rule: a representative whose Contact left the partner's account (or
 * whose portal access was revoked in Salesforce: `Support_Portal_User__c = false`) leaves the
 * partner's Zendesk organization. The user is not deleted: their tickets and history stay.
 */
export interface DeprovisioningFacts {
  user: { id: number; organizationId: number | null } | null;
  organization: { id: number; name: string; externalId: string | null; partnerProgram: string | null } | null;
  /** The email's Contact on the organization's account, if there is one. */
  contactOnAccount: { id: string; portalUser: boolean } | null;
}

export type DeprovisioningPlan =
  | { kind: 'nothing'; reason: string }
  | { kind: 'refuse'; reason: string }
  | {
      kind: 'deprovision';
      userId: number;
      organizationId: number;
      accountId: string;
      contactId: string | null;
    };

export function planDeprovisioning(email: string, facts: DeprovisioningFacts): DeprovisioningPlan {
  const { user, organization, contactOnAccount } = facts;
  if (!user) return { kind: 'nothing', reason: `${email} has no Zendesk user` };
  if (user.organizationId === null || !organization) {
    return { kind: 'nothing', reason: `${email} is in no Zendesk organization` };
  }
  if (!isPartner(programOfOrganizationField(organization.partnerProgram)) || !organization.externalId) {
    return { kind: 'nothing', reason: `${organization.name} is not a partner organization` };
  }
  if (contactOnAccount?.portalUser) {
    return {
      kind: 'refuse',
      reason: `${email} is still a Contact on ${organization.name} with Support_Portal_User__c = true`,
    };
  }
  return {
    kind: 'deprovision',
    userId: user.id,
    organizationId: organization.id,
    accountId: organization.externalId,
    contactId: contactOnAccount?.id ?? null,
  };
}
