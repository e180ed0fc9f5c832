import { createHmac } from 'node:crypto';

/**
 * Zendesk's webhook signature (https://developer.zendesk.com/documentation/webhooks/verifying/):
 * base64(HMAC-SHA256(secret, timestamp + raw body)), sent in `X-Zendesk-Webhook-Signature` with
 * the timestamp in `X-Zendesk-Webhook-Signature-Timestamp`.
 */
export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const SIGNATURE_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

export function zendeskWebhookSignature(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(timestamp).update(rawBody).digest('base64');
}
