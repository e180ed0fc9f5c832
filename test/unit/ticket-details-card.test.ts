import { ticketDetailsCard } from '../../workflows/partner-ticket/ui-details';
import { initialState } from '../../workflows/partner-ticket/ticket-state';
import type { PartnerTicketState } from '../../workflows/partner-ticket/types';

/** The ticket's card in the Temporal UI (pure Markdown from the state). */
describe('ticketDetailsCard', () => {
  const ticket = (changes: Partial<PartnerTicketState>): PartnerTicketState => ({
    ...initialState(42),
    ...changes,
  });

  test('a new ticket: its id, phase and no clock, no STAR', () => {
    const card = ticketDetailsCard(ticket({}));
    expect(card.split('\n')[0]).toBe('### Ticket #42');
    expect(card).toContain('**Phase** intake');
    expect(card).toContain('**STAR** none');
    expect(card).not.toContain('| clock |');
  });

  test('clocks with their deadlines, a raised STAR, waiting writes, the last five decisions', () => {
    const deadline = Date.UTC(2026, 11, 1, 10, 30);
    const card = ticketDetailsCard(
      ticket({
        subject: 'Runners | offline\nagain',
        phase: 'open',
        supportLevel: 'priority',
        impact: 'emergency',
        clocks: [
          {
            kind: 'first_reply',
            targetMs: 30 * 60_000,
            calendar: '24x7',
            warningAtFraction: 0.75,
            status: 'running',
            startedAt: deadline - 30 * 60_000,
            consumedMs: 0,
            deadline,
            warned: true,
          },
        ],
        star: {
          status: 'raised',
          raisedAt: deadline,
          urgency: 'urgent',
          emergency: true,
          requests: [],
          acknowledgeBy: deadline + 30 * 60_000,
          escalationLevel: 1,
        },
        effects: [{ kind: 'alert', key: 'k', text: 't' }],
        decisions: Array.from({ length: 7 }, (_, i) => ({ rule: 'SLA', summary: `decision ${i}`, at: '' })),
      }),
    );
    expect(card.split('\n')[0]).toBe('### Ticket #42 — Runners \\| offline again');
    expect(card).toContain('| First reply | 30 min 24x7 | running (warned) | 2026-12-01 10:30 UTC |');
    expect(card).toContain(
      '**STAR** raised (urgent, emergency, level 1), acknowledge by 2026-12-01 11:00 UTC',
    );
    expect(card).toContain('**Writes in progress** 1');
    expect(card).not.toContain('decision 1');
    expect(card).toContain('- `SLA` decision 2');
    expect(card).toContain('- `SLA` decision 6');
  });
});
