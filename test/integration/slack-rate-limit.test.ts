import { FailureTypes } from '../../activities/errors';
import { createSlackActivities } from '../../activities/slack';
import { createSlackWebhook } from '../../activities/slack/webhook-client';
import { startSlackSimulator, type SlackSimulator } from '../../simulators/slack';
import { WebhookRateLimiter } from '../../simulators/slack/rate-limit';

/** Slack's pace on incoming webhooks, in the simulator and as the Slack activity meets it. */

const ALERTS = '/services/T0LOCAL/B0ALERTS/local-alerts';
const OWNERS = '/services/T0LOCAL/B0OWNERS/local-owners';

let sim: SlackSimulator;
const post = (path: string, text = 'hello') =>
  fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
const admin = (path: string, body: unknown) =>
  fetch(`${sim.url}/__admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  sim = await startSlackSimulator({ port: 0, rateLimit: { perSecond: 1, burst: 3 } });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await admin('reset', {});
  sim.setRateLimit({ perSecond: 1, burst: 3 });
});

describe('the Slack simulator paces each incoming webhook', () => {
  test('a burst is taken, then 429 with Retry-After and Slack’s rate_limited body; other webhooks are not affected', async () => {
    for (let i = 0; i < 3; i += 1) expect((await post(ALERTS, `burst ${i}`)).status).toBe(200);
    const limited = await post(ALERTS, 'one too many');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(limited.json()).resolves.toMatchObject({ ok: false, error: 'rate_limited' });
    expect((await post(OWNERS, 'another webhook')).status).toBe(200);
    expect(sim.messages.map((m) => m.text)).toEqual(['burst 0', 'burst 1', 'burst 2', 'another webhook']);
  });

  test('the admin route sets the limit (or turns it off) and refuses a bad one', async () => {
    const bad = await admin('rate-limit', { perSecond: 0, burst: 2 });
    expect(bad.status).toBe(400);
    await expect(bad.json()).resolves.toMatchObject({ error: 'invalid_rate_limit' });
    expect((await admin('rate-limit', false)).status).toBe(200);
    for (let i = 0; i < 20; i += 1) expect((await post(ALERTS)).status).toBe(200);
    expect((await admin('rate-limit', { perSecond: 1, burst: 1 })).status).toBe(200);
    expect((await post(ALERTS)).status).toBe(200);
    expect((await post(ALERTS)).status).toBe(429);
  });

  test('the bucket refills at the rate (token bucket, on its own clock)', () => {
    let now = 0;
    const limiter = new WebhookRateLimiter({ perSecond: 1, burst: 2 }, () => now);
    expect(limiter.take(ALERTS)).toEqual({ allowed: true });
    expect(limiter.take(ALERTS)).toEqual({ allowed: true });
    expect(limiter.take(ALERTS)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 1_000;
    expect(limiter.take(ALERTS)).toEqual({ allowed: true });
    expect(limiter.take(ALERTS)).toMatchObject({ allowed: false });
    now = 60_000;
    // Never more than the burst, however long the webhook was quiet.
    expect([1, 2, 3].map(() => limiter.take(ALERTS).allowed)).toEqual([true, true, false]);
  });
});

describe('the Slack activity meets the limit', () => {
  test("a 429 is a retryable RateLimited failure whose next retry waits Slack's Retry-After", async () => {
    sim.setRateLimit({ perSecond: 0.2, burst: 1 });
    const slack = createSlackActivities({
      alerts: createSlackWebhook(`${sim.url}${ALERTS}`),
      owners: createSlackWebhook(`${sim.url}${OWNERS}`),
    });
    await slack.postSlackMessage({ channel: 'alerts', idempotencyKey: 'a', text: 'first' });
    const failure = slack.postSlackMessage({ channel: 'alerts', idempotencyKey: 'b', text: 'second' });
    await expect(failure).rejects.toMatchObject({
      type: FailureTypes.rateLimited,
      nonRetryable: false,
      nextRetryDelay: '5s',
    });
    await expect(failure).rejects.toThrow(/HTTP 429: .*rate_limited/);
    expect(sim.messages.map((m) => m.text)).toEqual(['first']);
  });

  test('a long digest is split into section blocks between its lines, every line whole', async () => {
    sim.setRateLimit(false);
    const slack = createSlackActivities({
      alerts: createSlackWebhook(`${sim.url}${ALERTS}`),
      owners: createSlackWebhook(`${sim.url}${OWNERS}`),
    });
    const lines = Array.from(
      { length: 50 },
      (_, i) => `• alert ${i} on ticket #${1000 + i} ${'x'.repeat(150)}`,
    );
    await slack.postSlackMessage({
      channel: 'alerts',
      idempotencyKey: 'digest-alerts-1',
      text: lines.join('\n'),
    });
    const blocks = sim.messages[0].blocks as Array<{ type: string; text?: { text: string } }>;
    const sections = blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((s) => s.length <= 3000)).toBe(true);
    expect(sections.join('\n')).toBe(lines.join('\n'));
  });
});
