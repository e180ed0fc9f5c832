import { planIntake, triageNote, type IntakeFacts } from '../../../domain/intake';
import type { PartnerAccount } from '../../../domain/programs';
import { loadConfig } from '../../../config';

const contract = loadConfig({}).zendesk;
const SELECT_FORM = contract.forms.select;
const ALLIANCE_FORM = contract.forms.alliance;
const GENERAL_FORM = 360000000001;

const account = (over: Partial<PartnerAccount>): PartnerAccount => ({
  id: '001000000000001AAA',
  name: 'Acme Consulting',
  type: 'Partner',
  partnerProgram: 'Select',
  supportLevel: 'Standard',
  nfrSupportLevel: 'Standard',
  s3Bucket: null,
  s3Prefix: null,
  owner: { id: '005000000000001AAA', name: 'Olivia Owner', email: 'olivia.owner@gitlab.example' },
  ...over,
});
const acme = account({});
const globex = account({
  id: '001000000000003AAA',
  name: 'Globex Cloud',
  partnerProgram: 'Alliance',
  supportLevel: 'Priority',
});
const umbrella = account({
  id: '001000000000005AAA',
  name: 'Umbrella Corp',
  type: 'Customer',
  partnerProgram: null,
  supportLevel: 'Priority',
});

function selectFacts(
  over: { ticket?: Partial<IntakeFacts['ticket']> } & Partial<Omit<IntakeFacts, 'ticket'>> = {},
): IntakeFacts {
  return {
    requester: {
      id: 2001,
      email: 'alice@acme-consulting.example',
      name: 'Alice Acme',
      createdAt: '2026-01-01T00:00:00Z',
    },
    organization: {
      id: 1001,
      name: 'Acme Consulting',
      externalId: acme.id,
      partnerProgram: 'select',
      notes: '',
    },
    organizationAccount: acme,
    contact: { contactId: '003000000000001AAA', accountId: acme.id, portalUser: true },
    contactAccount: acme,
    ...over,
    ticket: {
      id: 500,
      formId: SELECT_FORM,
      groupId: contract.groups.select,
      organizationId: 1001,
      createdAt: '2026-11-23T09:00:00Z',
      impact: 'medium',
      partnerSituation: 'customer_issue',
      nfrSoftware: false,
      ...over.ticket,
    },
  };
}

function allianceFacts(
  over: { ticket?: Partial<IntakeFacts['ticket']> } & Partial<Omit<IntakeFacts, 'ticket'>> = {},
): IntakeFacts {
  return selectFacts({
    requester: {
      id: 2003,
      email: 'carol@globex.example',
      name: 'Carol Globex',
      createdAt: '2026-01-01T00:00:00Z',
    },
    organization: {
      id: 1003,
      name: 'Globex Cloud',
      externalId: globex.id,
      partnerProgram: 'alliance',
      notes: 'Ask for the Helm chart version.',
    },
    organizationAccount: globex,
    contact: { contactId: '003000000000003AAA', accountId: globex.id, portalUser: true },
    contactAccount: globex,
    ...over,
    ticket: {
      formId: ALLIANCE_FORM,
      groupId: contract.groups.alliance,
      partnerSituation: null,
      ...over.ticket,
    },
  });
}

const rules = (facts: IntakeFacts): string[] => planIntake(facts, contract).decisions.map((d) => d.rule);

describe('intake rules', () => {
  test('S1: a Select partner on another form is re-routed to the Select form and group, tagged and noted', () => {
    const plan = planIntake(
      selectFacts({ ticket: { formId: GENERAL_FORM, groupId: contract.groups.standard } }),
      contract,
    );
    expect(plan.routing).toMatchObject({ formId: SELECT_FORM, groupId: contract.groups.select, rule: 'S1' });
    expect(plan.tags).toContain('s1_form_rerouted');
    expect(rules(selectFacts({ ticket: { formId: GENERAL_FORM } }))).toContain('S1');
    expect(planIntake(selectFacts(), contract).routing).toBeNull();
  });

  test('A2: an Alliance partner on another form is re-routed to the Alliance form', () => {
    const plan = planIntake(
      allianceFacts({ ticket: { formId: SELECT_FORM, groupId: contract.groups.select } }),
      contract,
    );
    expect(plan.routing).toMatchObject({
      formId: ALLIANCE_FORM,
      groupId: contract.groups.alliance,
      rule: 'A2',
    });
    expect(plan.tags).toContain('a2_form_rerouted');
  });

  test("S1/S3: a customer on a partner form goes to standard support, under the customer's own subscription", () => {
    const plan = planIntake(
      selectFacts({
        requester: {
          id: 2006,
          email: 'frank@umbrella.example',
          name: 'Frank',
          createdAt: '2026-01-01T00:00:00Z',
        },
        organization: {
          id: 1005,
          name: 'Umbrella Corp',
          externalId: umbrella.id,
          partnerProgram: null,
          notes: '',
        },
        organizationAccount: umbrella,
        contact: { contactId: '003000000000006AAA', accountId: umbrella.id, portalUser: true },
        contactAccount: umbrella,
      }),
      contract,
    );
    expect(plan.program).toBe('customer');
    expect(plan.routing).toMatchObject({
      groupId: contract.groups.standard,
      rule: 'S1',
      tag: 'customer_on_partner_form',
    });
    expect(plan.supportLevel).toBe('priority'); // Umbrella bought Priority
    expect(plan.contactStatus).toBe('not_applicable');
  });

  test("S3: a customer filed inside a partner's organization is named as the partner's customer", () => {
    const facts = selectFacts({
      organization: {
        id: 1001,
        name: 'Acme Consulting',
        externalId: null,
        partnerProgram: 'select',
        notes: '',
      },
      organizationAccount: null,
    });
    // Without the organization's account the field decides the program: still Select.
    expect(planIntake(facts, contract).program).toBe('select');
    const customerInPartnerOrg = selectFacts({
      organization: { id: 1099, name: 'Unlinked', externalId: null, partnerProgram: 'select', notes: '' },
      organizationAccount: umbrella,
      contactAccount: umbrella,
    });
    expect(rules(customerInPartnerOrg)).toContain('S3');
  });

  test('S2: a requester without a Contact is flagged and kept on Standard until verified', () => {
    const plan = planIntake(selectFacts({ contact: null, contactAccount: null }), contract);
    expect(plan.contactStatus).toBe('missing');
    expect(plan.tags).toContain('s2_contact_unverified');
    expect(plan.supportLevel).toBe('standard');
    expect(plan.decisions.find((d) => d.rule === 'S6(a)')?.summary).toMatch(/until the contact is verified/);
  });

  test('S2: a Contact on another account is flagged as wrong account', () => {
    const plan = planIntake(
      selectFacts({
        contact: { contactId: 'c', accountId: umbrella.id, portalUser: true },
        contactAccount: umbrella,
      }),
      contract,
    );
    expect(plan.contactStatus).toBe('wrong_account');
    expect(plan.decisions.find((d) => d.rule === 'S2')?.summary).toMatch(/another account \(Umbrella Corp\)/);
  });

  test("S6(a): a partner raising a customer's concern gets Priority regardless of the customer's plan", () => {
    const plan = planIntake(selectFacts({ ticket: { partnerSituation: 'customer_issue' } }), contract);
    expect(plan.supportLevel).toBe('priority');
    expect(plan.entitlement.rule).toBe('S6(a)');
  });

  test("S6(b): commercial work is supported per the partner's own subscription", () => {
    expect(
      planIntake(selectFacts({ ticket: { partnerSituation: 'partner_commercial' } }), contract).supportLevel,
    ).toBe('standard');
    const priorityPartner = selectFacts({
      ticket: { partnerSituation: 'partner_commercial' },
      organizationAccount: { ...acme, supportLevel: 'Priority' },
      contactAccount: { ...acme, supportLevel: 'Priority' },
    });
    expect(planIntake(priorityPartner, contract)).toMatchObject({
      supportLevel: 'priority',
      entitlement: { rule: 'S6(b)' },
    });
  });

  test("S6(c): internal training/testing is supported per the partner's NFR licence", () => {
    const nfrPriority = { ...acme, nfrSupportLevel: 'Priority', supportLevel: 'Standard' };
    const plan = planIntake(
      selectFacts({
        ticket: { partnerSituation: 'partner_internal' },
        organizationAccount: nfrPriority,
        contactAccount: nfrPriority,
      }),
      contract,
    );
    expect(plan).toMatchObject({ supportLevel: 'priority', entitlement: { rule: 'S6(c)' } });
  });

  test('S6: an unknown situation asks the partner and starts no clock', () => {
    const plan = planIntake(selectFacts({ ticket: { partnerSituation: null } }), contract);
    expect(plan.entitlement.kind).toBe('ask_situation');
    expect(plan.supportLevel).toBeNull();
    expect(plan.tags).toContain('s6_situation_requested');
  });

  test('A1: an Alliance representative without a portal account before the ticket is flagged', () => {
    const unprovisioned = allianceFacts({
      contact: { contactId: 'd', accountId: globex.id, portalUser: false },
    });
    expect(planIntake(unprovisioned, contract).unprovisionedRepresentative).toBe(true);
    const createdWithTicket = allianceFacts({
      requester: { id: 2010, email: 'new@globex.example', name: 'New', createdAt: '2026-11-23T09:00:00Z' },
    });
    expect(planIntake(createdWithTicket, contract).tags).toContain('a1_unprovisioned');
    expect(planIntake(allianceFacts(), contract).unprovisionedRepresentative).toBe(false);
  });

  test("A3: the Alliance organization's notes are surfaced", () => {
    const plan = planIntake(allianceFacts(), contract);
    expect(plan.organizationNotes).toBe('Ask for the Helm chart version.');
    expect(plan.decisions.map((d) => d.rule)).toContain('A3');
  });

  test('A4: Alliance NFR software gets the policy answer and no clock', () => {
    const plan = planIntake(allianceFacts({ ticket: { nfrSoftware: true } }), contract);
    expect(plan.entitlement.kind).toBe('no_support_nfr');
    expect(plan.supportLevel).toBeNull();
    expect(plan.tags).toContain('a4_nfr_no_support');
    // NFR is an Alliance rule: a Select partner's NFR ticket is S6(c).
    expect(
      planIntake(
        selectFacts({ ticket: { nfrSoftware: true, partnerSituation: 'partner_internal' } }),
        contract,
      ).entitlement.rule,
    ).toBe('S6(c)');
  });

  test('the triage note names every rule applied', () => {
    const plan = planIntake(selectFacts({ ticket: { formId: GENERAL_FORM } }), contract);
    const note = triageNote(plan.decisions);
    expect(note).toContain("S6(a): Priority support — the partner raises a customer's concern");
    expect(note).toContain('S1: Select Partner ticket submitted on form 360000000001');
  });
});
