import { isPartner, type Program } from './programs';

/**
 * The reconciliation of A1 (Schedule `partner-accounts-reconcile`) as a pure rule: Salesforce
 * says who should have a portal account (a Contact on a partner account with
 * `Support_Portal_User__c = true`), Zendesk says who is in the partner's organization. Whoever
 * differs is provisioned, deprovisioned, or, when the member is someone else's person (S4 drift),
 * reported to the support managers for a person to decide.
 */
export interface PartnerPortalSnapshot {
  accountId: string;
  accountName: string;
  /** Who asks for the provisionings the reconciliation starts: the account owner. */
  ownerEmail: string | null;
  organizationId: number | null;
  /** The account's Contacts (emails lower-cased). */
  contacts: Array<{ email: string; portalUser: boolean }>;
  /** End users in the account's Zendesk organization (emails lower-cased). */
  members: Array<{ userId: number; email: string }>;
}

export type ReconcileAction =
  | { kind: 'provision'; email: string; accountId: string; requestedBy: string }
  | { kind: 'deprovision'; email: string; accountId: string }
  | { kind: 's4_drift'; email: string; accountId: string; organizationId: number; detail: string };

/**
 * `elsewhere(email)` is the program of the account the email's Contact is on when that is not this
 * account (null when there is no Contact elsewhere).
 */
export function planReconciliation(
  snapshot: PartnerPortalSnapshot,
  elsewhere: (email: string) => Program | null,
): ReconcileAction[] {
  const actions: ReconcileAction[] = [];
  const portal = new Set(snapshot.contacts.filter((c) => c.portalUser).map((c) => c.email));
  const onAccount = new Set(snapshot.contacts.map((c) => c.email));
  const members = new Set(snapshot.members.map((m) => m.email));
  if (snapshot.ownerEmail) {
    for (const email of [...portal].sort()) {
      if (!members.has(email)) {
        actions.push({
          kind: 'provision',
          email,
          accountId: snapshot.accountId,
          requestedBy: snapshot.ownerEmail,
        });
      }
    }
  }
  for (const { email } of [...snapshot.members].sort((a, b) => a.email.localeCompare(b.email))) {
    if (portal.has(email)) continue;
    const other = onAccount.has(email) ? null : elsewhere(email);
    if (other !== null && snapshot.organizationId !== null) {
      actions.push({
        kind: 's4_drift',
        email,
        accountId: snapshot.accountId,
        organizationId: snapshot.organizationId,
        detail: `${email} is in ${snapshot.accountName}'s organization but is a Contact of ${isPartner(other) ? 'another partner' : 'a customer'}`,
      });
    } else {
      actions.push({ kind: 'deprovision', email, accountId: snapshot.accountId });
    }
  }
  return actions;
}

/** A partner organization the reconciliation pages through (its account's name for the digest). */
export interface PartnerOrganizationRef {
  organizationId: number;
  accountId: string;
  accountName: string;
}

/** S4 drift found, carried across continue-as-new until the one digest at the end of the run. */
export type DriftFinding = Extract<ReconcileAction, { kind: 's4_drift' }>;

/**
 * One page of partner Contacts (Salesforce): each account's part of the page, with the Zendesk
 * members found among those Contacts. Only provisions come out of it: members without a portal
 * Contact are found while paging through the organizations (planMembersPage).
 */
export function planContactsPage(snapshots: PartnerPortalSnapshot[]): ReconcileAction[] {
  return snapshots.flatMap((s) => planReconciliation(s, () => null).filter((a) => a.kind === 'provision'));
}

/**
 * One page of an organization's members (Zendesk) against the Contacts with those emails: members
 * without a portal Contact on the account are deprovisioned, someone else's people are S4 drift.
 * Nobody is provisioned here (no owner asks): the Contacts' pages did that.
 */
export function planMembersPage(
  snapshot: Omit<PartnerPortalSnapshot, 'ownerEmail'>,
  elsewhere: (email: string) => Program | null,
): ReconcileAction[] {
  return planReconciliation({ ...snapshot, ownerEmail: null }, elsewhere);
}

/** The S4 digest's text: every finding up to `limit` lines (Slack messages have a size limit). */
export function driftDigest(drift: DriftFinding[], limit = 50): string {
  const lines = drift.slice(0, limit).map((d) => `• ${d.detail}`);
  if (drift.length > limit) lines.push(`… and ${drift.length - limit} more`);
  return `S4 drift found by partner-accounts-reconcile (${drift.length}):\n${lines.join('\n')}`;
}

/**
 * Continue-as-new between pages: after `pagesPerRun` pages, or sooner when Temporal suggests it
 * (history size), so that a reconciliation of any size keeps each run's history small.
 */
export const shouldContinueAsNew = (pagesThisRun: number, pagesPerRun: number, suggested: boolean): boolean =>
  pagesThisRun > 0 && (suggested || pagesThisRun >= pagesPerRun);
