import { z } from 'zod';
import { isMarkedComment } from '../../../activities/zendesk/comment-marker';
import type { TicketActor, TicketDeletion, TicketEvent } from '../../../domain/ticket-events';
export { ZENDESK_EVENT_TYPE_PREFIX } from './zendesk-event-schemas';
import {
  commentEventSchema,
  customFieldEventSchema,
  describeIssues,
  envelopeSchema,
  formEventSchema,
  priorityEventSchema,
  statusEventSchema,
  tagsEventSchema,
  attachmentEventSchema,
  type TicketEnvelope,
  ticketEnvelopeSchema,
  ZENDESK_EVENT_TYPE_PREFIX,
} from './zendesk-event-schemas';
import { epochSecondOf, zendeskChangeId, type ZendeskChange } from '../../../domain/zendesk-change-ids';
import { addsRequestTag } from '../../../domain/request-tags';

/**
 * Zendesk's own webhook events for tickets ("Ticket events",
 * https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/), one per request:
 *
 * ```json
 * { "type": "zen:event-type:ticket.status_changed", "id": "5b2c…", "time": "2026-11-20T09:00:00.123456789Z",
 *   "account_id": 22129848, "zendesk_event_version": "2022-11-06", "subject": "zen:ticket:5158",
 *   "detail": { "id": "5158", "actor_id": "8447388090494", "requester_id": "…", "status": "PENDING", … },
 *   "event": { "current": "PENDING", "previous": "OPEN",
 *              "meta": { "sequence": { "id": "C205…", "position": 1, "total": 2 } } } }
 * ```
 *
 * Ids arrive as strings (`""` or null when unset) and enumerations in upper case. Each is mapped to
 * the workflow's TicketEvent by a pure function; events the workflow has no use for (other event
 * types, custom fields it does not track, our own comments coming back) are acknowledged and
 * ignored, so that subscribing the webhook to more events never breaks delivery.
 */
const TICKET_EVENT_PREFIX = `${ZENDESK_EVENT_TYPE_PREFIX}ticket.`;

/** The ticket event types mapped below: what `partner-support zendesk setup` subscribes the webhook to. */
export const subscribedTicketEventTypes = [
  'zen:event-type:ticket.created',
  'zen:event-type:ticket.comment_added',
  'zen:event-type:ticket.status_changed',
  'zen:event-type:ticket.custom_field_changed',
  'zen:event-type:ticket.priority_changed',
  'zen:event-type:ticket.form_changed',
  'zen:event-type:ticket.soft_deleted',
  'zen:event-type:ticket.marked_as_spam',
  'zen:event-type:ticket.permanently_deleted',
  // S5: the request_large_upload tag, and attachments (the 20 MB rule reads their size).
  'zen:event-type:ticket.tags_changed',
  'zen:event-type:ticket.attachment_linked_to_comment',
] as const;
export type SubscribedTicketEventType = (typeof subscribedTicketEventTypes)[number];

/** What the mapping needs to know of this Zendesk instance (config.zendesk). */
export interface ZendeskEventContext {
  fields: { impact: number; partnerSituation: number };
  /** The integration's own Zendesk user: its changes are the workflow's own, not an agent's. */
  integrationUserId?: number;
}

export type IgnoredReason =
  /** A non-ticket event, or a ticket event type the workflow has no use for. */
  | 'unsupported_event_type'
  /** A comment this service wrote (marker line, or the integration user's): it must not move clocks. */
  | 'own_comment'
  /** A custom field other than impact and partner situation. */
  | 'untracked_custom_field'
  /** A status the workflow has no transition for (deleted, archived, scrubbed: other events say so). */
  | 'untracked_status'
  /** Tags changed without adding a request tag (domain/request-tags.ts). */
  | 'untracked_tags';

export interface EventSequence {
  id: string;
  position: number;
  total: number;
}

export type MappedZendeskEvent =
  | { kind: 'event'; zendeskType: string; event: TicketEvent; sequence?: EventSequence }
  | { kind: 'ignored'; zendeskType: string; eventId: string; reason: IgnoredReason; ticketId?: number };

export type ZendeskEventParse = { ok: true; mapped: MappedZendeskEvent } | { ok: false; message: string };

/** Who acted, as the workflow distinguishes, for events that name the actor only by id. */
export function actorOf(
  actorId: number | undefined,
  requesterId: number | undefined,
  context: Pick<ZendeskEventContext, 'integrationUserId'>,
): TicketActor {
  // Zendesk's own rules and automations act as user -1 (no id here).
  if (actorId === undefined || actorId === context.integrationUserId) return 'system';
  return actorId === requesterId ? 'end_user' : 'agent';
}

/** A custom field's value as the workflow reads it: a trimmed string, absent when cleared. */
function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

type Mapping = { ok: true; mapped: MappedZendeskEvent } | { ok: false; message: string };

/**
 * Maps one validated ticket event (pure). `base` carries what every mapped event shares: the
 * event's own id (the workflow's dedupe key), the ticket, and Zendesk's time of the change.
 */
export function mapTicketEvent(envelope: TicketEnvelope, context: ZendeskEventContext): Mapping {
  const ticketId = Number(envelope.subject.slice('zen:ticket:'.length));
  if (envelope.detail.id !== undefined && envelope.detail.id !== ticketId) {
    return {
      ok: false,
      message: `detail.id ${envelope.detail.id} is not the ticket of subject ${envelope.subject}`,
    };
  }
  const zendeskType = envelope.type;
  const sequence = envelope.event.meta?.sequence ?? envelope.meta?.sequence;
  const actor = actorOf(envelope.detail.actor_id, envelope.detail.requester_id, context);
  // The dedupe key is derived from the change (domain/zendesk-change-ids.ts), not the event's UUID:
  // the reconciliation, reading the export, must produce the same key for the same change.
  const second = epochSecondOf(envelope.time);
  const event = (
    fields: Omit<TicketEvent, 'eventId' | 'ticketId' | 'occurredAt'>,
    change?: ZendeskChange,
  ): Mapping => {
    const eventId = change && second !== undefined ? zendeskChangeId(ticketId, second, change) : envelope.id;
    const base = { eventId, ticketId, occurredAt: envelope.time };
    return {
      ok: true,
      mapped: {
        kind: 'event',
        zendeskType,
        event: { ...base, ...fields },
        ...(sequence ? { sequence } : {}),
      },
    };
  };
  const ignored = (reason: IgnoredReason): Mapping => ({
    ok: true,
    mapped: { kind: 'ignored', zendeskType, eventId: envelope.id, reason, ticketId },
  });
  const invalid = (error: z.ZodError): Mapping => ({ ok: false, message: describeIssues(error, 'event') });
  const deleted = (deletion: TicketDeletion) =>
    event({ type: 'ticket.deleted', actor, deletion }, { kind: 'deleted', deletion });

  switch (zendeskType.slice(TICKET_EVENT_PREFIX.length)) {
    case 'created':
      return event(
        {
          type: 'ticket.created',
          actor,
          ...(envelope.detail.status ? { status: envelope.detail.status } : {}),
        },
        { kind: 'created' },
      );
    case 'comment_added': {
      const parsed = commentEventSchema.safeParse(envelope.event);
      if (!parsed.success) return invalid(parsed.error);
      const { comment } = parsed.data;
      const authorId = comment.author.id;
      if (
        isMarkedComment(comment.body ?? '') ||
        (authorId !== undefined && authorId === context.integrationUserId)
      ) {
        return ignored('own_comment');
      }
      return event(
        {
          type: comment.is_public ? 'comment.public' : 'comment.private',
          actor: comment.author.is_staff ? 'agent' : 'end_user',
        },
        comment.id === undefined ? undefined : { kind: 'comment', commentId: comment.id },
      );
    }
    case 'status_changed': {
      const parsed = statusEventSchema.safeParse(envelope.event);
      if (!parsed.success) return invalid(parsed.error);
      const status = parsed.data.current as string | undefined;
      if (status === undefined) return { ok: false, message: 'event.current is required (the new status)' };
      const change: ZendeskChange = { kind: 'status', status };
      if (status === 'solved') return event({ type: 'ticket.solved', actor, status }, change);
      if (status === 'closed') return event({ type: 'ticket.closed', actor, status }, change);
      if (!['new', 'open', 'pending', 'hold'].includes(status)) return ignored('untracked_status');
      return event({ type: 'status.changed', actor, status }, change);
    }
    case 'custom_field_changed': {
      const parsed = customFieldEventSchema.safeParse(envelope.event);
      if (!parsed.success) return invalid(parsed.error);
      const fieldId = Number(parsed.data.custom_field.id);
      const value = fieldText(parsed.data.current?.value);
      // An unknown value is passed on (the workflow ignores it) rather than refused: a new
      // drop-down option in Zendesk must not make every delivery fail.
      if (fieldId === context.fields.impact) {
        return event(
          { type: 'impact.changed', actor, ...(value ? { impact: value } : {}) },
          { kind: 'field', fieldId, value },
        );
      }
      if (fieldId === context.fields.partnerSituation) {
        return event(
          { type: 'situation.changed', actor, ...(value ? { situation: value } : {}) },
          { kind: 'field', fieldId, value },
        );
      }
      return ignored('untracked_custom_field');
    }
    case 'priority_changed': {
      const parsed = priorityEventSchema.safeParse(envelope.event);
      if (!parsed.success) return invalid(parsed.error);
      const priority = parsed.data.current as string | undefined;
      return event(
        { type: 'priority.changed', actor, ...(priority ? { priority } : {}) },
        { kind: 'priority', priority },
      );
    }
    case 'form_changed': {
      const parsed = formEventSchema.safeParse(envelope.event);
      if (!parsed.success) return invalid(parsed.error);
      const formId = parsed.data.current as number | undefined;
      return event({ type: 'form.changed', actor, ...(formId ? { formId } : {}) }, { kind: 'form', formId });
    }
    case 'soft_deleted':
      return deleted('soft_deleted');
    case 'marked_as_spam':
      return deleted('marked_as_spam');
    case 'permanently_deleted':
      return deleted('permanently_deleted');
    case 'tags_changed': {
      const parsed = tagsEventSchema.safeParse(envelope.event);
      if (!parsed.success) return invalid(parsed.error);
      const added = parsed.data.tags_added ?? [];
      // Only requests concern the workflow (S5, A5): other tag edits (ours included) are not signalled.
      if (!addsRequestTag(added)) return ignored('untracked_tags');
      return event(
        { type: 'tags.changed', actor, tagsAdded: added, tagsRemoved: parsed.data.tags_removed ?? [] },
        { kind: 'tags', added },
      );
    }
    case 'attachment_linked_to_comment': {
      const parsed = attachmentEventSchema.safeParse(envelope.event);
      if (!parsed.success) return invalid(parsed.error);
      const { attachment } = parsed.data.comment;
      const attachmentId = attachment.id as number;
      return event(
        {
          type: 'attachment.linked',
          actor,
          attachmentId,
          ...(attachment.filename ? { fileName: attachment.filename } : {}),
        },
        { kind: 'attachment', attachmentId },
      );
    }
    default:
      return ignored('unsupported_event_type');
  }
}

/**
 * Validates a parsed JSON body and maps it: a ticket event the workflow acts on, an event
 * acknowledged and ignored (with why), or a message naming what is wrong (answered 400).
 */
export function parseZendeskWebhook(json: unknown, context: ZendeskEventContext): ZendeskEventParse {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, message: 'The webhook body must be a JSON object' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, message: describeIssues(envelope.error) };
  const { type, id } = envelope.data;
  const handled = (subscribedTicketEventTypes as readonly string[]).includes(type);
  if (!handled) {
    // Validated no further: whatever its shape, the workflow has no use for it.
    return {
      ok: true,
      mapped: { kind: 'ignored', zendeskType: type, eventId: id, reason: 'unsupported_event_type' },
    };
  }
  const ticket = ticketEnvelopeSchema.safeParse(json);
  if (!ticket.success) return { ok: false, message: describeIssues(ticket.error) };
  return mapTicketEvent(ticket.data, context);
}
