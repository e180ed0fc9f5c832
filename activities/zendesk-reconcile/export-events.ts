import { z } from 'zod';
import { actorOf, type ZendeskEventContext } from '../../client/server/zendesk-webhook/zendesk-events';
import { addsRequestTag } from '../../domain/request-tags';
import type { TicketEvent } from '../../domain/ticket-events';
import { zendeskChangeId, type ZendeskChange } from '../../domain/zendesk-change-ids';
import { isMarkedComment } from '../zendesk/comment-marker';

/**
 * One page of Zendesk's incremental ticket event export
 * (`GET /api/v2/incremental/ticket_events.json?start_time=&include=comment_events`,
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-event-export)
 * mapped to the workflow's TicketEvents by a pure function, with the same dedupe keys as the
 * webhook path (domain/zendesk-change-ids.ts), so that a change seen both ways is applied once. As
 * on that path, a tag change is passed on only when it adds a request tag (domain/request-tags.ts).
 */
const id = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const childSchema = z
  .object({
    id,
    event_type: z.string(),
    previous_value: z.unknown().optional(),
    custom_ticket_fields: z.record(z.string(), z.unknown()).optional(),
    body: z.string().nullish(),
    public: z.boolean().optional(),
    comment_public: z.boolean().optional(),
    author_id: id.nullish(),
  })
  .loose();
const recordSchema = z.object({
  id,
  ticket_id: id,
  timestamp: z.number().int(),
  created_at: z.string(),
  updater_id: id.nullish(),
  event_type: z.string().optional(),
  child_events: z.array(childSchema).default([]),
});
export const exportPageSchema = z.object({
  ticket_events: z.array(recordSchema),
  end_time: z.number().int().nullish(),
  end_of_stream: z.boolean(),
});
export type ExportPage = z.infer<typeof exportPageSchema>;
type ExportRecord = ExportPage['ticket_events'][number];
type ExportChild = ExportRecord['child_events'][number];

export interface ExportMappingContext extends ZendeskEventContext {
  /** Each ticket's requester (to tell an end user from an agent); unknown for deleted tickets. */
  requesterOf: (ticketId: number) => number | undefined;
}

const text = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
};
const lower = (value: unknown): string | undefined => text(value)?.toLowerCase();
const tagList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((tag): tag is string => typeof tag === 'string') ? value : undefined;

/**
 * The tags a tag change added and removed: `added_tags` and `removed_tags` when the child names
 * them, else the new `tags` diffed against `previous_value` (the Ticket Audits shape), so that
 * either shape gives the same added tags as the webhook's `tags_added`, hence the same dedupe key.
 */
function tagChange(child: ExportChild): { added: string[]; removed: string[] } | undefined {
  const tags = tagList(child.tags);
  const previous = tagList(child.previous_value) ?? [];
  const added = tagList(child.added_tags) ?? tags?.filter((tag) => !previous.includes(tag));
  const removed = tagList(child.removed_tags) ?? (tags ? previous.filter((tag) => !tags.includes(tag)) : []);
  return added === undefined ? undefined : { added, removed };
}

/** The TicketEvents of one audit (Zendesk's record with its child events), in order. */
export function eventsOfRecord(record: ExportRecord, context: ExportMappingContext): TicketEvent[] {
  const ticketId = record.ticket_id;
  const requester = context.requesterOf(ticketId);
  const updater = record.updater_id ?? undefined;
  const actor = actorOf(updater !== undefined && updater > 0 ? updater : undefined, requester, context);
  const occurredAt = record.created_at;
  const events: TicketEvent[] = [];
  const push = (change: ZendeskChange, fields: Omit<TicketEvent, 'eventId' | 'ticketId' | 'occurredAt'>) => {
    const eventId = zendeskChangeId(ticketId, record.timestamp, change);
    if (events.some((e) => e.eventId === eventId)) return;
    events.push({ eventId, ticketId, occurredAt, ...fields });
  };
  // The audit that created the ticket: one `ticket.created`, as the webhook sends; its first
  // comment (the description) is part of the creation, not a comment event, on both paths.
  const creation = record.child_events.some((c) => c.event_type === 'Create');
  for (const child of record.child_events) {
    if (child.event_type === 'Create') {
      const status = lower(child.status);
      push({ kind: 'created' }, { type: 'ticket.created', actor, ...(status ? { status } : {}) });
    } else if (child.event_type === 'Comment' && !creation) {
      const comment = commentEvent(child, requester, context);
      if (comment) push({ kind: 'comment', commentId: child.id }, comment);
    } else if (child.event_type === 'Change') {
      changeEvents(child, context).forEach(([change, fields]) => push(change, { actor, ...fields }));
    }
  }
  return events;
}

function commentEvent(
  child: ExportChild,
  requester: number | undefined,
  context: ExportMappingContext,
): Omit<TicketEvent, 'eventId' | 'ticketId' | 'occurredAt'> | undefined {
  const author = child.author_id ?? undefined;
  // Our own notes coming back (marker line, or the integration user's) must not move clocks.
  if (isMarkedComment(child.body ?? '') || (author !== undefined && author === context.integrationUserId)) {
    return undefined;
  }
  const isPublic = child.public ?? child.comment_public ?? false;
  // The export does not say whether the author is staff: the requester is the end user.
  const actor = author !== undefined && author === requester ? 'end_user' : 'agent';
  return { type: isPublic ? 'comment.public' : 'comment.private', actor };
}

type ChangeFields = Omit<TicketEvent, 'eventId' | 'ticketId' | 'occurredAt' | 'actor'>;

function changeEvents(
  child: ExportChild,
  context: ExportMappingContext,
): Array<[ZendeskChange, ChangeFields]> {
  const out: Array<[ZendeskChange, ChangeFields]> = [];
  if ('status' in child) {
    const status = lower(child.status);
    if (status === 'solved' || status === 'closed') {
      out.push([
        { kind: 'status', status },
        { type: status === 'solved' ? 'ticket.solved' : 'ticket.closed', status },
      ]);
    } else if (status === 'deleted') {
      out.push([
        { kind: 'deleted', deletion: 'soft_deleted' },
        { type: 'ticket.deleted', deletion: 'soft_deleted' },
      ]);
    } else if (status && ['new', 'open', 'pending', 'hold'].includes(status)) {
      out.push([
        { kind: 'status', status },
        { type: 'status.changed', status },
      ]);
    }
  }
  if ('priority' in child) {
    const priority = lower(child.priority);
    out.push([
      { kind: 'priority', priority },
      { type: 'priority.changed', ...(priority ? { priority } : {}) },
    ]);
  }
  if ('ticket_form_id' in child) {
    const raw = text(child.ticket_form_id);
    const formId = raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
    out.push([
      { kind: 'form', formId },
      { type: 'form.changed', ...(formId ? { formId } : {}) },
    ]);
  }
  const tagEdit = tagChange(child);
  // Only requests concern the workflow (S5, A5), as on the webhook path: other tag edits are not passed on.
  if (tagEdit && addsRequestTag(tagEdit.added)) {
    out.push([
      { kind: 'tags', added: tagEdit.added },
      { type: 'tags.changed', tagsAdded: tagEdit.added, tagsRemoved: tagEdit.removed },
    ]);
  }
  for (const [field, raw] of Object.entries(child.custom_ticket_fields ?? {})) {
    const fieldId = Number(field);
    const value = text(raw);
    if (fieldId === context.fields.impact) {
      out.push([
        { kind: 'field', fieldId, value },
        { type: 'impact.changed', ...(value ? { impact: value } : {}) },
      ]);
    } else if (fieldId === context.fields.partnerSituation) {
      out.push([
        { kind: 'field', fieldId, value },
        { type: 'situation.changed', ...(value ? { situation: value } : {}) },
      ]);
    }
  }
  return out;
}

/** Every TicketEvent of a page, in the export's order. */
export function eventsOfExportPage(page: ExportPage, context: ExportMappingContext): TicketEvent[] {
  return page.ticket_events.flatMap((record) => eventsOfRecord(record, context));
}
