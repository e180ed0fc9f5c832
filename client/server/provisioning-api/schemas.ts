import { z } from 'zod';
import { isValidEmail, normalizeEmail } from '../../../domain/account-provisioning';

/** Request bodies of the provisioning API (A1). Messages name the field, so a caller can fix the request. */

const email = (field: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`),
    })
    .trim()
    .refine(isValidEmail, `${field} must be an email address`)
    .transform(normalizeEmail);

export const emailParam = email('email');

export const provisioningBody = z.strictObject({
  email: email('email'),
  name: z
    .string({ error: 'name must be a string' })
    .trim()
    .min(1, 'name must not be empty')
    .max(255, 'name is longer than 255 characters')
    .optional(),
  accountId: z
    .string({
      error: (issue) => (issue.input === undefined ? 'accountId is required' : 'accountId must be a string'),
    })
    .trim()
    .regex(
      /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/,
      'accountId must be a Salesforce Account Id (15 or 18 characters)',
    ),
  requestedBy: email('requestedBy'),
  createContact: z.boolean({ error: 'createContact must be true or false' }).optional(),
});
export type ProvisioningBody = z.output<typeof provisioningBody>;

export const deprovisioningBody = z.strictObject({ requestedBy: email('requestedBy') });
