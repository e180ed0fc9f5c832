import type { ProvisioningRefusal } from '../../domain/account-provisioning';

/** A1: a CSM/AE/Sales member asks for a representative's support portal account. */
export interface AccountProvisioningInput {
  /** The representative's email (the workflow ID carries it lower-cased). */
  email: string;
  /** The representative's name, for a new Contact or Zendesk user; the email's local part otherwise. */
  name?: string;
  /** The Salesforce Account Id of the partner. */
  accountId: string;
  /** The email of the Salesforce User (CSM, AE or Sales) asking. */
  requestedBy: string;
  /** Create the Contact on the account when the representative has none. */
  createContact?: boolean;
}

export const provisioningStepNames = [
  'validateEmail',
  'checkRequester',
  'checkAccount',
  'checkContact',
  'checkOrganizationGuard',
  'ensureOrganization',
  'ensureContact',
  'ensurePortalUser',
  'markPortalUser',
  'notifyRequester',
  'createOwnerTask',
  'alertSupportManagers',
  'wakeTickets',
  // Deprovisioning (accountDeprovisioning):
  'findPortalUser',
  'removeFromOrganization',
  'unmarkPortalUser',
] as const;
export type ProvisioningStepName = (typeof provisioningStepNames)[number];

export interface ProvisioningStep {
  name: ProvisioningStepName;
  outcome: 'running' | 'done' | 'skipped' | 'refused' | 'failed';
  detail?: string;
  at: string;
}

/**
 * `checking` → `provisioning` → `completed`; or `refused` (a check or the S4 guard said no:
 * nothing was written) or `failed` (a write failed for good: the steps say which, and how far it got).
 */
export type ProvisioningState =
  | 'checking'
  | 'provisioning'
  | 'completed'
  | 'refused'
  | 'failed'
  /** Deprovisioning: out of the partner's organization (or nothing was left to undo). */
  | 'deprovisioned';

/** Deprovisioning: the representative's Contact left the account, or their portal access was revoked. */
export interface AccountDeprovisioningInput {
  email: string;
  /** Who asks (a person, or the reconciliation). */
  requestedBy: string;
}

/** The `status` query while it runs, and the workflow's result. */
export interface AccountProvisioningStatus {
  email: string;
  accountId: string;
  requestedBy: string;
  state: ProvisioningState;
  refusal?: ProvisioningRefusal & { failureType?: string };
  failure?: { step: ProvisioningStepName; type: string; message: string };
  steps: ProvisioningStep[];
  organizationId?: number;
  contactId?: string;
  zendeskUserId?: number;
  taskId?: string | null;
  /** The ticket workflows told to re-check the representative's Contact (S2). */
  wokenTickets?: string[];
}
