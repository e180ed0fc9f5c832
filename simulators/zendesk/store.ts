import type { SimWebhook } from './routes/webhooks';
import type { World } from '../fixtures/world';
import { emptyValue, ticketFieldRecord } from './fields';
import type {
  CustomFieldValue,
  SimAttachment,
  SimComment,
  SimGroup,
  SimOrganization,
  SimTicket,
  SimTicketField,
  SimTicketForm,
  SimUpload,
  SimUser,
  TicketPriority,
  TicketStatus,
  UserRole,
  Via,
} from './model';
import type { ExportedTicketEvent } from './ticket-event-export';
import type { WebhookDelivery } from './webhooks';

/** The simulator's whole in-memory state; tests read it directly (`handle.state`). */
export interface ZendeskSimState {
  tickets: Map<number, SimTicket>;
  /** Each ticket's comments, oldest first (the first one is the description). */
  comments: Map<number, SimComment[]>;
  users: Map<number, SimUser>;
  organizations: Map<number, SimOrganization>;
  groups: Map<number, SimGroup>;
  ticketForms: Map<number, SimTicketForm>;
  ticketFields: Map<number, SimTicketField>;
  /** Ticket field ids by the names the world uses (`impact`, `partner_case_number`, …). */
  fieldIds: Record<string, number>;
  uploads: Map<string, SimUpload>;
  attachments: Map<number, SimAttachment>;
  /** Uploaded bytes by attachment id (kept apart so that state dumps stay small). */
  attachmentContent: Map<number, Buffer>;
  /** `Idempotency-Key` of ticket creations → the ticket created and the request it answered. */
  idempotencyKeys: Map<string, { ticketId: number; fingerprint: string }>;
  webhookDeliveries: WebhookDelivery[];
  /** Webhooks created through the Webhooks API (routes/webhooks.ts), by id. */
  webhooks: Map<string, SimWebhook>;
  /** Every ticket audit, oldest first, as the incremental ticket event export serves it. */
  ticketEvents: ExportedTicketEvent[];
  sequences: Record<'ticket' | 'comment' | 'user' | 'organization' | 'attachment' | 'audit', number>;
}

/** When seeded records (which the world gives no dates) were created. */
const SEEDED_AT = '2026-01-05T09:00:00Z';

export const apiVia = (): Via => ({ channel: 'api', source: { from: {}, to: {}, rel: null } });

export function createState(): ZendeskSimState {
  return {
    tickets: new Map(),
    comments: new Map(),
    users: new Map(),
    organizations: new Map(),
    groups: new Map(),
    ticketForms: new Map(),
    ticketFields: new Map(),
    fieldIds: {},
    uploads: new Map(),
    attachments: new Map(),
    attachmentContent: new Map(),
    idempotencyKeys: new Map(),
    webhookDeliveries: [],
    webhooks: new Map(),
    ticketEvents: [],
    sequences: { ticket: 0, comment: 0, user: 0, organization: 0, attachment: 0, audit: 0 },
  };
}

export function nextId(state: ZendeskSimState, kind: keyof ZendeskSimState['sequences']): number {
  state.sequences[kind] += 1;
  return state.sequences[kind];
}

export function newUser(
  fields: Pick<SimUser, 'id' | 'name' | 'email' | 'role'> & Partial<SimUser>,
  at: string,
): SimUser {
  return {
    organization_id: null,
    external_id: null,
    tags: [],
    notes: '',
    details: '',
    phone: null,
    time_zone: 'UTC',
    locale: 'en-US',
    active: true,
    verified: true,
    suspended: false,
    user_fields: {},
    created_at: at,
    updated_at: at,
    ...fields,
  };
}

/** Plain text as Zendesk renders a comment's `html_body`. */
export function plainToHtml(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  const paragraphs = escaped
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
  return `<div class="zd-comment" dir="auto">${paragraphs}</div>`;
}

/** An `html_body` as plain text (tags dropped, entities and line breaks restored). */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** Every known custom field with the ticket's value, in field order (as the API serves them). */
export function completeCustomFields(
  state: ZendeskSimState,
  values: Map<number, unknown> = new Map(),
): CustomFieldValue[] {
  return [...state.ticketFields.values()].map((field) => ({
    id: field.id,
    value: values.has(field.id) ? values.get(field.id) : emptyValue(field),
  }));
}

/**
 * Fills `state` (in place, so handles to it stay valid) from the fixture world: tickets with
 * their descriptions as first comments, users, organizations, groups, forms and ticket fields.
 */
export function seedState(state: ZendeskSimState, world: World, operatorEmails: string[]): void {
  const fresh = createState();
  for (const key of Object.keys(fresh) as Array<keyof ZendeskSimState>) {
    (state as unknown as Record<string, unknown>)[key] = fresh[key];
  }
  const z = world.zendesk;

  Object.entries(z.ticketFields).forEach(([key, id], index) => {
    state.fieldIds[key] = id;
    state.ticketFields.set(id, ticketFieldRecord(key, id, index + 1, SEEDED_AT));
  });
  z.groups.forEach((g) =>
    state.groups.set(g.id, {
      id: g.id,
      name: g.name,
      description: '',
      default: false,
      deleted: false,
      is_public: true,
      created_at: SEEDED_AT,
      updated_at: SEEDED_AT,
    }),
  );
  z.ticketForms.forEach((f, index) =>
    state.ticketForms.set(f.id, {
      id: f.id,
      name: f.name,
      raw_name: f.name,
      display_name: f.name,
      raw_display_name: f.name,
      active: f.active,
      default: 'default' in f ? Boolean(f.default) : false,
      end_user_visible: true,
      position: index + 1,
      in_all_brands: true,
      restricted_brand_ids: [],
      ticket_field_ids: [...state.ticketFields.keys()],
      created_at: SEEDED_AT,
      updated_at: SEEDED_AT,
    }),
  );
  z.organizations.forEach((o) =>
    state.organizations.set(o.id, {
      id: o.id,
      name: o.name,
      external_id: o.external_id,
      notes: o.notes,
      details: '',
      tags: [...o.tags],
      domain_names: [],
      group_id: null,
      shared_tickets: false,
      shared_comments: false,
      organization_fields: { ...o.organization_fields },
      created_at: SEEDED_AT,
      updated_at: SEEDED_AT,
    }),
  );
  z.users.forEach((u) =>
    state.users.set(
      u.id,
      newUser(
        {
          id: u.id,
          name: u.name,
          email: u.email,
          role: u.role as UserRole,
          organization_id: u.organization_id,
        },
        SEEDED_AT,
      ),
    ),
  );
  const ids = (map: Map<number, unknown>): number[] => [...map.keys()];
  state.sequences.user = Math.max(0, ...ids(state.users));
  // The configured integration user always exists, as the account's API user would.
  for (const email of operatorEmails) {
    if ([...state.users.values()].some((u) => u.email.toLowerCase() === email.toLowerCase())) continue;
    const id = nextId(state, 'user');
    state.users.set(id, newUser({ id, name: 'API user', email, role: 'admin' }, SEEDED_AT));
  }
  state.sequences.organization = Math.max(0, ...ids(state.organizations));

  state.sequences.comment = 10_000_000_000;
  state.sequences.audit = 20_000_000_000;
  state.sequences.attachment = 30_000_000_000;
  for (const t of z.tickets) {
    const values = new Map<number, unknown>();
    for (const [key, value] of Object.entries(t.custom_fields)) {
      const id = state.fieldIds[key];
      if (id !== undefined) values.set(id, value);
    }
    const at = t.created_at.replace(/\.\d{3}Z$/, 'Z');
    state.tickets.set(t.id, {
      id: t.id,
      external_id: t.external_id,
      type: null,
      subject: t.subject,
      raw_subject: t.subject,
      description: t.description,
      priority: t.priority as TicketPriority | null,
      status: t.status as TicketStatus,
      requester_id: t.requester_id,
      submitter_id: t.requester_id,
      assignee_id: null,
      organization_id: t.organization_id,
      group_id: t.group_id,
      ticket_form_id: t.ticket_form_id,
      brand_id: null,
      tags: [...t.tags],
      custom_fields: completeCustomFields(state, values),
      due_at: null,
      collaborator_ids: [],
      follower_ids: [],
      email_cc_ids: [],
      via: apiVia(),
      created_at: at,
      updated_at: at,
    });
    state.comments.set(t.id, [
      {
        id: nextId(state, 'comment'),
        type: 'Comment',
        ticket_id: t.id,
        author_id: t.requester_id,
        body: t.description,
        html_body: plainToHtml(t.description),
        plain_body: t.description,
        public: true,
        attachment_ids: [],
        audit_id: nextId(state, 'audit'),
        via: apiVia(),
        created_at: at,
      },
    ]);
  }
  state.sequences.ticket = Math.max(0, ...ids(state.tickets));
}

/** A JSON-friendly dump of the state for `GET /__admin/state`. */
export function stateSnapshot(state: ZendeskSimState): unknown {
  return {
    tickets: [...state.tickets.values()],
    comments: Object.fromEntries(state.comments),
    users: [...state.users.values()],
    organizations: [...state.organizations.values()],
    groups: [...state.groups.values()],
    ticketForms: [...state.ticketForms.values()],
    ticketFields: [...state.ticketFields.values()],
    uploads: [...state.uploads.values()],
    attachments: [...state.attachments.values()],
    webhookDeliveries: state.webhookDeliveries,
    webhooks: [...state.webhooks.values()],
    ticketEvents: state.ticketEvents,
  };
}
