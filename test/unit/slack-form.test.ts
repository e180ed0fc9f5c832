import { createHmac } from 'node:crypto';
import {
  partnerOfFormSecret,
  slackEscalationFormSchema,
  verifySlackSignature,
} from '../../client/server/slack-escalation/slack-form';

const forms = [
  { organizationId: 1003, secret: 'globex-escalation-secret-0001' },
  { organizationId: 1004, secret: 'initech-escalation-secret-0002' },
];

describe('partnerOfFormSecret', () => {
  test('names the partner whose secret was presented', () => {
    expect(partnerOfFormSecret('globex-escalation-secret-0001', forms)).toBe(1003);
    expect(partnerOfFormSecret('initech-escalation-secret-0002', forms)).toBe(1004);
  });
  test.each([
    undefined,
    '',
    'globex-escalation-secret-000',
    'globex-escalation-secret-00011',
    'GLOBEX-ESCALATION-SECRET-0001',
  ])('refuses %j', (secret) => expect(partnerOfFormSecret(secret, forms)).toBeUndefined());
});

describe('verifySlackSignature', () => {
  const signingSecret = 'slack-signing-secret';
  const rawBody = Buffer.from('{"request_id":"123456"}');
  const nowMs = Date.UTC(2026, 10, 23, 12, 0, 0);
  const timestamp = String(nowMs / 1000);
  const sign = (secret: string, ts: string, body: Buffer) =>
    `v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex')}`;

  test('accepts Slack’s v0 signature', () => {
    expect(
      verifySlackSignature({
        signingSecret,
        timestamp,
        signature: sign(signingSecret, timestamp, rawBody),
        rawBody,
        nowMs,
      }),
    ).toEqual({ ok: true });
  });
  test('refuses a tampered body, a wrong secret, a stale or missing timestamp', () => {
    const signature = sign(signingSecret, timestamp, rawBody);
    expect(
      verifySlackSignature({
        signingSecret,
        timestamp,
        signature,
        rawBody: Buffer.from('{"request_id":"123457"}'),
        nowMs,
      }).ok,
    ).toBe(false);
    expect(
      verifySlackSignature({
        signingSecret,
        timestamp,
        signature: sign('other', timestamp, rawBody),
        rawBody,
        nowMs,
      }).ok,
    ).toBe(false);
    const stale = String(nowMs / 1000 - 301);
    expect(
      verifySlackSignature({
        signingSecret,
        timestamp: stale,
        signature: sign(signingSecret, stale, rawBody),
        rawBody,
        nowMs,
      }).ok,
    ).toBe(false);
    expect(verifySlackSignature({ signingSecret, timestamp: undefined, signature, rawBody, nowMs }).ok).toBe(
      false,
    );
  });
});

describe('slackEscalationFormSchema', () => {
  const base = {
    request_id: '123456',
    reason: 'Down',
    desired_actions: 'Call us',
    submitter: 'carol@globex.example',
  };
  test('normalises urgency and emergency as a Slack form sends them', () => {
    expect(
      slackEscalationFormSchema.parse({ ...base, urgency: 'Not urgent', emergency: 'yes' }),
    ).toMatchObject({
      urgency: 'not_urgent',
      emergency: true,
    });
  });
  test('names each missing or invalid field', () => {
    const result = slackEscalationFormSchema.safeParse({ request_id: '1', reason: ' ', urgency: 'whenever' });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => i.message).join('; ') ?? '';
    expect(messages).toMatch(/reason is required/);
    expect(messages).toMatch(/desired_actions/);
    expect(messages).toMatch(/submitter/);
    expect(messages).toMatch(/urgency must be one of/);
  });
});
