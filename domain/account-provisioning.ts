import { programOfAccount, type PartnerAccount, type Program } from './programs';

/**
 * A1 account provisioning as pure rules: who may ask, for which account, for whom. The workflow
 * (workflows/account-provisioning/) applies them to what the activities read; a refusal writes nothing.
 */

/** Salesforce `User.Support_Role__c` values allowed to request a portal account (data contract). */
export const provisioningRoles = ['CSM', 'AE', 'Sales'] as const;
export type ProvisioningRole = (typeof provisioningRoles)[number];

/** Why a provisioning request is refused; each is final (retrying the same request cannot help). */
export type ProvisioningRefusalCode =
  | 'invalid_email'
  | 'requester_unknown'
  | 'requester_inactive'
  | 'requester_not_authorized'
  | 'account_not_found'
  | 'account_not_partner'
  | 'contact_not_found'
  | 'organization_guard'
  /** Deprovisioning: the representative is still a portal Contact on the account. */
  | 'contact_still_active';

export interface ProvisioningRefusal {
  code: ProvisioningRefusalCode;
  rule: 'A1' | 'S4';
  reason: string;
}

/** Deliberately simple and strict: one `@`, no spaces, a dotted domain, at most 254 characters. */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isValidEmail(value: string): boolean {
  if (value.length > 254) return false;
  const [local] = value.split('@');
  if (local === undefined || local.length > 64 || local.startsWith('.') || local.endsWith('.')) return false;
  if (local.includes('..')) return false;
  return EMAIL.test(value);
}

/** Emails are compared and keyed lower-cased and trimmed (Zendesk and SOQL compare them case-insensitively). */
export const normalizeEmail = (value: string): string => value.trim().toLowerCase();

/** `account-provisioning-<lower-cased email>`: one provisioning lifecycle per representative. */
export function accountProvisioningWorkflowId(email: string): string {
  return `account-provisioning-${normalizeEmail(email)}`;
}

export interface RequesterFacts {
  email: string;
  isActive: boolean;
  role: string | null;
}

/** The requester must be an active Salesforce User whose `Support_Role__c` is CSM, AE or Sales. */
export function requesterRefusal(
  requestedBy: string,
  user: RequesterFacts | null,
): ProvisioningRefusal | null {
  if (!user) {
    return { code: 'requester_unknown', rule: 'A1', reason: `${requestedBy} is not a Salesforce User` };
  }
  if (!user.isActive) {
    return {
      code: 'requester_inactive',
      rule: 'A1',
      reason: `${requestedBy} is not an active Salesforce User`,
    };
  }
  if (!(provisioningRoles as readonly string[]).includes(user.role ?? '')) {
    return {
      code: 'requester_not_authorized',
      rule: 'A1',
      reason: `${requestedBy} has role ${user.role ?? '(none)'}: only ${provisioningRoles.join(', ')} may request portal accounts`,
    };
  }
  return null;
}

/** Only Select and Alliance partner accounts get portal accounts through A1. */
export function accountRefusal(
  accountId: string,
  account: PartnerAccount | null,
): ProvisioningRefusal | null {
  if (!account)
    return { code: 'account_not_found', rule: 'A1', reason: `no Salesforce Account ${accountId}` };
  if (programOfAccount(account) === 'customer') {
    return {
      code: 'account_not_partner',
      rule: 'A1',
      reason: `${account.name} is not a Select or Alliance partner account`,
    };
  }
  return null;
}

/** What to do about the representative's Salesforce Contact. */
export type ContactPlan =
  | { kind: 'on_account'; contactId: string }
  | { kind: 'create' }
  /** The email is a Contact on another account: S4 decides (a customer or another partner's person). */
  | { kind: 'other_account'; contactId: string; accountId: string }
  | { kind: 'refuse'; refusal: ProvisioningRefusal };

export function planContact(
  email: string,
  account: PartnerAccount,
  contact: { id: string; accountId: string } | null,
  createContact: boolean,
): ContactPlan {
  if (contact && contact.accountId === account.id) return { kind: 'on_account', contactId: contact.id };
  if (contact && contact.accountId !== '') {
    return { kind: 'other_account', contactId: contact.id, accountId: contact.accountId };
  }
  if (createContact) return { kind: 'create' };
  return {
    kind: 'refuse',
    refusal: {
      code: 'contact_not_found',
      rule: 'A1',
      reason: `${email} is not a Contact on ${account.name} (ask with createContact to create it)`,
    },
  };
}

/** Who the representative is for the S4 guard: the program of the account their Contact is on. */
export function personProgram(
  plan: ContactPlan,
  account: PartnerAccount,
  contactAccount: PartnerAccount | null,
): { program: Program; accountId: string } {
  if (plan.kind === 'other_account') {
    return {
      program: contactAccount ? programOfAccount(contactAccount) : 'customer',
      accountId: plan.accountId,
    };
  }
  return { program: programOfAccount(account), accountId: account.id };
}

/** The tag a partner's organization and its portal users carry (as the ticket workflow tags tickets). */
export const programTag = (program: Program): string =>
  program === 'select' ? 'select_partner' : program === 'alliance' ? 'alliance_partner' : 'customer';

/** Idempotency keys, named after their rule: the same request never writes twice. */
export const provisioningKeys = {
  requesterNotice: (email: string, accountId: string): string =>
    `a1-provisioned-notice-${accountId}-${normalizeEmail(email)}`,
  ownerTask: (email: string, accountId: string): string =>
    `a1-provisioned-task-${accountId}-${normalizeEmail(email)}`,
  guardAlert: (email: string, accountId: string): string =>
    `s4-provisioning-refused-${accountId}-${normalizeEmail(email)}`,
};
