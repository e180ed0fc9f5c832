import { loadWorld } from '../../simulators/fixtures/world';
import { recheckContactSignal } from '../../workflows/definitions';
import { recordHistoryIfAsked } from '../support/histories';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';

/**
 * The intake rules of DESIGN.md, one named test each, on the time-skipping server with the real
 * activities against the simulators: each fails if its rule is removed.
 */
const world = loadWorld();
const forms = { select: 360000837100, alliance: 360001172559, general: 360000000001 };
const groups = { select: 3001, alliance: 3002, standard: 3003 };
const users = { alice: 2001, bob: 2002, carol: 2003, dan: 2004, erin: 2005, frank: 2006, mallory: 2009 };
const orgs = { acme: 1001, northwind: 1002, globex: 1003, initech: 1004, umbrella: 1005 };

/** A ticket filed on a partner program's form, in that program's group. */
const onPartnerForm = (
  program: 'select' | 'alliance',
  requesterId: number,
  organizationId: number,
  fields: { impact?: string; partnerSituation?: string; nfrSoftware?: boolean },
) => ({ requesterId, organizationId, formId: forms[program], groupId: groups[program], ...fields });

const triageNoteOf = (comments: Array<{ body: string; public: boolean }>): string =>
  comments.find((c) => !c.public && c.body.includes('triage'))?.body ?? '';

describe('partner ticket intake rules (time-skipping server, simulators)', () => {
  let h: LifecycleHarness;

  beforeAll(async () => {
    h = await startLifecycleHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('S1: a Select partner on another form is re-routed to the Select form and group, tagged and noted', async () => {
    const handle = await h.openTicket({
      requesterId: users.alice,
      organizationId: orgs.acme,
      formId: forms.general,
      groupId: groups.standard,
      impact: 'medium',
      partnerSituation: 'customer_issue',
    });
    const status = await h.until(handle, (s) => s.phase === 'open');
    const ticketId = status.ticketId;
    const ticket = await h.world.ticket(ticketId);
    expect(ticket.ticket_form_id).toBe(forms.select);
    expect(ticket.group_id).toBe(groups.select);
    expect(ticket.tags).toEqual(expect.arrayContaining(['s1_form_rerouted', 'select_partner']));
    const note = triageNoteOf(await h.world.comments(ticketId));
    expect(note).toMatch(/S1: Select Partner ticket submitted on form 360000000001; re-routed/);
    // Nothing delayed: the first-reply clock runs from the ticket's creation.
    expect(status.clocks).toHaveLength(1);
    expect(status.decisions.map((d) => d.rule)).toContain('S1');
    await h.finish(handle);
  });

  test('A2: an Alliance partner on another form is re-routed to the Alliance form and group', async () => {
    const handle = await h.openTicket(onPartnerForm('select', users.carol, orgs.globex, { impact: 'low' }));
    const status = await h.until(handle, (s) => s.phase === 'open');
    const ticket = await h.world.ticket(status.ticketId);
    expect(ticket.ticket_form_id).toBe(forms.alliance);
    expect(ticket.group_id).toBe(groups.alliance);
    expect(ticket.tags).toContain('a2_form_rerouted');
    expect(triageNoteOf(await h.world.comments(status.ticketId))).toMatch(/A2: Alliance Partner ticket/);
    await h.finish(handle);
  });

  test("S1/S4: a customer on a partner form goes to standard support and is never attached to the partner's organization", async () => {
    const handle = await h.openTicket(
      onPartnerForm('select', users.frank, orgs.umbrella, { impact: 'medium' }),
    );
    const status = await h.until(handle, (s) => s.phase === 'open');
    expect(status.program).toBe('customer');
    const ticket = await h.world.ticket(status.ticketId);
    expect(ticket.group_id).toBe(groups.standard);
    expect(ticket.organization_id).toBe(orgs.umbrella);
    expect(ticket.tags).toContain('customer_on_partner_form');
    expect(ticket.tags).not.toContain('select_partner');
    // Umbrella's own subscription applies: Priority.
    expect(status.supportLevel).toBe('priority');
    await h.finish(handle);
  });

  test.each([
    ['customer_issue', 'S6(a)', 'priority'],
    ['partner_commercial', 'S6(b)', 'standard'],
    ['partner_internal', 'S6(c)', 'priority'],
  ])(
    'S6: situation %s → %s, %s support (Northwind bought Standard, its NFR licence is Priority)',
    async (situation, rule, level) => {
      const handle = await h.openTicket(
        onPartnerForm('select', users.bob, orgs.northwind, { impact: 'medium', partnerSituation: situation }),
      );
      const status = await h.until(handle, (s) => s.phase === 'open');
      expect(status.supportLevel).toBe(level);
      expect(status.decisions.map((d) => d.rule)).toContain(rule);
      expect(triageNoteOf(await h.world.comments(status.ticketId))).toContain(`${rule}:`);
      expect(status.clocks[0].target).toBe(level === 'priority' ? '8 h' : '24 h');
      await h.finish(handle);
    },
  );

  test('S6: an unknown situation asks the partner publicly and waits durably, without a clock, until answered', async () => {
    const handle = await h.openTicket(
      onPartnerForm('select', users.bob, orgs.northwind, { impact: 'medium' }),
    );
    const waiting = await h.until(handle, (s) => s.phase === 'awaiting_situation');
    const ticketId = waiting.ticketId;
    const asked = (await h.world.comments(ticketId)).filter((c) => c.public && /situation/.test(c.body));
    expect(asked).toHaveLength(1);
    expect(waiting.clocks).toEqual([]);

    // Two days pass: no clock, no breach, still waiting.
    await h.skip(2 * 24 * 3_600_000);
    const still = await h.status(handle);
    expect(still.phase).toBe('awaiting_situation');
    expect(h.world.slackMessages('alerts').filter((m) => m.includes(`#${ticketId}`))).toEqual([]);

    await h.world.updateTicket(ticketId, {
      custom_fields: [{ id: h.world.config.zendesk.fields.partnerSituation, value: 'customer_issue' }],
    });
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user' });
    const answered = await h.until(handle, (s) => s.phase === 'open');
    expect(answered.supportLevel).toBe('priority');
    expect(answered.clocks.map((c) => c.kind)).toEqual(['first_reply']);
    expect(answered.decisions.some((d) => d.rule === 'S6(a)' && d.summary.startsWith('Re-classified'))).toBe(
      true,
    );
    await recordHistoryIfAsked('s6-unknown-situation-answered', handle);
    await h.finish(handle);
  });

  test("S6: the partner sets the situation field instead of replying: Zendesk's field change re-classifies", async () => {
    const handle = await h.openTicket(
      onPartnerForm('select', users.bob, orgs.northwind, { impact: 'medium' }),
    );
    const { ticketId } = await h.until(handle, (s) => s.phase === 'awaiting_situation');
    await h.world.updateTicket(ticketId, {
      custom_fields: [{ id: h.world.config.zendesk.fields.partnerSituation, value: 'customer_issue' }],
    });
    await h.sendEvent(ticketId, 'situation.changed', { actor: 'end_user', situation: 'customer_issue' });
    const answered = await h.until(handle, (s) => s.phase === 'open');
    expect(answered.supportLevel).toBe('priority');
    expect(answered.clocks.map((c) => c.kind)).toEqual(['first_reply']);
    expect(
      answered.decisions.some((d) => d.rule === 'S6(a)' && d.summary.includes('S6 situation answered')),
    ).toBe(true);
    await h.finish(handle);
  });

  test('S2: a requester on another account is flagged, the account owner notified, and the ticket re-classified once a periodic re-check finds the contact verified', async () => {
    const handle = await h.openTicket(
      onPartnerForm('select', users.erin, orgs.acme, {
        impact: 'medium',
        partnerSituation: 'customer_issue',
      }),
    );
    const flagged = await h.until(handle, (s) => s.phase === 'open');
    expect(flagged.contactStatus).toBe('wrong_account');
    expect(flagged.supportLevel).toBe('standard');
    const ticketId = flagged.ticketId;
    expect((await h.world.ticket(ticketId)).tags).toContain('s2_contact_unverified');
    const ownerNotes = h.world.slackMessages('owners').filter((m) => m.includes(`#${ticketId}`));
    expect(ownerNotes).toHaveLength(1);
    expect(ownerNotes[0]).toContain('olivia.owner@gitlab.example');

    // The account owner moves Erin's contact to Acme; the next periodic re-check (4 h) sees it.
    await h.world.updateSalesforceRecord('Contact', '003000000000005AAA', {
      AccountId: '001000000000001AAA',
    });
    await h.skip(4 * 3_600_000 + 60_000);
    const verified = await h.until(
      handle,
      (s) => s.contactStatus === 'verified' && s.supportLevel === 'priority',
    );
    expect(verified.clocks[0].target).toBe('8 h');
    expect((await h.world.ticket(ticketId)).tags).toContain('s2_contact_verified');
    await recordHistoryIfAsked('s2-periodic-recheck-verified', handle);
    await h.finish(handle);
  });

  test('S2: a requester with no contact is re-checked on the recheckContact signal', async () => {
    const handle = await h.openTicket(
      onPartnerForm('select', users.mallory, orgs.acme, {
        impact: 'medium',
        partnerSituation: 'customer_issue',
      }),
    );
    const flagged = await h.until(handle, (s) => s.phase === 'open');
    expect(flagged.contactStatus).toBe('missing');

    await handle.signal(recheckContactSignal);
    // Still no contact: nothing changes, and no second owner notification.
    await h.until(
      handle,
      (s) => s.decisions.length === flagged.decisions.length && s.contactStatus === 'missing',
    );

    await h.world.createSalesforceRecord('Contact', {
      Name: 'Mallory Acme',
      Email: 'mallory@acme-consulting.example',
      AccountId: '001000000000001AAA',
      Support_Portal_User__c: true,
    });
    await handle.signal(recheckContactSignal);
    const verified = await h.until(
      handle,
      (s) => s.contactStatus === 'verified' && s.supportLevel === 'priority',
    );
    expect(verified.decisions.some((d) => d.summary.startsWith('Re-classified (S2 contact verified)'))).toBe(
      true,
    );
    expect(h.world.slackMessages('owners').filter((m) => m.includes(`#${flagged.ticketId}`))).toHaveLength(1);
    await h.finish(handle);
  });

  test('forced retries (Zendesk 503s, a 429 with Retry-After, a Salesforce 500) still leave exactly one triage note and one set of tags', async () => {
    h.world.zendesk.app.faults.add({ route: 'PUT /api/v2/tickets/:id.json', status: 503, count: 2 });
    h.world.zendesk.app.faults.add({
      route: 'GET /api/v2/tickets/:id/comments.json',
      status: 429,
      retryAfter: 1,
      count: 1,
    });
    h.world.salesforce.app.faults.add({ route: '~/query', status: 500, count: 1 });
    const handle = await h.openTicket({
      requesterId: users.alice,
      organizationId: orgs.acme,
      formId: forms.general,
      groupId: groups.standard,
      impact: 'low',
      partnerSituation: 'customer_issue',
    });
    const status = await h.until(handle, (s) => s.phase === 'open');
    const comments = await h.world.comments(status.ticketId);
    expect(comments.filter((c) => !c.public && c.body.includes('triage'))).toHaveLength(1);
    const ticket = await h.world.ticket(status.ticketId);
    expect(ticket.ticket_form_id).toBe(forms.select);
    expect(ticket.tags.filter((t) => t === 's1_form_rerouted')).toHaveLength(1);
    // The faults did fire: the activities were retried through them.
    expect(h.world.zendesk.app.requests.filter((r) => r.status === 503)).toHaveLength(2);
    expect(h.world.zendesk.app.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(h.world.salesforce.app.requests.filter((r) => r.status === 500)).toHaveLength(1);
    await h.finish(handle);
  });

  test('A1: a representative without a portal account before the ticket is flagged for provisioning', async () => {
    const handle = await h.openTicket(onPartnerForm('alliance', users.dan, orgs.initech, { impact: 'low' }));
    const status = await h.until(handle, (s) => s.phase === 'open');
    expect((await h.world.ticket(status.ticketId)).tags).toContain('a1_unprovisioned');
    expect(triageNoteOf(await h.world.comments(status.ticketId))).toMatch(
      /A1: dan@initech.example had no support portal account/,
    );

    // Provisioning finishes (the Contact is a portal user now) and signals the ticket: the flag goes.
    await h.world.updateSalesforceRecord('Contact', '003000000000004AAA', { Support_Portal_User__c: true });
    await handle.signal(recheckContactSignal);
    const cleared = await h.until(handle, (s) => !s.tags.includes('a1_unprovisioned'));
    expect(cleared.decisions.at(-1)).toMatchObject({
      rule: 'A1',
      summary: 'dan@initech.example now has a support portal account: A1 flag cleared',
    });
    expect((await h.world.ticket(status.ticketId)).tags).not.toContain('a1_unprovisioned');
    expect(cleared.clocks.map((c) => [c.kind, c.status])).toEqual([['first_reply', 'running']]);
    await h.world.updateSalesforceRecord('Contact', '003000000000004AAA', { Support_Portal_User__c: false });
    await h.finish(handle);
  });

  test("A3: the organization's notes become an internal note at intake and stay in the state", async () => {
    const globexNotes = world.zendesk.organizations.find((o) => o.id === orgs.globex)?.notes ?? '';
    const handle = await h.openTicket(
      onPartnerForm('alliance', users.carol, orgs.globex, { impact: 'highly_degraded' }),
    );
    const status = await h.until(handle, (s) => s.phase === 'open');
    expect(status.organizationNotes).toBe(globexNotes);
    const notes = (await h.world.comments(status.ticketId)).filter(
      (c) => !c.public && c.body.includes('A3') && c.body.includes(globexNotes),
    );
    expect(notes).toHaveLength(1);
    await h.finish(handle);
  });

  test('A4: NFR software of an Alliance partner gets the policy answer, a tag, is solved, and runs no SLA clock', async () => {
    const handle = await h.openTicket(
      onPartnerForm('alliance', users.carol, orgs.globex, { impact: 'emergency', nfrSoftware: true }),
    );
    const status = await h.until(handle, (s) => s.phase === 'solved');
    const ticketId = status.ticketId;
    expect(status.clocks).toEqual([]);
    const ticket = await h.world.ticket(ticketId);
    expect(ticket.status).toBe('solved');
    expect(ticket.tags).toContain('a4_nfr_no_support');
    const answers = (await h.world.comments(ticketId)).filter((c) => c.public && c.body.includes('NFR'));
    expect(answers).toHaveLength(1);
    // An emergency would breach in 30 minutes: with no clock, a day later nothing has fired.
    await h.skip(24 * 3_600_000);
    expect((await h.status(handle)).slaState).toBe('none');
    expect(h.world.slackMessages('alerts').filter((m) => m.includes(`#${ticketId}`))).toEqual([]);
    await recordHistoryIfAsked('a4-nfr-solved', handle);
    await h.finish(handle);
  });
});
