import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Zendesk webhook authenticity (https://developer.zendesk.com/documentation/webhooks/verifying/):
 * `X-Zendesk-Webhook-Signature` is base64(HMAC-SHA256(secret, timestamp + raw body)) and
 * `X-Zendesk-Webhook-Signature-Timestamp` the ISO-8601 time it was signed. A captured request
 * replayed later than the window is refused; inside the window a replay is harmless, because the
 * ticket workflow ignores an event id it has already seen.
 */
export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const SIGNATURE_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export type SignatureFailure = 'MissingSignature' | 'InvalidSignature' | 'StaleTimestamp';
export type SignatureVerdict = { ok: true } | { ok: false; error: SignatureFailure; message: string };

export interface SignedRequest {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  now: Date;
  windowMs?: number;
}

// ISO-8601 date-time with a zone (Zendesk sends `2026-11-20T09:00:00Z`); Date.parse alone accepts far more.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The signature Zendesk computes for a body signed at `timestamp` (also used by tests and the benchmark). */
export function signZendeskWebhook(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(timestamp).update(rawBody).digest('base64');
}

export function verifyZendeskSignature(request: SignedRequest): SignatureVerdict {
  const { signature, timestamp } = request;
  if (!signature || !timestamp) {
    return {
      ok: false,
      error: 'MissingSignature',
      message: 'X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp are required',
    };
  }
  const invalid: SignatureVerdict = {
    ok: false,
    error: 'InvalidSignature',
    message: 'The webhook signature does not match the body and timestamp',
  };
  const presented = signature.trim();
  if (!BASE64.test(presented)) return invalid;
  const expected = createHmac('sha256', request.secret).update(timestamp).update(request.rawBody).digest();
  const given = Buffer.from(presented, 'base64');
  // timingSafeEqual needs equal lengths; a wrong length is simply a wrong signature.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;

  // Checked after the signature, so that only Zendesk learns why a signed request was too old.
  const signedAt = ISO_TIMESTAMP.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(signedAt)) {
    return {
      ok: false,
      error: 'StaleTimestamp',
      message: 'X-Zendesk-Webhook-Signature-Timestamp is not an ISO-8601 time',
    };
  }
  const windowMs = request.windowMs ?? SIGNATURE_WINDOW_MS;
  if (Math.abs(request.now.getTime() - signedAt) > windowMs) {
    return {
      ok: false,
      error: 'StaleTimestamp',
      message: `The webhook timestamp is not within ${Math.round(windowMs / 60_000)} minutes of the server's time`,
    };
  }
  return { ok: true };
}
