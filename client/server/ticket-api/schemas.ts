import { z } from 'zod';
import { starUrgencies } from '../../../domain/star';

/** Request bodies of the ticket API. Messages name the field, so a caller can fix the request. */

const text = (field: string, max: number) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`),
    })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} is longer than ${max} characters`);

export const ticketIdParam = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, 'The ticket ID must be a Zendesk ticket number (digits only, e.g. 123456)')
  .transform(Number);

/** `Not urgent`, `not-urgent` and `not_urgent` all mean the same urgency. */
export const urgencySchema = z
  .string({ error: 'urgency must be a string' })
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/[\s-]+/g, '_'))
  .pipe(z.enum(starUrgencies, { error: `urgency must be one of ${starUrgencies.join(', ')}` }));

export const escalationBody = z.object({
  reason: text('reason', 5000),
  desiredActions: text('desiredActions', 5000),
  submitter: text('submitter', 320),
  urgency: urgencySchema.optional(),
  emergency: z.boolean({ error: 'emergency must be true or false' }).optional(),
});

export const acknowledgeBody = z.object({ by: text('by', 320) });

export const unstarBody = z.object({
  by: text('by', 320),
  // DESIGN.md: unstarring needs a reason; refused here, before Temporal is touched.
  reason: text('reason', 2000),
});

/** `field: problem; field: problem` — the first few issues of a failed parse. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.map(String).join('.');
      return field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
