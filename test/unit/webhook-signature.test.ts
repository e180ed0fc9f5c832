import {
  signZendeskWebhook,
  verifyZendeskSignature,
  type SignedRequest,
} from '../../client/server/zendesk-webhook/signature';

/** Zendesk webhook signatures: base64(HMAC-SHA256(secret, timestamp + raw body)), 5-minute window. */
const secret = 'local-zendesk-webhook-secret';
const timestamp = '2026-11-20T09:00:00Z';
const body =
  '{"type":"zen:event-type:ticket.created","account_id":22129848,"id":"cbe4028c-7239-495d-b020-f22348516046","time":"2026-11-20T08:59:58.672717030Z","zendesk_event_version":"2022-11-06","subject":"zen:ticket:123456","detail":{"id":"123456","status":"NEW"},"event":{}}';
// Computed independently: printf '%s%s' "$timestamp" "$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64
const knownSignature = 'Em9nWUM5UZXSf186Zs0mdnEzceCWMX9ybpk5sUaGXIU=';
const signedAt = Date.parse(timestamp);

const request = (overrides: Partial<SignedRequest> = {}): SignedRequest => ({
  secret,
  signature: knownSignature,
  timestamp,
  rawBody: Buffer.from(body),
  now: new Date(signedAt + 1_000),
  ...overrides,
});

describe('verifyZendeskSignature', () => {
  test('signZendeskWebhook matches an independently computed vector', () => {
    expect(signZendeskWebhook(secret, timestamp, body)).toBe(knownSignature);
  });

  test('a valid signature within the window is accepted', () => {
    expect(verifyZendeskSignature(request())).toEqual({ ok: true });
  });

  test.each([
    ['exactly 5 minutes old', signedAt + 5 * 60_000],
    ['5 minutes ahead (clock skew)', signedAt - 5 * 60_000],
  ])('the window edge is inclusive: %s', (_label, now) => {
    expect(verifyZendeskSignature(request({ now: new Date(now) }))).toEqual({ ok: true });
  });

  test.each<[string, Partial<SignedRequest>, string]>([
    ['a tampered body', { rawBody: Buffer.from(body.replace('123456', '123457')) }, 'InvalidSignature'],
    ['a body with one extra trailing space', { rawBody: Buffer.from(`${body} `) }, 'InvalidSignature'],
    ['a wrong secret', { secret: 'another-secret' }, 'InvalidSignature'],
    ['a timestamp changed after signing', { timestamp: '2026-11-20T09:00:01Z' }, 'InvalidSignature'],
    ['a non-base64 signature', { signature: 'not base64!!' }, 'InvalidSignature'],
    ['a truncated signature', { signature: knownSignature.slice(0, 20) }, 'InvalidSignature'],
    ['a hex signature (wrong encoding)', { signature: 'ab'.repeat(32) }, 'InvalidSignature'],
    ['an empty signature', { signature: '' }, 'MissingSignature'],
    ['a missing signature header', { signature: undefined }, 'MissingSignature'],
    ['a missing timestamp header', { timestamp: undefined }, 'MissingSignature'],
    ['a stale timestamp (6 minutes old)', { now: new Date(signedAt + 6 * 60_000) }, 'StaleTimestamp'],
    ['a future timestamp (6 minutes ahead)', { now: new Date(signedAt - 6 * 60_000) }, 'StaleTimestamp'],
  ])('%s is refused', (_label, overrides, error) => {
    const verdict = verifyZendeskSignature(request(overrides));
    expect(verdict).toMatchObject({ ok: false, error });
    expect(verdict.ok || verdict.message.length > 0).toBe(true);
  });

  test('a captured request replayed an hour later is refused, and re-stamping it breaks the signature', () => {
    const later = new Date(signedAt + 60 * 60_000);
    expect(verifyZendeskSignature(request({ now: later }))).toMatchObject({
      ok: false,
      error: 'StaleTimestamp',
    });
    const restamped = new Date(later.getTime()).toISOString();
    expect(verifyZendeskSignature(request({ now: later, timestamp: restamped }))).toMatchObject({
      ok: false,
      error: 'InvalidSignature',
    });
  });

  test('a signed but unparseable timestamp is refused', () => {
    const odd = 'Fri, 20 Nov 2026 09:00:00 GMT';
    const verdict = verifyZendeskSignature(
      request({ timestamp: odd, signature: signZendeskWebhook(secret, odd, body) }),
    );
    expect(verdict).toMatchObject({ ok: false, error: 'StaleTimestamp' });
    expect(verdict.ok ? '' : verdict.message).toContain('ISO-8601');
  });

  test('timestamps with milliseconds or an offset are accepted when signed', () => {
    for (const stamp of ['2026-11-20T09:00:00.000Z', '2026-11-20T10:00:00+01:00']) {
      expect(
        verifyZendeskSignature(
          request({ timestamp: stamp, signature: signZendeskWebhook(secret, stamp, body) }),
        ),
      ).toEqual({ ok: true });
    }
  });
});
