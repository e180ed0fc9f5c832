import { z } from 'zod';
import { impacts } from '../../../domain/sla/policy';
import { ticketEventTypes, type TicketEvent } from '../../../domain/ticket-events';

/**
 * The ticket webhook our Zendesk sends (one event, or a batch of up to 100 under `events`).
 * Validation is strict where the workflow depends on a value (type, ticket id, time) and
 * tolerant of fields Zendesk may add later (they are dropped).
 */
export const MAX_EVENTS_PER_DELIVERY = 100;

const zendeskStatuses = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;

/** "x is required" when absent, otherwise what a valid value looks like. */
const fieldError =
  (field: string, expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `${field} is required` : `${field} must be ${expected}`;
const oneOf = (values: readonly string[]) => `one of ${values.join(', ')}`;

export const zendeskWebhookEventSchema = z.object({
  event_id: z
    .string({ error: fieldError('event_id', 'a string') })
    .trim()
    .min(1, 'event_id must not be empty')
    .max(200, 'event_id is longer than 200 characters'),
  type: z.enum(ticketEventTypes, { error: fieldError('type', oneOf(ticketEventTypes)) }),
  ticket_id: z
    .number({ error: fieldError('ticket_id', 'a number') })
    .int('ticket_id must be an integer')
    .positive('ticket_id must be positive')
    .max(Number.MAX_SAFE_INTEGER, 'ticket_id is too large'),
  occurred_at: z.iso.datetime({ offset: true, error: fieldError('occurred_at', 'an ISO-8601 date-time') }),
  actor: z.enum(['agent', 'end_user', 'system'], {
    error: fieldError('actor', 'one of agent, end_user, system'),
  }),
  status: z.enum(zendeskStatuses, { error: fieldError('status', oneOf(zendeskStatuses)) }).nullish(),
  impact: z.enum(impacts, { error: fieldError('impact', oneOf(impacts)) }).nullish(),
});
export type ZendeskWebhookEvent = z.infer<typeof zendeskWebhookEventSchema>;

const batchSchema = z.object({
  events: z
    .array(zendeskWebhookEventSchema)
    .min(1, 'events must not be empty')
    .max(MAX_EVENTS_PER_DELIVERY, `events holds at most ${MAX_EVENTS_PER_DELIVERY} events`),
});

export type PayloadResult = { ok: true; events: TicketEvent[] } | { ok: false; message: string };

/** Messages naming the field at fault, and the batch position: `events[3]: ticket_id is required`. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = [...issue.path];
      // Field messages already start with the field's name.
      if (path.length > 0 && issue.message.startsWith(String(path[path.length - 1]))) path.pop();
      const where = path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('');
      return where ? `${where.replace(/^\./, '')}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export function toTicketEvent(event: ZendeskWebhookEvent): TicketEvent {
  return {
    eventId: event.event_id,
    ticketId: event.ticket_id,
    type: event.type,
    occurredAt: event.occurred_at,
    actor: event.actor,
    // Absent rather than null: the workflow treats a missing value as "not part of this event".
    ...(event.status ? { status: event.status } : {}),
    ...(event.impact ? { impact: event.impact } : {}),
  };
}

/** Validates a parsed JSON body: one event, or `{ events: [...] }`. */
export function parseZendeskWebhook(json: unknown): PayloadResult {
  const isBatch = typeof json === 'object' && json !== null && !Array.isArray(json) && 'events' in json;
  if (isBatch) {
    const batch = batchSchema.safeParse(json);
    return batch.success
      ? { ok: true, events: batch.data.events.map(toTicketEvent) }
      : { ok: false, message: describeIssues(batch.error) };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, message: 'The webhook body must be a JSON object' };
  }
  const single = zendeskWebhookEventSchema.safeParse(json);
  return single.success
    ? { ok: true, events: [toTicketEvent(single.data)] }
    : { ok: false, message: describeIssues(single.error) };
}
