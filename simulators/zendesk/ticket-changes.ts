import type { TicketActor } from '../../domain/ticket-events';
import { zendeskTime } from './clock';
import { recordInvalid, ZendeskApiError, type FieldError } from './errors';
import {
  ticketPriorities,
  ticketStatuses,
  type SimAttachment,
  type SimComment,
  type SimTicket,
  type SimUser,
  type TicketPriority,
  type TicketStatus,
} from './model';
import {
  apiVia,
  completeCustomFields,
  htmlToPlain,
  newUser,
  nextId,
  plainToHtml,
  type ZendeskSimState,
} from './store';
import { applyCustomFields, normalizeTags, reference } from './ticket-fields-input';
import { exportedTicketEvent } from './ticket-event-export';
import {
  buildActionPayloads,
  eventDetail,
  type ZendeskEventChange,
  type ZendeskWebhookPayload,
} from './webhook-payload';

/**
 * Ticket creation and update with Zendesk's rules
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/), producing the
 * audit the API answers with and the webhook events the change emits (Zendesk's ticket event
 * schema, webhook-payload.ts; one sequence per audit).
 */
export interface AuditEvent {
  id: number;
  type: 'Create' | 'Change' | 'Comment';
  field_name?: string;
  value?: unknown;
  previous_value?: unknown;
  body?: string;
  public?: boolean;
  author_id?: number;
  attachments?: unknown[];
}

export interface Audit {
  id: number;
  ticket_id: number;
  created_at: string;
  author_id: number;
  via: SimTicket['via'];
  metadata: { system: Record<string, unknown>; custom: Record<string, unknown> };
  events: AuditEvent[];
}

export interface TicketChange {
  ticket: SimTicket;
  audit: Audit | null;
  events: ZendeskWebhookPayload[];
}

type Input = Record<string, unknown>;

/** Who did it, as the workflow distinguishes: the requester or an end user, or an agent. */
export function actorOf(user: SimUser | undefined, ticket: Pick<SimTicket, 'requester_id'>): TicketActor {
  if (!user) return 'system';
  if (user.id === ticket.requester_id || user.role === 'end-user') return 'end_user';
  return 'agent';
}

const isStatus = (value: unknown): value is TicketStatus =>
  typeof value === 'string' && (ticketStatuses as readonly string[]).includes(value);
const isPriority = (value: unknown): value is TicketPriority =>
  typeof value === 'string' && (ticketPriorities as readonly string[]).includes(value);

interface CommentInput {
  body: string;
  html: string;
  public: boolean;
  authorId: number | undefined;
  uploads: string[];
}

function commentInput(raw: unknown): CommentInput | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') raw = { body: raw };
  const c = raw as Input;
  const html = typeof c.html_body === 'string' && c.html_body.trim() !== '' ? c.html_body : undefined;
  const body = typeof c.body === 'string' && c.body.trim() !== '' ? c.body : undefined;
  if (!html && !body) return undefined;
  return {
    body: body ?? htmlToPlain(html as string),
    html: html ?? plainToHtml(body as string),
    public: c.public === undefined ? true : c.public !== false,
    authorId: c.author_id === undefined || c.author_id === null ? undefined : Number(c.author_id),
    uploads: Array.isArray(c.uploads) ? c.uploads.map(String) : [],
  };
}

class Audits {
  readonly events: AuditEvent[] = [];
  constructor(private readonly state: ZendeskSimState) {}
  /** `id`: as Zendesk, a Comment event's id is the comment's. */
  add(event: Omit<AuditEvent, 'id'> & { id?: number }): void {
    this.events.push({ ...event, id: event.id ?? nextId(this.state, 'audit') });
  }
}

/** Status and priority must be values Zendesk knows (422 otherwise), on create and update alike. */
function checkStatusAndPriority(input: Input, errors: FieldError[]): void {
  if (input.status !== undefined && !isStatus(input.status)) {
    errors.push({
      field: 'status',
      description: `Status: ${String(input.status)} is not valid`,
      error: 'InvalidValue',
    });
  }
  if (input.priority !== undefined && input.priority !== null && !isPriority(input.priority)) {
    const description = `Priority: ${String(input.priority)} is not valid`;
    errors.push({ field: 'priority', description, error: 'InvalidValue' });
  }
}

/** An assignee must be an agent or admin. */
function agentById(state: { users: Map<number, SimUser> }, id: number): SimUser | undefined {
  const user = state.users.get(id);
  return user && user.role !== 'end-user' ? user : undefined;
}

/** An attachment's download URL (`content_url`), as the serializer of the request builds it. */
export type AttachmentUrl = (attachment: SimAttachment) => string;

export class TicketChanges {
  constructor(
    private readonly state: ZendeskSimState,
    private readonly now: () => Date,
  ) {}

  /** `attachmentUrl`: an attachment's `content_url` as the client reached the API (for its events). */
  create(input: Input, actingUser: SimUser, attachmentUrl?: AttachmentUrl): TicketChange {
    const { state } = this;
    const at = this.now();
    const errors: FieldError[] = [];
    const requester = this.requesterFor(input, actingUser, errors);
    const comment =
      commentInput(input.comment) ??
      (typeof input.description === 'string' ? commentInput({ body: input.description }) : undefined);
    if (!comment) {
      errors.push({ field: 'description', description: 'Description: cannot be blank', error: 'BlankValue' });
    }
    const organizationId = reference(
      input.organization_id,
      (id) => state.organizations.get(id),
      'organization_id',
      'Organization',
      errors,
    );
    const groupId = reference(input.group_id, (id) => state.groups.get(id), 'group_id', 'Group', errors);
    const formId = reference(
      input.ticket_form_id,
      (id) => state.ticketForms.get(id),
      'ticket_form_id',
      'Ticket form',
      errors,
    );
    const assigneeId = reference(
      input.assignee_id,
      (id) => agentById(state, id),
      'assignee_id',
      'Assignee',
      errors,
    );
    checkStatusAndPriority(input, errors);
    const authorId = comment?.authorId ?? requester?.id;
    if (comment?.authorId !== undefined && !state.users.has(comment.authorId)) {
      errors.push({ field: 'author_id', description: 'Author: is invalid', error: 'InvalidValue' });
    }
    if (errors.length > 0 || !requester || !comment || authorId === undefined) throw recordInvalid(...errors);
    // A requester given by email is created only once the ticket is valid.
    if (!state.users.has(requester.id)) state.users.set(requester.id, requester);
    const attachmentIds = this.takeUploads(comment.uploads);

    const id = nextId(state, 'ticket');
    const stamp = zendeskTime(at);
    const subject = typeof input.subject === 'string' ? input.subject : '';
    const ticket: SimTicket = {
      id,
      external_id: typeof input.external_id === 'string' ? input.external_id : null,
      type: typeof input.type === 'string' ? input.type : null,
      subject,
      raw_subject: subject,
      description: comment.body,
      priority: isPriority(input.priority) ? input.priority : null,
      status: isStatus(input.status) ? input.status : assigneeId ? 'open' : 'new',
      requester_id: requester.id,
      submitter_id: authorId,
      assignee_id: assigneeId ?? null,
      organization_id: organizationId === undefined ? requester.organization_id : organizationId,
      group_id: groupId ?? null,
      ticket_form_id: formId ?? null,
      brand_id: null,
      tags: normalizeTags(input.tags),
      custom_fields: completeCustomFields(state),
      due_at: typeof input.due_at === 'string' ? input.due_at : null,
      collaborator_ids: [],
      follower_ids: [],
      email_cc_ids: [],
      via: apiVia(),
      created_at: stamp,
      updated_at: stamp,
    };
    applyCustomFields(state, ticket, input.custom_fields ?? input.fields);
    const audit = this.newAudit(ticket, actingUser, stamp);
    const audits = new Audits(state);
    audits.add({ type: 'Create', field_name: 'status', value: ticket.status });
    const first = this.addComment(ticket, comment, authorId, attachmentIds, audit.id, stamp, audits);
    state.tickets.set(id, ticket);
    state.comments.set(id, [first]);
    audit.events = audits.events;
    state.ticketEvents.push(exportedTicketEvent(audit));

    const events = this.events(ticket, audit.id, at, authorId, [
      { type: 'created' },
      ...this.attachmentsLinked(first, attachmentUrl),
    ]);
    return { ticket, audit, events };
  }

  update(ticket: SimTicket, input: Input, actingUser: SimUser, attachmentUrl?: AttachmentUrl): TicketChange {
    const { state } = this;
    if (ticket.status === 'closed') {
      throw recordInvalid({
        field: 'status',
        description: 'Status: closed prevents ticket update',
        error: 'ClosedPreventsUpdate',
      });
    }
    if (input.safe_update === true && input.updated_stamp !== ticket.updated_at) {
      throw new ZendeskApiError(409, {
        error: 'UpdateConflict',
        description:
          'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
      });
    }
    const at = this.now();
    const stamp = zendeskTime(at);
    const errors: FieldError[] = [];
    const refs = {
      organization_id: reference(
        input.organization_id,
        (id) => state.organizations.get(id),
        'organization_id',
        'Organization',
        errors,
      ),
      group_id: reference(input.group_id, (id) => state.groups.get(id), 'group_id', 'Group', errors),
      ticket_form_id: reference(
        input.ticket_form_id,
        (id) => state.ticketForms.get(id),
        'ticket_form_id',
        'Ticket form',
        errors,
      ),
      requester_id: reference(
        input.requester_id,
        (id) => state.users.get(id),
        'requester_id',
        'Requester',
        errors,
      ),
      assignee_id: reference(
        input.assignee_id,
        (id) => agentById(state, id),
        'assignee_id',
        'Assignee',
        errors,
      ),
    };
    checkStatusAndPriority(input, errors);
    const comment = commentInput(input.comment);
    const authorId = comment?.authorId ?? actingUser.id;
    const author = state.users.get(authorId);
    if (comment && !author)
      errors.push({ field: 'author_id', description: 'Author: is invalid', error: 'InvalidValue' });
    if (errors.length > 0) throw recordInvalid(...errors);

    // Work on a copy so that a failure part-way (a bad custom field value) changes nothing.
    const before = { priority: ticket.priority, formId: ticket.ticket_form_id };
    const next: SimTicket = {
      ...ticket,
      tags: [...ticket.tags],
      custom_fields: ticket.custom_fields.map((f) => ({ ...f })),
    };
    const audits = new Audits(state);
    const change = (field: keyof SimTicket, value: unknown): void => {
      if (value === undefined || next[field] === value) return;
      audits.add({ type: 'Change', field_name: field, value, previous_value: next[field] });
      (next as unknown as Record<string, unknown>)[field] = value;
    };
    if (typeof input.subject === 'string') {
      change('subject', input.subject);
      next.raw_subject = next.subject;
    }
    for (const [field, value] of Object.entries(refs)) change(field as keyof SimTicket, value);
    if (input.priority !== undefined) change('priority', input.priority);
    if (typeof input.type === 'string' || input.type === null) change('type', input.type);
    if (typeof input.external_id === 'string' || input.external_id === null)
      change('external_id', input.external_id);
    if (typeof input.due_at === 'string' || input.due_at === null) change('due_at', input.due_at);

    const previousTags = [...next.tags];
    if (input.tags !== undefined) next.tags = normalizeTags(input.tags);
    const additional = normalizeTags(input.additional_tags);
    const removed = new Set(normalizeTags(input.remove_tags));
    next.tags = [...new Set([...next.tags, ...additional])].filter((tag) => !removed.has(tag));
    if (next.tags.join(' ') !== previousTags.join(' ')) {
      audits.add({ type: 'Change', field_name: 'tags', value: next.tags, previous_value: previousTags });
    }

    const fieldChanges = applyCustomFields(state, next, input.custom_fields ?? input.fields);
    for (const [id, previous] of fieldChanges) {
      const value = next.custom_fields.find((f) => f.id === id)?.value;
      audits.add({ type: 'Change', field_name: String(id), value, previous_value: previous });
    }

    // A requester's public reply reopens a pending or solved ticket (Zendesk does this itself).
    const requesterReplied = comment !== undefined && comment.public && actorOf(author, next) === 'end_user';
    let status = isStatus(input.status) ? input.status : undefined;
    if (status === undefined && requesterReplied && (next.status === 'pending' || next.status === 'solved')) {
      status = 'open';
    }
    const statusBefore = next.status;
    if (status !== undefined) change('status', status);
    if (
      next.status === 'solved' &&
      statusBefore !== 'solved' &&
      next.assignee_id === null &&
      actingUser.role !== 'end-user'
    ) {
      change('assignee_id', actingUser.id);
    }

    const attachmentIds = comment ? this.takeUploads(comment.uploads) : [];
    if (audits.events.length === 0 && !comment) return { ticket, audit: null, events: [] };

    const audit = this.newAudit(next, actingUser, stamp);
    let added: SimComment | undefined;
    if (comment) {
      added = this.addComment(next, comment, authorId, attachmentIds, audit.id, stamp, audits);
      state.comments.get(ticket.id)?.push(added);
    }
    next.updated_at = stamp;
    Object.assign(ticket, next);
    audit.events = audits.events;
    state.ticketEvents.push(exportedTicketEvent(audit));

    const changes: ZendeskEventChange[] = [];
    if (added) {
      changes.push({
        type: 'comment_added',
        comment: {
          id: String(added.id),
          body: added.body,
          is_public: added.public,
          author: { id: String(authorId), is_staff: author?.role !== 'end-user', name: author?.name ?? '' },
        },
      });
    }
    if (added) changes.push(...this.attachmentsLinked(added, attachmentUrl));
    if (ticket.tags.join(' ') !== previousTags.join(' ')) {
      changes.push({
        type: 'tags_changed',
        tags_added: ticket.tags.filter((tag) => !previousTags.includes(tag)),
        tags_removed: previousTags.filter((tag) => !ticket.tags.includes(tag)),
      });
    }
    if (ticket.status !== statusBefore) {
      changes.push({
        type: 'status_changed',
        current: ticket.status.toUpperCase(),
        previous: statusBefore.toUpperCase(),
      });
    }
    for (const [id, previous] of fieldChanges) {
      const field = state.ticketFields.get(id);
      changes.push({
        type: 'custom_field_changed',
        custom_field: { id: String(id), title: field?.title ?? String(id), type: field?.type ?? 'text' },
        current: { value: ticket.custom_fields.find((f) => f.id === id)?.value ?? null },
        previous: { value: previous ?? null },
      });
    }
    if (ticket.priority !== before.priority) {
      changes.push({
        type: 'priority_changed',
        current: ticket.priority?.toUpperCase() ?? null,
        previous: before.priority?.toUpperCase() ?? null,
      });
    }
    if (ticket.ticket_form_id !== before.formId) {
      const text = (id: number | null) => (id === null ? null : String(id));
      changes.push({
        type: 'form_changed',
        current: text(ticket.ticket_form_id),
        previous: text(before.formId),
      });
    }
    const events = this.events(ticket, audit.id, at, actingUser.id, changes);
    return { ticket, audit, events };
  }

  /** The event of a ticket's deletion (soft, or as spam): the ticket as it was, its status DELETED. */
  removed(
    ticket: SimTicket,
    actingUser: SimUser,
    kind: 'soft_deleted' | 'marked_as_spam',
  ): ZendeskWebhookPayload[] {
    const at = this.now();
    const gone = { ...ticket, status: 'deleted', updated_at: zendeskTime(at) };
    // In the export a deletion is a status change to `deleted`.
    const audit = this.newAudit(ticket, actingUser, zendeskTime(at));
    audit.events = [
      {
        id: nextId(this.state, 'audit'),
        type: 'Change',
        field_name: 'status',
        value: 'deleted',
        previous_value: ticket.status,
      },
    ];
    this.state.ticketEvents.push(exportedTicketEvent(audit));
    return buildActionPayloads(`ticket-${ticket.id}-${kind}`, at, eventDetail(gone, actingUser.id), [
      { type: kind },
    ]);
  }

  /** A tag-only change (`/tickets/{id}/tags.json`): recorded, but no webhook event applies. */
  setTags(ticket: SimTicket, tags: string[]): void {
    if (ticket.status === 'closed') {
      throw recordInvalid({
        field: 'status',
        description: 'Status: closed prevents ticket update',
        error: 'ClosedPreventsUpdate',
      });
    }
    if (tags.join(' ') === ticket.tags.join(' ')) return;
    ticket.tags = tags;
    ticket.updated_at = zendeskTime(this.now());
  }

  private requesterFor(input: Input, actingUser: SimUser, errors: FieldError[]): SimUser | undefined {
    const { state } = this;
    if (input.requester_id !== undefined && input.requester_id !== null) {
      const user = state.users.get(Number(input.requester_id));
      if (!user)
        errors.push({ field: 'requester_id', description: 'Requester: is invalid', error: 'InvalidValue' });
      return user;
    }
    const requester = input.requester as Input | undefined;
    if (requester && typeof requester.email === 'string') {
      const email = requester.email.trim().toLowerCase();
      const existing = [...state.users.values()].find((u) => u.email.toLowerCase() === email);
      if (existing) return existing;
      const id = nextId(state, 'user');
      const name =
        typeof requester.name === 'string' && requester.name.trim() ? requester.name : email.split('@')[0];
      return newUser({ id, name, email, role: 'end-user' }, zendeskTime(this.now()));
    }
    return actingUser;
  }

  private takeUploads(tokens: string[]): number[] {
    const ids: number[] = [];
    for (const token of tokens) {
      const upload = this.state.uploads.get(token);
      if (!upload || upload.used_by_comment_id !== null) {
        throw recordInvalid({
          field: 'base',
          description: `Uploads: ${token} is not a valid upload token`,
          error: 'InvalidValue',
        });
      }
      ids.push(...upload.attachment_ids);
    }
    return ids;
  }

  private addComment(
    ticket: SimTicket,
    comment: CommentInput,
    authorId: number,
    attachmentIds: number[],
    auditId: number,
    stamp: string,
    audits: Audits,
  ): SimComment {
    const author = this.state.users.get(authorId);
    const added: SimComment = {
      id: nextId(this.state, 'comment'),
      type: 'Comment',
      ticket_id: ticket.id,
      author_id: authorId,
      body: comment.body,
      html_body: comment.html,
      plain_body: htmlToPlain(comment.html),
      // End users' comments are always public.
      public: author?.role === 'end-user' ? true : comment.public,
      attachment_ids: attachmentIds,
      audit_id: auditId,
      via: apiVia(),
      created_at: stamp,
    };
    for (const upload of this.state.uploads.values()) {
      if (upload.attachment_ids.some((id) => attachmentIds.includes(id)))
        upload.used_by_comment_id = added.id;
    }
    audits.add({
      id: added.id,
      type: 'Comment',
      body: added.body,
      public: added.public,
      author_id: authorId,
    });
    return added;
  }

  private newAudit(ticket: SimTicket, actingUser: SimUser, stamp: string): Audit {
    return {
      id: nextId(this.state, 'audit'),
      ticket_id: ticket.id,
      created_at: stamp,
      author_id: actingUser.id,
      via: apiVia(),
      metadata: { system: { client: 'node-zendesk' }, custom: {} },
      events: [],
    };
  }

  /** Zendesk's `attachment_linked_to_comment`, one per attachment of a new comment (it carries no size). */
  private attachmentsLinked(
    comment: SimComment,
    attachmentUrl: AttachmentUrl | undefined,
  ): ZendeskEventChange[] {
    return comment.attachment_ids.flatMap((id) => {
      const attachment = this.state.attachments.get(id);
      if (!attachment) return [];
      return [
        {
          type: 'attachment_linked_to_comment' as const,
          comment: {
            id: String(comment.id),
            attachment: {
              id: String(attachment.id),
              content_type: attachment.content_type,
              content_url: attachmentUrl?.(attachment) ?? '',
              filename: attachment.file_name,
              is_public: comment.public,
            },
          },
        },
      ];
    });
  }

  /** The webhook events of one audit: one sequence, the ticket as it is after the change. */
  private events(
    ticket: SimTicket,
    auditId: number,
    at: Date,
    actorId: number,
    changes: ZendeskEventChange[],
  ): ZendeskWebhookPayload[] {
    return buildActionPayloads(
      `ticket-${ticket.id}-audit-${auditId}`,
      at,
      eventDetail(ticket, actorId),
      changes,
    );
  }
}
