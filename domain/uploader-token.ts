/**
 * S5: the Support Uploader's link token. It names one ticket, the uploader's sequence on that
 * ticket and its expiry, and is signed with HMAC-SHA-256 under a server secret, so that the page
 * and its callback need no lookup to refuse a forged, foreign or expired link:
 *
 *   <base64url of {"t":<ticketId>,"s":<sequence>,"e":<expiry, epoch seconds>}>.<base64url of HMAC>
 *
 * Pure: the keyed hash is passed in (node:crypto stays out of domain/), see
 * activities/uploads/token-signer.ts.
 */

export interface UploaderGrant {
  ticketId: number;
  /** Which uploader of the ticket (1, 2, …): each request issues a new one. */
  sequence: number;
  /** Epoch milliseconds (whole seconds in the token). */
  expiresAt: number;
}

/** base64url of HMAC-SHA-256(secret, data). */
export type TokenMac = (data: string) => string;

export type TokenCheck =
  | { ok: true; grant: UploaderGrant }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'other_ticket' | 'expired' };

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** UTF-8 bytes → base64url, without Buffer (domain code). The payload is ASCII JSON. */
function base64url(text: string): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (let i = 0; i < text.length; i += 1) {
    value = (value << 8) | (text.charCodeAt(i) & 0xff);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(value >> bits) & 63];
    }
  }
  if (bits > 0) out += ALPHABET[(value << (6 - bits)) & 63];
  return out;
}

function fromBase64url(encoded: string): string | undefined {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const char of encoded) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return undefined;
    value = ((value << 6) | index) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}

/** Compares every character whatever differs first, so timing says nothing about the MAC. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1)
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

const isPositiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

export function signUploaderToken(grant: UploaderGrant, mac: TokenMac): string {
  const payload = base64url(
    JSON.stringify({ t: grant.ticketId, s: grant.sequence, e: Math.floor(grant.expiresAt / 1000) }),
  );
  return `${payload}.${mac(payload)}`;
}

/**
 * Checks a presented token: well formed, signed by us, for `ticketId` (when the URL names one),
 * not expired at `now`. The signature is checked before anything in the payload is believed.
 */
export function verifyUploaderToken(
  token: string,
  options: { mac: TokenMac; now: number; ticketId?: number },
): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1]) || token.length > 512)
    return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts;
  if (!constantTimeEqual(options.mac(payload), signature)) return { ok: false, reason: 'bad_signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(fromBase64url(payload) ?? '');
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { t, s, e } = (claims ?? {}) as { t?: unknown; s?: unknown; e?: unknown };
  if (!isPositiveInteger(t) || !isPositiveInteger(s) || !isPositiveInteger(e))
    return { ok: false, reason: 'malformed' };
  if (options.ticketId !== undefined && options.ticketId !== t) return { ok: false, reason: 'other_ticket' };
  const expiresAt = e * 1000;
  if (options.now >= expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, grant: { ticketId: t, sequence: s, expiresAt } };
}

/** What the page says for each refusal (never which check failed beyond what the holder may know). */
export const tokenRefusal: Record<Exclude<TokenCheck, { ok: true }>['reason'], string> = {
  malformed: 'This upload link is not valid.',
  bad_signature: 'This upload link is not valid.',
  other_ticket: 'This upload link is not valid for this ticket.',
  expired: 'This upload link has expired. Please ask Support for a new one on your ticket.',
};
