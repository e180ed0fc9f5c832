import type { DeprovisioningFacts } from '../domain/account-deprovisioning';
import type { RequesterFacts } from '../domain/account-provisioning';
import type { PartnerAccount, Program } from '../domain/programs';

/** Who the representative is, for the S4 guard: the program and account of their Contact. */
export interface ProvisioningPerson {
  program: Program;
  accountId: string;
}

/** What the A1 checks read: nothing here writes. */
export interface ProvisioningFacts {
  requester: RequesterFacts | null;
  account: PartnerAccount | null;
  /** The Contact with the representative's email (the oldest one on an Account wins). */
  contact: { id: string; accountId: string; portalUser: boolean } | null;
  /** The Account of that Contact when it is not the requested one. */
  contactAccount: PartnerAccount | null;
}

/**
 * The activities of the account provisioning workflow (A1). Workflows import this type only; the
 * worker registers `createProvisioningActivities(deps)`. Every write is idempotent, and every
 * organization write passes the S4 guard first (a refusal fails with `OrganizationGuardViolation`).
 */
export interface ProvisioningActivities {
  readProvisioningFacts(input: {
    email: string;
    accountId: string;
    requestedBy: string;
  }): Promise<ProvisioningFacts>;
  /** S4 before any write: the account's Zendesk organization (if any) against the person. */
  checkProvisioningGuard(input: {
    account: PartnerAccount;
    person: ProvisioningPerson;
    email: string;
  }): Promise<{ organizationId: number | null }>;
  /** Finds the organization by external_id (= Account Id) or creates it; guarded. */
  ensurePartnerOrganization(input: {
    account: PartnerAccount;
    person: ProvisioningPerson;
    email: string;
  }): Promise<{ organizationId: number; created: boolean }>;
  ensureContact(input: {
    accountId: string;
    email: string;
    name: string;
  }): Promise<{ contactId: string; created: boolean }>;
  /** create_or_update by email, in the organization (guarded), verified, tagged with the program. */
  ensurePortalUser(input: {
    email: string;
    name: string;
    organizationId: number;
    person: ProvisioningPerson;
  }): Promise<{ userId: number; created: boolean }>;
  markPortalUser(input: { contactId: string; portalUser: boolean }): Promise<void>;
  notifyRequester(input: { idempotencyKey: string; requesterEmail: string; text: string }): Promise<void>;
  createOwnerTask(input: {
    idempotencyKey: string;
    account: PartnerAccount;
    subject: string;
    description: string;
  }): Promise<{ taskId: string | null }>;
  alertSupportManagers(input: { idempotencyKey: string; text: string }): Promise<void>;
  /** Deprovisioning: the Zendesk user, their organization, and the email's Contact on its account. */
  readDeprovisioningFacts(input: { email: string }): Promise<DeprovisioningFacts>;
  /** Takes the user out of the organization (not deleted); a user already elsewhere is left alone. */
  removeUserFromOrganization(input: {
    userId: number;
    organizationId: number;
  }): Promise<{ removed: boolean }>;
  /** Signals `recheckContact` to the representative's running ticket workflows (visibility query). */
  wakeRepresentativeTickets(input: { email: string }): Promise<{ workflowIds: string[] }>;
}
