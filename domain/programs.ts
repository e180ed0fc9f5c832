/** Who raised the ticket, as the partner programs see it. */
export type Program = 'select' | 'alliance' | 'customer';
export const partnerPrograms: readonly Program[] = ['select', 'alliance'];

export const isPartner = (program: Program): boolean => program === 'select' || program === 'alliance';

/** A Salesforce Account, per the data contract (DESIGN.md). */
export interface PartnerAccount {
  id: string;
  name: string;
  type: 'Customer' | 'Partner' | string;
  partnerProgram: 'Select' | 'Alliance' | null;
  /** The subscription the account bought: `Priority` | `Standard` | null. */
  supportLevel: string | null;
  nfrSupportLevel: string | null;
  s3Bucket: string | null;
  s3Prefix: string | null;
  owner: { id: string; name: string; email: string } | null;
}

export function programOfAccount(account: Pick<PartnerAccount, 'type' | 'partnerProgram'>): Program {
  if (account.type === 'Partner' && account.partnerProgram === 'Select') return 'select';
  if (account.type === 'Partner' && account.partnerProgram === 'Alliance') return 'alliance';
  return 'customer';
}

/** The program a Zendesk organization carries in `organization_fields.partner_program`. */
export function programOfOrganizationField(value: string | null | undefined): Program {
  const normalised = (value ?? '').trim().toLowerCase();
  if (normalised === 'select') return 'select';
  if (normalised === 'alliance') return 'alliance';
  return 'customer';
}

/** Display names, for search attributes and notes. */
export const programLabel = {
  select: 'Select',
  alliance: 'Alliance',
  customer: 'Customer',
} as const satisfies Record<Program, string>;
