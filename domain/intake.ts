import { resolveEntitlement, type Entitlement, type PartnerSituation } from './entitlement';
import {
  isPartner,
  programLabel,
  programOfAccount,
  programOfOrganizationField,
  type PartnerAccount,
  type Program,
} from './programs';
import { planRouting, type RoutingChange, type ZendeskRoutingContract } from './routing';
import type { Impact, SupportLevel } from './sla/policy';

/** What intake has learned about a ticket from Zendesk and Salesforce. */
export interface IntakeFacts {
  ticket: {
    id: number;
    formId: number | null;
    groupId: number | null;
    organizationId: number | null;
    createdAt: string;
    impact: Impact | null;
    partnerSituation: PartnerSituation | null;
    nfrSoftware: boolean;
  };
  requester: { id: number; email: string; name: string; createdAt: string };
  organization: {
    id: number;
    name: string;
    externalId: string | null;
    partnerProgram: string | null;
    notes: string;
  } | null;
  /** The Salesforce Account of the Zendesk organization (its external_id). */
  organizationAccount: PartnerAccount | null;
  /** The requester's Salesforce Contact, found by email. */
  contact: { contactId: string; accountId: string; portalUser: boolean } | null;
  contactAccount: PartnerAccount | null;
}

export type ContactStatus = 'verified' | 'missing' | 'wrong_account' | 'not_applicable';

export interface IntakeDecision {
  rule: string;
  summary: string;
}

export interface IntakePlan {
  program: Program;
  /** The Salesforce Account whose entitlement applies (the partner's, or the customer's own). */
  account: PartnerAccount | null;
  contactStatus: ContactStatus;
  entitlement: Entitlement;
  /** The level the SLA clocks run on; null when no clock runs (A4, or waiting on S6). */
  supportLevel: SupportLevel | null;
  impact: Impact;
  routing: RoutingChange | null;
  unprovisionedRepresentative: boolean;
  organizationNotes: string | null;
  tags: string[];
  decisions: IntakeDecision[];
}

/** The program the requester acts for: their partner organization's, else their Contact's account's. */
function requesterProgram(facts: IntakeFacts): { program: Program; account: PartnerAccount | null } {
  const org = facts.organization;
  const orgProgram = facts.organizationAccount
    ? programOfAccount(facts.organizationAccount)
    : programOfOrganizationField(org?.partnerProgram);
  if (isPartner(orgProgram)) return { program: orgProgram, account: facts.organizationAccount };
  if (facts.contactAccount && isPartner(programOfAccount(facts.contactAccount))) {
    return { program: programOfAccount(facts.contactAccount), account: facts.contactAccount };
  }
  return { program: 'customer', account: facts.contactAccount ?? facts.organizationAccount };
}

/** S2: how often an unverified contact is re-checked without being asked. */
export const CONTACT_RECHECK_MS = 4 * 3_600_000;

/** S2: the requester must be a Contact on the partner's own Account. */
export function contactStatusOf(
  program: Program,
  account: PartnerAccount | null,
  contact: IntakeFacts['contact'],
): ContactStatus {
  if (!isPartner(program)) return 'not_applicable';
  if (!contact) return 'missing';
  return account && contact.accountId === account.id ? 'verified' : 'wrong_account';
}

/**
 * Intake as a pure decision: program, S2 verification, routing (S1/A2), entitlement (S6, A4),
 * A1 provisioning, A3 notes; each decision with the rule behind it, for the triage note.
 */
export function planIntake(facts: IntakeFacts, contract: ZendeskRoutingContract): IntakePlan {
  const decisions: IntakeDecision[] = [];
  const tags: string[] = [];
  const { program, account } = requesterProgram(facts);
  const label = programLabel[program];

  decisions.push({
    rule: 'Program',
    summary: isPartner(program)
      ? `${label} Partner: ${account?.name ?? facts.organization?.name ?? 'unknown account'}`
      : 'Customer (not a partner representative)',
  });
  if (isPartner(program)) tags.push(program === 'select' ? 'select_partner' : 'alliance_partner');

  const contactStatus = contactStatusOf(program, account, facts.contact);
  if (contactStatus === 'verified') {
    decisions.push({
      rule: 'S2',
      summary: `Requester ${facts.requester.email} is a Contact on ${account?.name}`,
    });
  } else if (contactStatus === 'missing') {
    tags.push('s2_contact_unverified');
    decisions.push({
      rule: 'S2',
      summary: `Requester ${facts.requester.email} has no Salesforce Contact: flagged, account owner notified, re-checking until verified`,
    });
  } else if (contactStatus === 'wrong_account') {
    tags.push('s2_contact_unverified');
    decisions.push({
      rule: 'S2',
      summary: `Requester ${facts.requester.email} is a Contact on another account (${facts.contactAccount?.name ?? facts.contact?.accountId}), not ${account?.name}: flagged, account owner notified, re-checking until verified`,
    });
  }

  if (
    program === 'customer' &&
    facts.organization &&
    isPartner(programOfOrganizationField(facts.organization.partnerProgram))
  ) {
    decisions.push({ rule: 'S3', summary: "Support works with the partner, not the partner's customer" });
  }

  const routing = planRouting(
    { program, formId: facts.ticket.formId, groupId: facts.ticket.groupId },
    contract,
  );
  if (routing) {
    tags.push(routing.tag);
    decisions.push({ rule: routing.rule, summary: routing.reason });
  }

  const unprovisionedRepresentative =
    program === 'alliance' &&
    (facts.contact?.portalUser === false ||
      Date.parse(facts.requester.createdAt) >= Date.parse(facts.ticket.createdAt));
  if (unprovisionedRepresentative) {
    tags.push('a1_unprovisioned');
    decisions.push({
      rule: 'A1',
      summary: `${facts.requester.email} had no support portal account before this ticket: flagged for provisioning by the CSM/AE`,
    });
  }

  const notes = facts.organization?.notes?.trim() ? facts.organization.notes.trim() : null;
  if (notes && isPartner(program)) {
    decisions.push({ rule: 'A3', summary: 'Organization notes surfaced to the agent (internal note)' });
  }

  const entitlement = resolveEntitlement({
    program,
    situation: facts.ticket.partnerSituation,
    nfrSoftware: facts.ticket.nfrSoftware,
    account,
  });
  let supportLevel: SupportLevel | null = null;
  if (entitlement.kind === 'level') {
    // S2: an unverified requester gets Standard until verified, then is re-classified.
    supportLevel =
      contactStatus === 'missing' || contactStatus === 'wrong_account' ? 'standard' : entitlement.level;
    const provisional = supportLevel !== entitlement.level ? ' (Standard until the contact is verified)' : '';
    decisions.push({ rule: entitlement.rule, summary: `${entitlement.reason}${provisional}` });
  } else if (entitlement.kind === 'ask_situation') {
    tags.push('s6_situation_requested');
    decisions.push({ rule: 'S6', summary: `${entitlement.reason}; no SLA clock until the partner answers` });
  } else {
    tags.push('a4_nfr_no_support');
    decisions.push({
      rule: 'A4',
      summary: `${entitlement.reason}: policy answer sent, ticket solved, no SLA clock`,
    });
  }

  const impact: Impact = facts.ticket.impact ?? 'medium';
  if (supportLevel) {
    decisions.push({
      rule: 'SLA',
      summary: `${supportLevel === 'priority' ? 'Priority' : 'Standard'} support, impact ${impact}${facts.ticket.impact ? '' : ' (not set: medium assumed)'}`,
    });
  }

  return {
    program,
    account,
    contactStatus,
    entitlement,
    supportLevel,
    impact,
    routing,
    unprovisionedRepresentative,
    organizationNotes: notes,
    tags,
    decisions,
  };
}

/** The body of the internal triage note: every decision and the rule behind it. */
export function triageNote(decisions: IntakeDecision[]): string {
  return [
    'Partner Support Orchestrator — triage',
    '',
    ...decisions.map((d) => `• ${d.rule}: ${d.summary}`),
  ].join('\n');
}
