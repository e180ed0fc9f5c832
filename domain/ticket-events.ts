/**
 * Ticket events as the workflow receives them: one per Zendesk webhook event, each with the
 * event id Zendesk gave it, so that redeliveries are recognised and ignored.
 */
export const ticketEventTypes = [
  'ticket.created',
  'comment.public',
  'comment.private',
  'status.changed',
  'impact.changed',
  'ticket.solved',
  'ticket.closed',
] as const;
export type TicketEventType = (typeof ticketEventTypes)[number];

export type TicketActor = 'agent' | 'end_user' | 'system';

export interface TicketEvent {
  eventId: string;
  ticketId: number;
  type: TicketEventType;
  /** ISO-8601 time Zendesk recorded the change; events may arrive out of order. */
  occurredAt: string;
  actor?: TicketActor;
  /** Zendesk status after a `status.changed` event. */
  status?: string;
  /** Impact after an `impact.changed` event. */
  impact?: string;
}
