import { signZendeskWebhook } from '../../client/server/zendesk-webhook/signature';
import type { TicketEvent, TicketEventType } from '../../domain/ticket-events';
import { ticketEventPayload, type ZendeskEventChange } from '../../simulators/zendesk/webhook-payload';

const updateTypes: TicketEventType[] = [
  'comment.public',
  'comment.private',
  'status.changed',
  'impact.changed',
];

/** `count` events over `tickets` tickets starting at `firstTicketId`, each ticket's creation first. */
export function ticketEvents(
  count: number,
  tickets: number,
  firstTicketId: number,
  prefix: string,
): TicketEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const ticketId = firstTicketId + (i % tickets);
    const round = Math.floor(i / tickets);
    const type = round === 0 ? 'ticket.created' : updateTypes[round % updateTypes.length];
    return {
      eventId: `${prefix}-${ticketId}-${round}`,
      ticketId,
      type,
      occurredAt: new Date().toISOString(),
      actor: 'agent',
      ...(type === 'status.changed' ? { status: 'open' } : {}),
      ...(type === 'impact.changed' ? { impact: 'medium' } : {}),
    };
  });
}

/** The Zendesk change behind one of the benchmark's events (see ticketEvents). */
function zendeskChange(event: TicketEvent, impactFieldId: number): ZendeskEventChange {
  const comment = (isPublic: boolean): ZendeskEventChange => ({
    type: 'comment_added',
    comment: {
      // Zendesk comment ids are numbers: one per ticket and round here.
      id: String(event.ticketId * 100 + Number(event.eventId.split('-').pop())),
      body: 'Looking into it',
      is_public: isPublic,
      author: { id: '1001', is_staff: true, name: 'Agent' },
    },
  });
  switch (event.type) {
    case 'comment.public':
      return comment(true);
    case 'comment.private':
      return comment(false);
    case 'status.changed':
      return { type: 'status_changed', current: (event.status ?? 'open').toUpperCase(), previous: 'NEW' };
    case 'impact.changed':
      return {
        type: 'custom_field_changed',
        custom_field: { id: String(impactFieldId), title: 'Impact', type: 'tagger' },
        current: { value: event.impact ?? null },
        previous: { value: null },
      };
    default:
      return { type: 'created' };
  }
}

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/** Zendesk's signed ticket event for each of `events`, as Zendesk would send it. */
export function signedWebhooks(
  events: TicketEvent[],
  secret: string,
  impactFieldId: number,
): SignedWebhook[] {
  return events.map((event) => {
    const body = JSON.stringify(
      ticketEventPayload({
        id: event.eventId,
        ticketId: event.ticketId,
        time: event.occurredAt,
        change: zendeskChange(event, impactFieldId),
        actorId: 1001,
      }),
    );
    const timestamp = new Date().toISOString();
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signZendeskWebhook(secret, timestamp, body),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
    };
  });
}
