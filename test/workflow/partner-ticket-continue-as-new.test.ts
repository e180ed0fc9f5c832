import type { TicketEvent } from '../../domain/ticket-events';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * A long-lived ticket continues as new before its history grows large; the new run carries the
 * whole state over. (A low `continueAsNewAfter` makes it happen within a few events.)
 */
describe('continue-as-new of the partner ticket workflow (time-skipping server)', () => {
  let h: LifecycleHarness;

  beforeAll(async () => {
    h = await startLifecycleHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the new run keeps decisions, clocks and the event ids already seen', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }), { continueAsNewAfter: 40 });
    const open = await h.until(handle, (s) => s.phase === 'open');
    const ticketId = open.ticketId;
    const events: TicketEvent[] = [];
    for (let round = 0; round < 12; round++) {
      const actor = round % 2 === 0 ? 'agent' : 'end_user';
      events.push(await h.sendEvent(ticketId, 'comment.public', { actor }));
      await h.until(handle, (s) => s.eventsSeen >= open.eventsSeen + events.length);
    }
    const later = await h.until(handle, (s) => s.generation >= 2);

    // A redelivery of an event seen runs ago changes nothing; a new event still counts.
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user', eventId: events[1].eventId });
    await h.sendEvent(ticketId, 'status.changed', { status: 'open', actor: 'agent' });
    const final = await h.until(handle, (s) => s.eventsSeen === open.eventsSeen + events.length + 1);
    expect(final.generation).toBeGreaterThanOrEqual(later.generation);
    expect(final.decisions.slice(0, open.decisions.length)).toEqual(open.decisions);
    expect(final.organizationNotes).toBe(open.organizationNotes);
    // The first reply met by the first agent reply; a next-reply clock per customer reply, each
    // met by the agent reply after it, the last one still running.
    expect(final.clocks.map((c) => [c.kind, c.status])).toEqual([
      ['first_reply', 'met'],
      ...Array.from({ length: 5 }, () => ['next_reply', 'met']),
      ['next_reply', 'running'],
    ]);
    const closed = await h.finish(handle);
    expect(closed.phase).toBe('closed');
  });
});
