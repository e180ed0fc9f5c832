import { createHmac } from 'node:crypto';
import { signUploaderToken, verifyUploaderToken, type TokenMac } from '../../../domain/uploader-token';

const macWith =
  (secret: string): TokenMac =>
  (data) =>
    createHmac('sha256', secret).update(data).digest('base64url');
const mac = macWith('test-uploader-secret-of-32-characters!');
const now = Date.UTC(2026, 10, 30, 12, 0, 0);
const grant = { ticketId: 4242, sequence: 2, expiresAt: now + 7 * 86_400_000 };

describe('S5 uploader token', () => {
  test('a token we signed is accepted for its ticket until it expires, and carries ticket, sequence and expiry', () => {
    const token = signUploaderToken(grant, mac);
    expect(verifyUploaderToken(token, { mac, now, ticketId: 4242 })).toEqual({ ok: true, grant });
    expect(verifyUploaderToken(token, { mac, now: grant.expiresAt - 1000 })).toMatchObject({ ok: true });
  });

  test('a token signed with another secret is refused (bad signature)', () => {
    const forged = signUploaderToken(grant, macWith('another-secret-another-secret-xx'));
    expect(verifyUploaderToken(forged, { mac, now })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  test('a payload changed after signing (another ticket, a later expiry) is refused', () => {
    const token = signUploaderToken(grant, mac);
    const [, signature] = token.split('.');
    const other = signUploaderToken({ ...grant, ticketId: 4243 }, mac).split('.')[0];
    const later = signUploaderToken({ ...grant, expiresAt: grant.expiresAt + 86_400_000 }, mac).split('.')[0];
    expect(verifyUploaderToken(`${other}.${signature}`, { mac, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyUploaderToken(`${later}.${signature}`, { mac, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  test("another ticket's token is refused for this ticket", () => {
    const token = signUploaderToken({ ...grant, ticketId: 1 }, mac);
    expect(verifyUploaderToken(token, { mac, now, ticketId: 4242 })).toEqual({
      ok: false,
      reason: 'other_ticket',
    });
  });

  test('an expired token is refused, at and after its expiry', () => {
    const token = signUploaderToken(grant, mac);
    expect(verifyUploaderToken(token, { mac, now: grant.expiresAt })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyUploaderToken(token, { mac, now: grant.expiresAt + 1 })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  test.each([
    ['empty', ''],
    ['no signature', 'abc'],
    ['three parts', 'a.b.c'],
    ['not base64url', 'a+b.c/d'],
    ['too long', `${'a'.repeat(600)}.b`],
  ])('a malformed token is refused: %s', (_what, token) => {
    expect(verifyUploaderToken(token, { mac, now })).toEqual({ ok: false, reason: 'malformed' });
  });

  test('a correctly signed payload that is not a grant is refused as malformed', () => {
    const payloads = ['bm90IGpzb24', Buffer.from('{"t":-1,"s":1,"e":9999999999}').toString('base64url')];
    for (const payload of payloads)
      expect(verifyUploaderToken(`${payload}.${mac(payload)}`, { mac, now })).toEqual({
        ok: false,
        reason: 'malformed',
      });
  });

  test('the payload encoding round-trips as Node encodes base64url', () => {
    const token = signUploaderToken(grant, mac);
    const claims = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
    expect(claims).toEqual({ t: 4242, s: 2, e: grant.expiresAt / 1000 });
  });
});
