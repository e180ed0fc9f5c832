import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { starUrgencies } from '../../../domain/star';
import { secretsEqual } from '../bearer-auth';

/**
 * The Slack workflow form's web request (A6). Field names follow the variables a Slack
 * workflow "Send a web request" step is configured with.
 */
export const slackEscalationFormSchema = z.object({
  request_id: z.string({ error: 'request_id is required' }),
  reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason is required').max(5000),
  desired_actions: z
    .string({ error: 'desired_actions is required' })
    .trim()
    .min(1, 'desired_actions is required')
    .max(5000),
  submitter: z.string({ error: 'submitter is required' }).trim().min(1, 'submitter is required').max(320),
  urgency: z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => value.replace(/[\s-]+/g, '_'))
    .pipe(z.enum(starUrgencies, { error: `urgency must be one of ${starUrgencies.join(', ')}` }))
    .optional(),
  emergency: z
    .union([z.boolean(), z.enum(['true', 'false', 'yes', 'no'])])
    .transform((value) => value === true || value === 'true' || value === 'yes')
    .optional(),
});
export type SlackEscalationForm = z.infer<typeof slackEscalationFormSchema>;

/** The partner whose form secret was presented (constant-time compares), or undefined. */
export function partnerOfFormSecret(
  presented: string | undefined,
  forms: Array<{ organizationId: number; secret: string }>,
): number | undefined {
  if (!presented) return undefined;
  let match: number | undefined;
  // Compare against every secret, so timing does not tell which partner nearly matched.
  for (const form of forms) if (secretsEqual(presented, form.secret)) match = form.organizationId;
  return match;
}

const SLACK_SIGNATURE_WINDOW_S = 5 * 60;

/** Slack's request signing: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`, within 5 minutes. */
export function verifySlackSignature(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
  nowMs: number;
}): { ok: true } | { ok: false; message: string } {
  const { timestamp, signature } = input;
  if (!timestamp || !/^\d+$/.test(timestamp) || !signature) {
    return { ok: false, message: 'X-Slack-Signature needs X-Slack-Request-Timestamp' };
  }
  if (Math.abs(input.nowMs / 1000 - Number(timestamp)) > SLACK_SIGNATURE_WINDOW_S) {
    return { ok: false, message: 'The Slack request timestamp is outside the 5-minute window' };
  }
  const expected = `v0=${createHmac('sha256', input.signingSecret)
    .update(`v0:${timestamp}:`)
    .update(input.rawBody)
    .digest('hex')}`;
  return secretsEqual(signature, expected) ? { ok: true } : { ok: false, message: 'Invalid Slack signature' };
}
