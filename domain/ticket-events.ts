/**
 * Ticket events as the workflow receives them: one per Zendesk webhook event (Zendesk's ticket
 * event types, mapped by client/server/zendesk-webhook/zendesk-events.ts, or read back from its
 * ticket event export by the reconciliation), each with a key derived from the change
 * (domain/zendesk-change-ids.ts), so that redeliveries, and a change seen both ways, are ignored.
 */
export const ticketEventTypes = [
  'ticket.created',
  'comment.public',
  'comment.private',
  'status.changed',
  'impact.changed',
  'ticket.solved',
  'ticket.closed',
  /** Soft-deleted, marked as spam, or permanently deleted in Zendesk (`deletion` says which). */
  'ticket.deleted',
  /** The partner situation custom field changed (`situation`; absent when cleared). */
  'situation.changed',
  /** Zendesk's own priority changed (`priority`; absent when cleared). */
  'priority.changed',
  /** The ticket form changed (`formId`; absent when cleared). */
  'form.changed',
  /** Tags were added or removed (`tagsAdded`, `tagsRemoved`): S5's request_large_upload. */
  'tags.changed',
  /** An attachment was linked to a comment (`attachmentId`, `fileName`; Zendesk sends no size): S5's 20 MB rule. */
  'attachment.linked',
] as const;
export type TicketEventType = (typeof ticketEventTypes)[number];

export type TicketActor = 'agent' | 'end_user' | 'system';

export const ticketDeletions = ['soft_deleted', 'marked_as_spam', 'permanently_deleted'] as const;
export type TicketDeletion = (typeof ticketDeletions)[number];

export interface TicketEvent {
  eventId: string;
  ticketId: number;
  type: TicketEventType;
  /** ISO-8601 time Zendesk recorded the change; events may arrive out of order. */
  occurredAt: string;
  actor?: TicketActor;
  /** Zendesk status (lower case) after a `status.changed` event, or the initial one on `ticket.created`. */
  status?: string;
  /** Impact after an `impact.changed` event. */
  impact?: string;
  /** Partner situation after a `situation.changed` event. */
  situation?: string;
  /** Zendesk priority (lower case) after a `priority.changed` event. */
  priority?: string;
  /** Ticket form id after a `form.changed` event. */
  formId?: number;
  /** How a `ticket.deleted` ticket went. */
  deletion?: TicketDeletion;
  /** Tags added and removed by a `tags.changed` event. */
  tagsAdded?: string[];
  tagsRemoved?: string[];
  /** The Zendesk attachment of an `attachment.linked` event, and its file name. */
  attachmentId?: number;
  fileName?: string;
}
