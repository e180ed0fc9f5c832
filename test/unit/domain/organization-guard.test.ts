import {
  assertOrgCompatible,
  OrganizationGuardViolation,
  type OrganizationAssignment,
} from '../../../domain/organization-guard';
import type { Program } from '../../../domain/programs';

const assignment = (
  subject: Program,
  organization: Program,
  accounts: [string?, string?] = [],
): OrganizationAssignment => ({
  subject: { kind: 'user', id: 1, program: subject, accountId: accounts[0] },
  organization: { id: 10, name: 'Org', program: organization, accountId: accounts[1] },
});

describe('S4 organization guard', () => {
  test.each<[Program, Program]>([
    ['customer', 'select'],
    ['customer', 'alliance'],
    ['select', 'customer'],
    ['alliance', 'customer'],
  ])('refuses a %s into a %s organization', (subject, organization) => {
    expect(() => assertOrgCompatible(assignment(subject, organization))).toThrow(OrganizationGuardViolation);
  });

  test("refuses a partner's representative into another partner's organization", () => {
    expect(() => assertOrgCompatible(assignment('select', 'select', ['001A', '001B']))).toThrow(
      /another partner/,
    );
  });

  test.each<[Program, Program]>([
    ['customer', 'customer'],
    ['select', 'select'],
    ['alliance', 'alliance'],
  ])('allows a %s into a %s organization', (subject, organization) => {
    expect(() => assertOrgCompatible(assignment(subject, organization, ['001A', '001A']))).not.toThrow();
  });
});
