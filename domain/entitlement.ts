import type { PartnerAccount, Program } from './programs';
import type { SupportLevel } from './sla/policy';

export const partnerSituations = ['customer_issue', 'partner_commercial', 'partner_internal'] as const;
export type PartnerSituation = (typeof partnerSituations)[number];

export type Entitlement =
  | { kind: 'level'; level: SupportLevel; rule: string; reason: string }
  | { kind: 'ask_situation'; rule: 'S6'; reason: string }
  | { kind: 'no_support_nfr'; rule: 'A4'; reason: string };

export interface EntitlementFacts {
  program: Program;
  situation: PartnerSituation | null;
  nfrSoftware: boolean;
  /** The partner's account (Select/Alliance) or the customer's own account. */
  account: PartnerAccount | null;
}

function levelOf(subscription: string | null | undefined): SupportLevel | null {
  const value = (subscription ?? '').trim().toLowerCase();
  if (value === 'priority' || value === 'ultimate') return 'priority';
  if (value === 'standard' || value === 'premium') return 'standard';
  return null;
}

function subscriptionLevel(subscription: string | null | undefined, rule: string, what: string): Entitlement {
  const level = levelOf(subscription);
  if (level) return { kind: 'level', level, rule, reason: `${what}: ${subscription}` };
  return { kind: 'level', level: 'standard', rule, reason: `${what}: none on record, Standard support` };
}

/** S6 (Select), A4 (Alliance NFR) and the plain subscription rule for everyone else. */
export function resolveEntitlement(facts: EntitlementFacts): Entitlement {
  const { program, situation, account } = facts;
  if (program === 'alliance' && facts.nfrSoftware) {
    return {
      kind: 'no_support_nfr',
      rule: 'A4',
      reason: 'GitLab provides no support for NFR software issued to Alliance Partners',
    };
  }
  if (program === 'select') {
    switch (situation) {
      case 'customer_issue':
        return {
          kind: 'level',
          level: 'priority',
          rule: 'S6(a)',
          reason:
            "Priority support — the partner raises a customer's concern, regardless of the customer's subscription",
        };
      case 'partner_commercial':
        return subscriptionLevel(
          account?.supportLevel,
          'S6(b)',
          "Commercial work — the partner's own subscription",
        );
      case 'partner_internal':
        return subscriptionLevel(
          account?.nfrSupportLevel,
          'S6(c)',
          "Internal training/testing — the partner's NFR licence",
        );
      default:
        return {
          kind: 'ask_situation',
          rule: 'S6',
          reason: 'The situation under which the ticket is raised is unknown: ask the partner',
        };
    }
  }
  if (program === 'alliance')
    return subscriptionLevel(account?.supportLevel, 'Subscription', "The Alliance Partner's subscription");
  return subscriptionLevel(account?.supportLevel, 'Subscription', "The customer's own subscription");
}
