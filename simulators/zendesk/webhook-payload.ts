import type { TicketActor, TicketEvent, TicketEventType } from '../../domain/ticket-events';

/**
 * The ticket webhook this service's Zendesk sends (our contract; the simulator sends exactly this).
 * One ticket change may produce several events (a comment and a status change, say), each with
 * an `event_id` that is unique per event and identical on every redelivery of it.
 *
 * ```json
 * { "event_id": "zd-123456-20000000001-comment.public", "type": "comment.public",
 *   "ticket_id": 123456, "occurred_at": "2026-11-20T09:00:00.000Z", "actor": "end_user" }
 * ```
 * `status` accompanies `status.changed`, `ticket.solved` and `ticket.closed`; `impact` accompanies
 * `impact.changed` (absent when the impact was cleared); `ticket.created` carries the ticket's
 * initial `status` and `impact`. Signed with `X-Zendesk-Webhook-Signature` (see webhook-signature.ts).
 */
export interface ZendeskWebhookPayload {
  event_id: string;
  type: TicketEventType;
  ticket_id: number;
  /** ISO-8601, when Zendesk recorded the change (millisecond precision). */
  occurred_at: string;
  actor: TicketActor;
  status?: string;
  impact?: string;
}

export interface WebhookEventInput {
  eventId: string;
  type: TicketEventType;
  ticketId: number;
  occurredAt: Date | string;
  actor: TicketActor;
  status?: string;
  impact?: string;
}

/** The payload for one ticket event, without absent optional keys. */
export function buildWebhookPayload(event: WebhookEventInput): ZendeskWebhookPayload {
  const payload: ZendeskWebhookPayload = {
    event_id: event.eventId,
    type: event.type,
    ticket_id: event.ticketId,
    occurred_at: typeof event.occurredAt === 'string' ? event.occurredAt : event.occurredAt.toISOString(),
    actor: event.actor,
  };
  if (event.status !== undefined) payload.status = event.status;
  if (event.impact !== undefined) payload.impact = event.impact;
  return payload;
}

/** The workflow's view of a (validated) payload: `domain/ticket-events.ts` `TicketEvent`. */
export function toTicketEvent(payload: ZendeskWebhookPayload): TicketEvent {
  return {
    eventId: payload.event_id,
    ticketId: payload.ticket_id,
    type: payload.type,
    occurredAt: payload.occurred_at,
    actor: payload.actor,
    status: payload.status,
    impact: payload.impact,
  };
}
