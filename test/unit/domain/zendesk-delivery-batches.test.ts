import { DELIVERY_BATCH_EVENTS, ticketDeliveryBatches } from '../../../domain/zendesk-delivery-batches';
import type { TicketEvent } from '../../../domain/ticket-events';

const event = (ticketId: number, n: number): TicketEvent => ({
  eventId: `zd-${ticketId}-${n}`,
  ticketId,
  type: 'comment.public',
  occurredAt: new Date(Date.UTC(2026, 11, 1, 9, 0, n)).toISOString(),
  actor: 'end_user',
});

const ids = (batches: TicketEvent[][]): string[][] => batches.map((b) => b.map((e) => e.eventId));

describe('ticketDeliveryBatches: a Zendesk export page in delivery activities', () => {
  test('each ticket’s events together and in order, tickets in the order the page first names them', () => {
    const page = [event(1, 1), event(2, 1), event(1, 2), event(3, 1), event(2, 2)];
    expect(ids(ticketDeliveryBatches(page, 10))).toEqual([
      ['zd-1-1', 'zd-1-2', 'zd-2-1', 'zd-2-2', 'zd-3-1'],
    ]);
  });

  test('a ticket that does not fit the batch starts the next one; no batch over the limit', () => {
    const page = [event(1, 1), event(1, 2), event(2, 1), event(2, 2), event(3, 1)];
    expect(ids(ticketDeliveryBatches(page, 3))).toEqual([
      ['zd-1-1', 'zd-1-2'],
      ['zd-2-1', 'zd-2-2', 'zd-3-1'],
    ]);
  });

  test('a ticket with more events than a batch holds gets batches of its own, in order', () => {
    const page = [event(1, 1), ...[1, 2, 3, 4, 5].map((n) => event(2, n)), event(3, 1)];
    expect(ids(ticketDeliveryBatches(page, 2))).toEqual([
      ['zd-1-1'],
      ['zd-2-1', 'zd-2-2'],
      ['zd-2-3', 'zd-2-4'],
      ['zd-2-5'],
      ['zd-3-1'],
    ]);
  });

  test('a full export page (1,000 events over 300 tickets): every event once, batches of at most the limit', () => {
    const page = Array.from({ length: 1000 }, (_, i) => event(1 + ((i * 7) % 300), i));
    const batches = ticketDeliveryBatches(page);
    expect(
      batches
        .flat()
        .map((e) => e.eventId)
        .sort(),
    ).toEqual(page.map((e) => e.eventId).sort());
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(DELIVERY_BATCH_EVENTS);
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(1000 / DELIVERY_BATCH_EVENTS));
  });

  test('an empty page: no batch', () => {
    expect(ticketDeliveryBatches([])).toEqual([]);
  });
});
