import { isPartner, programLabel, type Program } from './programs';

/**
 * S4: never associate a customer with a partner's organization, or a partner with a customer's
 * (nor a partner's representative with another partner's organization). Every write that sets a
 * user's or ticket's organization calls this first; a violation changes nothing.
 */
export interface OrganizationAssignment {
  subject: { kind: 'user' | 'ticket'; id: number; program: Program; accountId?: string | null };
  organization: { id: number; name: string; program: Program; accountId?: string | null };
}

export class OrganizationGuardViolation extends Error {
  constructor(
    message: string,
    readonly assignment: OrganizationAssignment,
  ) {
    super(message);
    this.name = 'OrganizationGuardViolation';
  }
}

export function assertOrgCompatible(assignment: OrganizationAssignment): void {
  const { subject, organization } = assignment;
  const what = `${subject.kind} ${subject.id} (${programLabel[subject.program]})`;
  const where = `organization ${organization.id} "${organization.name}" (${programLabel[organization.program]})`;
  if (!isPartner(subject.program) && isPartner(organization.program)) {
    throw new OrganizationGuardViolation(
      `S4: refused to associate customer ${what} with partner ${where}`,
      assignment,
    );
  }
  if (isPartner(subject.program) && !isPartner(organization.program)) {
    throw new OrganizationGuardViolation(
      `S4: refused to associate partner ${what} with customer ${where}`,
      assignment,
    );
  }
  if (
    isPartner(subject.program) &&
    subject.accountId &&
    organization.accountId &&
    subject.accountId !== organization.accountId
  ) {
    throw new OrganizationGuardViolation(
      `S4: refused to associate ${what} with another partner's ${where}`,
      assignment,
    );
  }
}
