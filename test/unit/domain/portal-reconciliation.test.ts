import {
  driftDigest,
  planContactsPage,
  planMembersPage,
  planReconciliation,
  shouldContinueAsNew,
  type DriftFinding,
  type PartnerPortalSnapshot,
} from '../../../domain/portal-reconciliation';

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

describe('A1 reconciliation, page by page', () => {
  test("a Contacts page only provisions: members without a portal Contact are the members' pages' to find", () => {
    const s = snapshot({
      contacts: [
        { email: 'new@i.example', portalUser: true },
        { email: 'in@i.example', portalUser: true },
      ],
      members: [
        { userId: 1, email: 'in@i.example' },
        { userId: 2, email: 'stray@i.example' },
      ],
    });
    expect(planContactsPage([s])).toEqual([
      { kind: 'provision', email: 'new@i.example', accountId: '001I', requestedBy: 'owner@gitlab.example' },
    ]);
  });

  test('a members page deprovisions and reports S4 drift, never provisions', () => {
    const { ownerEmail: _owner, ...s } = snapshot({
      contacts: [
        { email: 'portal@i.example', portalUser: true },
        { email: 'cleared@i.example', portalUser: false },
        { email: 'absent@i.example', portalUser: true },
      ],
      members: [
        { userId: 1, email: 'portal@i.example' },
        { userId: 2, email: 'cleared@i.example' },
        { userId: 3, email: 'buyer@c.example' },
      ],
    });
    const actions = planMembersPage(s, (email) => (email === 'buyer@c.example' ? 'customer' : null));
    expect(actions.map((a) => [a.kind, a.email])).toEqual([
      ['s4_drift', 'buyer@c.example'],
      ['deprovision', 'cleared@i.example'],
    ]);
  });

  test('the digest lists the findings, at most `limit` lines', () => {
    const drift: DriftFinding[] = ['a', 'b', 'c'].map((x) => ({
      kind: 's4_drift',
      email: `${x}@c.example`,
      accountId: '001I',
      organizationId: 1004,
      detail: `${x} is elsewhere`,
    }));
    expect(driftDigest(drift, 2)).toBe(
      'S4 drift found by partner-accounts-reconcile (3):\n• a is elsewhere\n• b is elsewhere\n… and 1 more',
    );
  });

  test('continue-as-new after the pages of a run, or when Temporal suggests it, never before a page', () => {
    expect(shouldContinueAsNew(0, 5, true)).toBe(false);
    expect(shouldContinueAsNew(4, 5, false)).toBe(false);
    expect(shouldContinueAsNew(5, 5, false)).toBe(true);
    expect(shouldContinueAsNew(1, 5, true)).toBe(true);
  });
});
