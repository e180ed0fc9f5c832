import { z } from 'zod';
import { parseInstant } from '../../../domain/instants';

/**
 * The shape of Zendesk's ticket events, validated with messages that name the field at fault
 * (see zendesk-events.ts for the reference and the mapping to the workflow's TicketEvent).
 */
export const ZENDESK_EVENT_TYPE_PREFIX = 'zen:event-type:';

/** "x is required" when absent, otherwise what a valid value looks like. */
const fieldError =
  (field: string, expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `${field} is required` : `${field} must be ${expected}`;

const MAX_ID = Number.MAX_SAFE_INTEGER;

/** A Zendesk id as webhooks send it: a decimal string (or a number); `""`, null and -1 (Zendesk itself) mean none. */
const optionalId = z
  .union([
    z
      .string()
      .trim()
      .regex(/^-?\d*$/),
    z.number().int(),
    z.null(),
  ])
  .optional()
  .transform((value) => {
    if (value === undefined || value === null || value === '') return undefined;
    const id = Number(value);
    return id > 0 && id <= MAX_ID ? id : undefined;
  });

const zendeskStatuses = [
  'new',
  'open',
  'pending',
  'hold',
  'solved',
  'closed',
  'deleted',
  'archived',
  'scrubbed',
];
const zendeskPriorities = ['low', 'normal', 'high', 'urgent'];

/** An enumeration Zendesk sends in upper case (`OPEN`); null/"" mean unset. */
const upperEnum = (field: string, values: readonly string[]) =>
  z
    .union([z.string(), z.null()], { error: fieldError(field, `one of ${values.join(', ')}`) })
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === null || value.trim() === '') return undefined;
      const lower = value.trim().toLowerCase();
      if (!values.includes(lower)) {
        ctx.addIssue({ code: 'custom', message: `${field} must be one of ${values.join(', ')}` });
        return z.NEVER;
      }
      return lower;
    });

const sequenceSchema = z.object({
  id: z.string().min(1),
  position: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
const metaSchema = z.object({ sequence: sequenceSchema.optional() }).optional();

export const envelopeSchema = z.object({
  type: z
    .string({ error: fieldError('type', 'a string') })
    .startsWith(ZENDESK_EVENT_TYPE_PREFIX, `type must start with ${ZENDESK_EVENT_TYPE_PREFIX}`),
  id: z
    .string({ error: fieldError('id', 'a string') })
    .trim()
    .min(1, 'id must not be empty')
    .max(200, 'id is longer than 200 characters'),
});

export const ticketEnvelopeSchema = envelopeSchema.extend({
  time: z
    .string({ error: fieldError('time', 'an ISO-8601 date-time') })
    .refine((time) => parseInstant(time) !== undefined, 'time must be an ISO-8601 date-time with a zone'),
  account_id: z.number({ error: fieldError('account_id', 'a number') }).int('account_id must be an integer'),
  zendesk_event_version: z.string({ error: fieldError('zendesk_event_version', 'a string') }).optional(),
  subject: z
    .string({ error: fieldError('subject', 'zen:ticket:<id>') })
    // A Zendesk ticket number as everywhere else (ticketIdParam): no 0, no leading zeros (an alias
    // of another ticket), no more than 15 digits (beyond 2^53 the number would round to another ticket).
    .regex(/^zen:ticket:[1-9]\d{0,14}$/, 'subject must be zen:ticket:<id>'),
  detail: z.object(
    {
      id: optionalId,
      actor_id: optionalId,
      requester_id: optionalId,
      status: upperEnum('detail.status', zendeskStatuses),
    },
    { error: fieldError('detail', 'an object') },
  ),
  event: z.object({ meta: metaSchema }, { error: fieldError('event', 'an object') }).loose(),
  /** Where some deliveries carry it; the reference puts it in `event.meta`. */
  meta: metaSchema,
});
export type TicketEnvelope = z.infer<typeof ticketEnvelopeSchema>;

export const commentEventSchema = z.object({
  comment: z.object(
    {
      id: optionalId,
      body: z.string().nullish(),
      is_public: z.boolean({ error: fieldError('event.comment.is_public', 'a boolean') }),
      author: z.object(
        {
          id: optionalId,
          is_staff: z.boolean({ error: fieldError('event.comment.author.is_staff', 'a boolean') }),
          name: z.string().nullish(),
        },
        { error: fieldError('event.comment.author', 'an object') },
      ),
    },
    { error: fieldError('event.comment', 'an object') },
  ),
});

const changeSchema = (field: string, value: z.ZodType) =>
  z.object({ current: value, previous: value.optional() }, { error: fieldError(field, 'an object') });

export const statusEventSchema = changeSchema('event', upperEnum('event.current', zendeskStatuses));
export const priorityEventSchema = changeSchema('event', upperEnum('event.current', zendeskPriorities));
export const formEventSchema = changeSchema(
  'event',
  z.union([optionalId, z.object({ id: optionalId }).transform((form) => form.id)]),
);
const fieldValue = z.object({ value: z.unknown().optional() }).nullish();
export const customFieldEventSchema = z.object({
  custom_field: z.object(
    {
      id: z.union([z.string().trim().regex(/^\d+$/), z.number().int().positive()], {
        error: fieldError('event.custom_field.id', 'a Zendesk id'),
      }),
    },
    { error: fieldError('event.custom_field', 'an object') },
  ),
  current: fieldValue,
  previous: fieldValue,
});

/** `ticket.tags_changed`: `{ "tags_added": [...], "tags_removed": [...] }`. */
export const tagsEventSchema = z.object({
  tags_added: z.array(z.string(), { error: fieldError('event.tags_added', 'an array of tags') }).nullish(),
  tags_removed: z
    .array(z.string(), { error: fieldError('event.tags_removed', 'an array of tags') })
    .nullish(),
});

/**
 * `ticket.attachment_linked_to_comment`: `{ "comment": { "id": "…", "attachment": { "id": "…",
 * "filename": "…", "content_type": "…", "content_url": "…", "is_public": true } } }` (no size).
 */
export const attachmentEventSchema = z.object({
  comment: z.object(
    {
      id: optionalId,
      attachment: z.object(
        {
          id: optionalId.refine((id) => id !== undefined, 'event.comment.attachment.id is required'),
          filename: z.string().nullish(),
        },
        { error: fieldError('event.comment.attachment', 'an object') },
      ),
    },
    { error: fieldError('event.comment', 'an object') },
  ),
});

/** Messages naming the field at fault: `event.comment.author.is_staff is required`. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      // Field messages already start with the field's name.
      if (!where || issue.message.startsWith(where) || /^[a-z_]+(\.[a-z_]+)* (is|must)/.test(issue.message))
        return issue.message;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
