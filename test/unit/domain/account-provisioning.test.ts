import {
  accountProvisioningWorkflowId,
  accountRefusal,
  isValidEmail,
  normalizeEmail,
  personProgram,
  planContact,
  provisioningKeys,
  requesterRefusal,
} from '../../../domain/account-provisioning';
import { planDeprovisioning } from '../../../domain/account-deprovisioning';
import type { PartnerAccount } from '../../../domain/programs';

const account = (id: string, type: string, partnerProgram: 'Select' | 'Alliance' | null): PartnerAccount => ({
  id,
  name: `Account ${id}`,
  type,
  partnerProgram,
  supportLevel: null,
  nfrSupportLevel: null,
  s3Bucket: null,
  s3Prefix: null,
  owner: null,
});
const hooli = account('001H', 'Partner', 'Alliance');
const acme = account('001A', 'Partner', 'Select');
const umbrella = account('001U', 'Customer', null);

describe('A1: email syntax', () => {
  test.each(['judy@hooli.example', 'first.last+tag@sub.example.co', "o'brien@example.org"])(
    'accepts %s',
    (email) => {
      expect(isValidEmail(email)).toBe(true);
    },
  );
  test.each([
    '',
    'judy',
    'judy@',
    '@hooli.example',
    'judy@hooli',
    'judy at hooli.example',
    'judy@@hooli.example',
    'ju..dy@hooli.example',
    '.judy@hooli.example',
    'judy@-hooli.example',
    `${'a'.repeat(65)}@hooli.example`,
    `judy@${'a'.repeat(250)}.example`,
  ])('refuses %j', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });
  test('workflow IDs and keys use the trimmed, lower-cased email', () => {
    expect(normalizeEmail('  Judy@Hooli.Example ')).toBe('judy@hooli.example');
    expect(accountProvisioningWorkflowId('Judy@Hooli.example')).toBe(
      'account-provisioning-judy@hooli.example',
    );
    expect(provisioningKeys.ownerTask('JUDY@hooli.example', '001H')).toBe(
      provisioningKeys.ownerTask('judy@hooli.example', '001H'),
    );
  });
});

describe('A1: who may request', () => {
  test.each(['CSM', 'AE', 'Sales'])('an active %s may', (role) => {
    expect(
      requesterRefusal('x@gitlab.example', { email: 'x@gitlab.example', isActive: true, role }),
    ).toBeNull();
  });
  test('nobody unknown, inactive, or in another role', () => {
    expect(requesterRefusal('x@g.example', null)?.code).toBe('requester_unknown');
    expect(requesterRefusal('x@g.example', { email: 'x@g.example', isActive: false, role: 'AE' })?.code).toBe(
      'requester_inactive',
    );
    expect(requesterRefusal('x@g.example', { email: 'x@g.example', isActive: true, role: null })?.code).toBe(
      'requester_not_authorized',
    );
    expect(
      requesterRefusal('x@g.example', { email: 'x@g.example', isActive: true, role: 'Support Engineer' })
        ?.code,
    ).toBe('requester_not_authorized');
  });
});

describe('A1: which account, which contact', () => {
  test('only Select and Alliance partner accounts', () => {
    expect(accountRefusal('001H', hooli)).toBeNull();
    expect(accountRefusal('001A', acme)).toBeNull();
    expect(accountRefusal('001U', umbrella)?.code).toBe('account_not_partner');
    expect(accountRefusal('001P', account('001P', 'Partner', null))?.code).toBe('account_not_partner');
    expect(accountRefusal('001X', null)?.code).toBe('account_not_found');
  });

  test('a Contact on the account; none (created only when asked); on another account (S4 decides)', () => {
    expect(planContact('j@h.example', hooli, { id: '003J', accountId: '001H' }, false)).toEqual({
      kind: 'on_account',
      contactId: '003J',
    });
    expect(planContact('j@h.example', hooli, null, true)).toEqual({ kind: 'create' });
    expect(planContact('j@h.example', hooli, { id: '003P', accountId: '' }, true)).toEqual({
      kind: 'create',
    });
    expect(planContact('j@h.example', hooli, null, false)).toMatchObject({
      kind: 'refuse',
      refusal: { code: 'contact_not_found' },
    });
    expect(planContact('f@u.example', hooli, { id: '003F', accountId: '001U' }, true)).toEqual({
      kind: 'other_account',
      contactId: '003F',
      accountId: '001U',
    });
  });

  test("the person's program for S4 is the program of the account their Contact is on", () => {
    const other = planContact('f@u.example', hooli, { id: '003F', accountId: '001U' }, false);
    expect(personProgram(other, hooli, umbrella)).toEqual({ program: 'customer', accountId: '001U' });
    expect(personProgram({ kind: 'create' }, hooli, null)).toEqual({
      program: 'alliance',
      accountId: '001H',
    });
  });
});

describe('A1 deprovisioning', () => {
  const partnerOrg = { id: 1004, name: 'Initech', externalId: '001I', partnerProgram: 'alliance' };
  const user = { id: 7, organizationId: 1004 };

  test('a representative whose Contact left the account, or whose portal access was revoked, leaves the organization', () => {
    expect(
      planDeprovisioning('d@i.example', { user, organization: partnerOrg, contactOnAccount: null }),
    ).toEqual({
      kind: 'deprovision',
      userId: 7,
      organizationId: 1004,
      accountId: '001I',
      contactId: null,
    });
    expect(
      planDeprovisioning('d@i.example', {
        user,
        organization: partnerOrg,
        contactOnAccount: { id: '003D', portalUser: false },
      }),
    ).toMatchObject({ kind: 'deprovision', contactId: '003D' });
  });

  test('an active portal Contact is refused; no user, no organization or a customer organization is nothing to do', () => {
    expect(
      planDeprovisioning('d@i.example', {
        user,
        organization: partnerOrg,
        contactOnAccount: { id: '003D', portalUser: true },
      }).kind,
    ).toBe('refuse');
    expect(
      planDeprovisioning('d@i.example', { user: null, organization: null, contactOnAccount: null }).kind,
    ).toBe('nothing');
    expect(
      planDeprovisioning('d@i.example', {
        user: { id: 7, organizationId: null },
        organization: null,
        contactOnAccount: null,
      }).kind,
    ).toBe('nothing');
    expect(
      planDeprovisioning('d@i.example', {
        user,
        organization: { ...partnerOrg, partnerProgram: null },
        contactOnAccount: null,
      }).kind,
    ).toBe('nothing');
  });
});
