import type { TicketEvent } from './ticket-events';

/**
 * At most this many events in one delivery activity. One activity per export page (up to a
 * thousand events) needed longer than a worker lived under the chaos run's kills: its heartbeat
 * checkpoints (sent at most every 8 s) kept too little of it, and one page was retried 24 times
 * over 7.5 minutes while lost webhooks waited. A batch this size is handed over in a second or two.
 */
export const DELIVERY_BATCH_EVENTS = 64;

/** Each ticket's events, in their order, tickets in the order the events first name them. */
export function eventsByTicket(events: readonly TicketEvent[]): TicketEvent[][] {
  const byTicket = new Map<number, TicketEvent[]>();
  for (const event of events) {
    const ofTicket = byTicket.get(event.ticketId);
    if (ofTicket) ofTicket.push(event);
    else byTicket.set(event.ticketId, [event]);
  }
  return [...byTicket.values()];
}

/**
 * The export page's events in delivery batches: each ticket's events stay together and in the
 * export's order (a ticket with more events than a batch holds gets batches of its own, in order),
 * and batches follow the order in which the page first names their tickets.
 */
export function ticketDeliveryBatches(
  events: readonly TicketEvent[],
  maxEvents: number = DELIVERY_BATCH_EVENTS,
): TicketEvent[][] {
  const batches: TicketEvent[][] = [];
  let batch: TicketEvent[] = [];
  for (const ticketEvents of eventsByTicket(events)) {
    if (batch.length > 0 && batch.length + ticketEvents.length > maxEvents) {
      batches.push(batch);
      batch = [];
    }
    if (ticketEvents.length <= maxEvents) {
      batch.push(...ticketEvents);
      continue;
    }
    // More than a batch holds: batches of its own, in order (the next ticket starts a new one).
    for (let i = 0; i < ticketEvents.length; i += maxEvents)
      batches.push(ticketEvents.slice(i, i + maxEvents));
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
