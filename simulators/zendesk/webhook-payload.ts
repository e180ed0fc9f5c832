import { createHash, randomUUID } from 'node:crypto';

/**
 * Zendesk's webhook event schema for ticket events ("Ticket events",
 * https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/ and "Webhook
 * event types" for the envelope), as the simulator sends it: one event per request, each with its
 * own `id` (a UUID, the same on every redelivery), the ticket's properties after the change in
 * `detail` (ids as strings, enumerations in upper case) and the change in `event`. One action
 * (an API write, an audit) emits several events sharing `event.meta.sequence.id`:
 *
 * ```json
 * { "type": "zen:event-type:ticket.status_changed", "account_id": 9000001,
 *   "id": "0b6e3b2c-…", "time": "2026-11-20T09:00:00.120000000Z", "zendesk_event_version": "2022-11-06",
 *   "subject": "zen:ticket:123456",
 *   "detail": { "id": "123456", "actor_id": "1001", "requester_id": "2003", "status": "PENDING", … },
 *   "event": { "current": "PENDING", "previous": "OPEN",
 *              "meta": { "sequence": { "id": "9F…", "position": 2, "total": 2 } } } }
 * ```
 */
export const ZENDESK_EVENT_VERSION = '2022-11-06';
/** The simulated Zendesk account's id. */
export const SIMULATOR_ACCOUNT_ID = 9_000_001;

export interface ZendeskEventDetail {
  actor_id: string;
  assignee_id: string | null;
  brand_id: string | null;
  created_at: string;
  custom_status: string | null;
  description: string;
  external_id: string | null;
  form_id: string | null;
  group_id: string | null;
  id: string;
  is_public: boolean;
  organization_id: string | null;
  priority: string | null;
  requester_id: string;
  status: string;
  subject: string;
  submitter_id: string;
  tags: string[];
  type: string | null;
  updated_at: string;
  via: { channel: string };
}

export interface EventSequence {
  id: string;
  position: number;
  total: number;
}

/** The change of one event (`event` without its `meta`), by Zendesk event type. */
export type ZendeskEventChange =
  | { type: 'created' }
  | {
      type: 'comment_added';
      comment: {
        id: string;
        body: string;
        is_public: boolean;
        author: { id: string; is_staff: boolean; name: string };
      };
    }
  | { type: 'status_changed'; current: string; previous: string | null }
  | {
      type: 'custom_field_changed';
      custom_field: { id: string; title: string; type: string };
      current: { value: unknown };
      previous: { value: unknown };
    }
  | { type: 'priority_changed'; current: string | null; previous: string | null }
  | { type: 'form_changed'; current: string | null; previous: string | null }
  | { type: 'tags_changed'; tags_added: string[]; tags_removed: string[] }
  | {
      type: 'attachment_linked_to_comment';
      comment: {
        id: string;
        attachment: {
          id: string;
          content_type: string;
          content_url: string;
          filename: string;
          is_public: boolean;
        };
      };
    }
  | { type: 'soft_deleted' }
  | { type: 'marked_as_spam' }
  | { type: 'permanently_deleted' };
export type ZendeskEventKind = ZendeskEventChange['type'];

export interface ZendeskWebhookPayload {
  type: `zen:event-type:ticket.${ZendeskEventKind}`;
  account_id: number;
  id: string;
  time: string;
  zendesk_event_version: string;
  subject: string;
  detail: ZendeskEventDetail;
  event: Record<string, unknown> & { meta: { sequence: EventSequence } };
}

/** Zendesk's event time: UTC with nanoseconds (`2026-11-20T09:00:00.120000000Z`). */
export function zendeskEventTime(at: Date | string): string {
  const iso = typeof at === 'string' ? at : at.toISOString();
  return iso.replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** A sequence id for one action, as Zendesk's (32 upper-case hex digits), stable for the action. */
export function sequenceIdFor(action: string): string {
  return createHash('md5').update(action).digest('hex').toUpperCase();
}

export interface WebhookEventInput {
  /** Default: a new UUID. */
  id?: string;
  accountId?: number;
  time: Date | string;
  detail: ZendeskEventDetail;
  change: ZendeskEventChange;
  sequence: EventSequence;
}

/** One event's payload. */
export function buildWebhookPayload(input: WebhookEventInput): ZendeskWebhookPayload {
  const { type, ...change } = input.change;
  return {
    type: `zen:event-type:ticket.${type}`,
    account_id: input.accountId ?? SIMULATOR_ACCOUNT_ID,
    id: input.id ?? randomUUID(),
    time: zendeskEventTime(input.time),
    zendesk_event_version: ZENDESK_EVENT_VERSION,
    subject: `zen:ticket:${input.detail.id}`,
    detail: input.detail,
    event: { ...change, meta: { sequence: input.sequence } },
  };
}

/** The events of one action, numbered in their sequence. */
export function buildActionPayloads(
  action: string,
  time: Date | string,
  detail: ZendeskEventDetail,
  changes: ZendeskEventChange[],
): ZendeskWebhookPayload[] {
  const id = sequenceIdFor(action);
  return changes.map((change, i) =>
    buildWebhookPayload({ time, detail, change, sequence: { id, position: i + 1, total: changes.length } }),
  );
}

const idText = (id: number | null | undefined): string | null =>
  id === null || id === undefined ? null : String(id);
const upper = (value: string | null | undefined): string | null => (value ? value.toUpperCase() : null);

/** The ticket as `detail` describes it (the ticket resource's fields, in the event schema's spelling). */
export function eventDetail(
  ticket: {
    id: number;
    subject: string;
    description: string;
    status: string;
    priority: string | null;
    type: string | null;
    requester_id: number;
    submitter_id: number;
    assignee_id: number | null;
    organization_id: number | null;
    group_id: number | null;
    ticket_form_id: number | null;
    brand_id: number | null;
    external_id: string | null;
    tags: string[];
    created_at: string;
    updated_at: string;
    via?: { channel: string };
  },
  actorId: number,
): ZendeskEventDetail {
  return {
    actor_id: String(actorId),
    assignee_id: idText(ticket.assignee_id),
    brand_id: idText(ticket.brand_id),
    created_at: ticket.created_at,
    custom_status: null,
    description: ticket.description,
    external_id: ticket.external_id,
    form_id: idText(ticket.ticket_form_id),
    group_id: idText(ticket.group_id),
    id: String(ticket.id),
    is_public: true,
    organization_id: idText(ticket.organization_id),
    priority: upper(ticket.priority),
    requester_id: String(ticket.requester_id),
    status: ticket.status.toUpperCase(),
    subject: ticket.subject,
    submitter_id: String(ticket.submitter_id),
    tags: [...ticket.tags],
    type: upper(ticket.type),
    updated_at: ticket.updated_at,
    via: { channel: ticket.via?.channel ?? 'api' },
  };
}

/** The ticket id an event is about (`subject: zen:ticket:<id>`). */
export const ticketIdOf = (payload: Pick<ZendeskWebhookPayload, 'subject'>): number =>
  Number(payload.subject.slice('zen:ticket:'.length));

export interface TicketEventSpec {
  /** Default: a new UUID. */
  id?: string;
  ticketId: number;
  /** Default: now. */
  time?: Date | string;
  change: ZendeskEventChange;
  /** Who acted (`detail.actor_id`); default the requester. */
  actorId?: number;
  /** Default 2003 (a world end user). */
  requesterId?: number;
  /** The ticket's status after the change (lower case); default `open` (`new` for a creation). */
  status?: string;
  /** The action the event belongs to (its sequence); default one action per event. */
  sequence?: EventSequence;
}

/**
 * One ticket event of a plausible ticket, for tests and the benchmark that post webhooks
 * without going through the simulator's API.
 */
export function ticketEventPayload(spec: TicketEventSpec): ZendeskWebhookPayload {
  const time = spec.time ?? new Date();
  const stamp = zendeskEventTime(time).replace(/\.\d+Z$/, 'Z');
  const requesterId = spec.requesterId ?? 2003;
  const detail = eventDetail(
    {
      id: spec.ticketId,
      subject: `Ticket ${spec.ticketId}`,
      description: 'Runners offline',
      status: spec.status ?? (spec.change.type === 'created' ? 'new' : 'open'),
      priority: null,
      type: null,
      requester_id: requesterId,
      submitter_id: requesterId,
      assignee_id: null,
      organization_id: null,
      group_id: null,
      ticket_form_id: null,
      brand_id: null,
      external_id: null,
      tags: [],
      created_at: stamp,
      updated_at: stamp,
    },
    spec.actorId ?? requesterId,
  );
  const sequence = spec.sequence ?? { id: sequenceIdFor(spec.id ?? randomUUID()), position: 1, total: 1 };
  return buildWebhookPayload({ id: spec.id, time, detail, change: spec.change, sequence });
}
