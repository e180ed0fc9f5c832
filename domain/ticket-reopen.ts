import type { TicketEvent } from './ticket-events';

/** Zendesk statuses that put a solved ticket back in someone's queue. */
const reopenedStatuses: ReadonlySet<string> = new Set(['new', 'open', 'pending', 'hold']);

/**
 * Whether an event wakes a dormant ticket (solved, quiet, its run ended): it is worked on again,
 * so its lifecycle continues in a new run from the state it ended with. Anything else (a private
 * note, a late `ticket.solved`, the close Zendesk does days after solving) changes nothing the
 * workflow would act on, and is acknowledged and ignored.
 */
export function reopensTicket(event: Pick<TicketEvent, 'type' | 'actor' | 'status'>): boolean {
  switch (event.type) {
    case 'status.changed':
      return event.status !== undefined && reopenedStatuses.has(event.status);
    case 'comment.public':
      // Zendesk reopens a solved ticket when the requester replies, not when an agent comments.
      return event.actor === 'end_user';
    case 'impact.changed':
      // A new impact means the problem is live again (and its SLA targets change).
      return true;
    case 'ticket.created':
    case 'comment.private':
    case 'ticket.solved':
    case 'ticket.closed':
    // Deletion ends a ticket; situation, priority and form edits alone do not put it back in a queue.
    case 'ticket.deleted':
    case 'situation.changed':
    case 'priority.changed':
    case 'form.changed':
    // S5: the comment carrying an attachment reopens it, the tag alone does not.
    case 'tags.changed':
    case 'attachment.linked':
      return false;
  }
}
