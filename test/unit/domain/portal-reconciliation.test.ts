import { planReconciliation, type PartnerPortalSnapshot } from '../../../domain/portal-reconciliation';

const snapshot = (changes: Partial<PartnerPortalSnapshot>): PartnerPortalSnapshot => ({
  accountId: '001I',
  accountName: 'Initech',
  ownerEmail: 'owner@gitlab.example',
  organizationId: 1004,
  contacts: [],
  members: [],
  ...changes,
});
const nowhere = () => null;

describe('A1 reconciliation (partner-accounts-reconcile)', () => {
  test('in step: nothing to do', () => {
    const s = snapshot({
      contacts: [{ email: 'dan@i.example', portalUser: true }],
      members: [{ userId: 1, email: 'dan@i.example' }],
    });
    expect(planReconciliation(s, nowhere)).toEqual([]);
  });

  test('a portal Contact with no Zendesk user is provisioned, asked by the account owner', () => {
    const s = snapshot({ contacts: [{ email: 'new@i.example', portalUser: true }] });
    expect(planReconciliation(s, nowhere)).toEqual([
      { kind: 'provision', email: 'new@i.example', accountId: '001I', requestedBy: 'owner@gitlab.example' },
    ]);
    expect(planReconciliation({ ...s, ownerEmail: null }, nowhere)).toEqual([]);
  });

  test('a member without a portal Contact is deprovisioned (revoked, or gone from the account)', () => {
    const s = snapshot({
      contacts: [{ email: 'revoked@i.example', portalUser: false }],
      members: [
        { userId: 1, email: 'revoked@i.example' },
        { userId: 2, email: 'gone@i.example' },
      ],
    });
    expect(planReconciliation(s, nowhere).map((a) => [a.kind, a.email])).toEqual([
      ['deprovision', 'gone@i.example'],
      ['deprovision', 'revoked@i.example'],
    ]);
  });

  test("S4 drift: a member who is a customer's (or another partner's) Contact is reported, not moved", () => {
    const s = snapshot({
      members: [
        { userId: 3, email: 'frank@u.example' },
        { userId: 4, email: 'bob@n.example' },
      ],
    });
    const programs: Record<string, 'customer' | 'select'> = {
      'frank@u.example': 'customer',
      'bob@n.example': 'select',
    };
    const actions = planReconciliation(s, (email) => programs[email] ?? null);
    expect(actions).toEqual([
      expect.objectContaining({
        kind: 's4_drift',
        email: 'bob@n.example',
        detail: expect.stringMatching(/another partner/),
      }),
      expect.objectContaining({
        kind: 's4_drift',
        email: 'frank@u.example',
        detail: expect.stringMatching(/a customer/),
      }),
    ]);
  });
});
