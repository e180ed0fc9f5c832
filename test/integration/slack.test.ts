import { IncomingWebhook } from '@slack/webhook';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { FailureTypes } from '../../activities/errors';
import { createSlackActivities, type SlackSentMarker } from '../../activities/slack';
import { startSlackSimulator, type SlackSimulator } from '../../simulators/slack';

/** The Slack activity through the real @slack/webhook client against the Slack simulator. */

const ALERTS = '/services/T0LOCAL/B0ALERTS/local-alerts';
const OWNERS = '/services/T0LOCAL/B0OWNERS/local-owners';
const WEBHOOK_ROUTE = 'POST /services/:team/:bot/:token';

let sim: SlackSimulator;

const webhook = (path: string) => new IncomingWebhook(`${sim.url}${path}`);
const activities = (alerts = ALERTS) =>
  createSlackActivities({ alerts: webhook(alerts), owners: webhook(OWNERS) });
const admin = (path: string, body?: unknown) =>
  fetch(`${sim.url}/__admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const post = (path: string, body: string, contentType = 'application/json') =>
  fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

beforeAll(async () => {
  sim = await startSlackSimulator({ port: 0 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  await admin('reset');
});

describe('postSlackMessage', () => {
  test('posts to the channel of each webhook, with the key in the context line and metadata', async () => {
    const slack = activities();
    await expect(
      slack.postSlackMessage({
        channel: 'alerts',
        idempotencyKey: 'sla-breach:123456',
        text: 'Ticket #123456 breached',
      }),
    ).resolves.toEqual({ sent: true });
    await slack.postSlackMessage({
      channel: 'owners',
      idempotencyKey: 'owner:123456',
      text: 'For olivia: #123456',
    });

    expect(sim.messages).toEqual([
      expect.objectContaining({
        path: ALERTS,
        channel: '#support-managers-oncall',
        text: 'Ticket #123456 breached',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Ticket #123456 breached' } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'ref `sla-breach:123456`' }] },
        ],
        metadata: {
          event_type: 'partner_support_message',
          event_payload: { idempotency_key: 'sla-breach:123456' },
        },
      }),
      expect.objectContaining({ path: OWNERS, channel: '#account-owners', text: 'For olivia: #123456' }),
    ]);
  });

  test('an unknown webhook (no_service, 404) fails fast', async () => {
    const failure = activities('/services/T0LOCAL/B0NOPE/revoked').postSlackMessage({
      channel: 'alerts',
      idempotencyKey: 'k',
      text: 'hello',
    });
    await expect(failure).rejects.toMatchObject({ type: FailureTypes.notFound, nonRetryable: true });
    await expect(failure).rejects.toThrow(/no_service/);
    expect(sim.messages).toHaveLength(0);
  });

  test('an archived channel (channel_is_archived, 410) fails fast', async () => {
    expect((await admin('webhooks/archive', { path: ALERTS })).status).toBe(200);
    const failure = activities().postSlackMessage({ channel: 'alerts', idempotencyKey: 'k', text: 'hello' });
    await expect(failure).rejects.toMatchObject({ type: FailureTypes.invalidRequest, nonRetryable: true });
    await expect(failure).rejects.toThrow(/channel_is_archived/);
    sim.setArchived(ALERTS, false);
    await expect(
      activities().postSlackMessage({ channel: 'alerts', idempotencyKey: 'k', text: 'hello' }),
    ).resolves.toEqual({ sent: true });
  });

  test('a 500 is retryable, and @slack/webhook made one request (Temporal owns retries)', async () => {
    await admin('faults', { route: WEBHOOK_ROUTE, status: 500, count: 1 });
    const failure = activities().postSlackMessage({ channel: 'alerts', idempotencyKey: 'k', text: 'hello' });
    await expect(failure).rejects.toMatchObject({ type: FailureTypes.unavailable, nonRetryable: false });
    await expect(failure).rejects.toThrow(/rollup_error/);
    expect(sim.app.requests.filter((r) => r.route === WEBHOOK_ROUTE)).toHaveLength(1);
    expect(sim.messages).toHaveLength(0);
  });

  test('a 429 is retryable; a connection reset is a retryable network failure', async () => {
    await admin('faults', { route: WEBHOOK_ROUTE, status: 429, retryAfter: 3, count: 1 });
    await expect(
      activities().postSlackMessage({ channel: 'alerts', idempotencyKey: 'k', text: 'hello' }),
    ).rejects.toMatchObject({ type: FailureTypes.rateLimited, nonRetryable: false });

    await admin('faults', { route: WEBHOOK_ROUTE, connectionReset: true, count: 1 });
    await expect(
      activities().postSlackMessage({ channel: 'alerts', idempotencyKey: 'k', text: 'hello' }),
    ).rejects.toMatchObject({ type: FailureTypes.network, nonRetryable: false });
    expect(sim.messages).toHaveLength(0);
  });
});

describe('retries do not post twice (heartbeat details)', () => {
  const input = {
    channel: 'alerts' as const,
    idempotencyKey: 'star-request:123456',
    text: 'STAR requested for #123456',
  };

  test('a successful post heartbeats the marker for the next attempt', async () => {
    const env = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => heartbeats.push(details));
    await expect(env.run(activities().postSlackMessage, input)).resolves.toEqual({ sent: true });
    expect(heartbeats).toEqual([{ sent: true, key: input.idempotencyKey } satisfies SlackSentMarker]);
    expect(sim.messages).toHaveLength(1);
  });

  test('a retried attempt that finds the marker skips the post', async () => {
    const env = new MockActivityEnvironment({
      attempt: 2,
      heartbeatDetails: { sent: true, key: input.idempotencyKey },
    });
    await expect(env.run(activities().postSlackMessage, input)).resolves.toEqual({ sent: false });
    expect(sim.app.requests).toHaveLength(0);
    expect(sim.messages).toHaveLength(0);
  });

  test("a marker for another key, or a failed post's attempt, does not stop the post", async () => {
    const other = new MockActivityEnvironment({
      attempt: 2,
      heartbeatDetails: { sent: true, key: 'another' },
    });
    await expect(other.run(activities().postSlackMessage, input)).resolves.toEqual({ sent: true });

    await admin('faults', { route: WEBHOOK_ROUTE, status: 503, count: 1 });
    // A quiet logger: the worker logs every failed activity at WARN, expected here.
    const failing = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
    const heartbeats: unknown[] = [];
    failing.on('heartbeat', (details: unknown) => heartbeats.push(details));
    await expect(failing.run(activities().postSlackMessage, input)).rejects.toMatchObject({
      nonRetryable: false,
    });
    expect(heartbeats).toEqual([]);
    expect(sim.messages).toHaveLength(1);
  });
});

describe('Slack simulator wire behaviour', () => {
  test('answers ok in text/plain', async () => {
    const response = await post(ALERTS, JSON.stringify({ text: 'plain' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    await expect(response.text()).resolves.toBe('ok');
  });

  test.each([
    ['invalid JSON', 400, 'invalid_payload', '{"text": ', 'application/json'],
    ['no text', 400, 'no_text', JSON.stringify({ username: 'bot' }), 'application/json'],
    ['text of the wrong type', 400, 'invalid_payload', JSON.stringify({ text: 42 }), 'application/json'],
    ['a non-JSON content type', 400, 'invalid_payload', 'text=hello', 'text/plain'],
  ])('%s → %i %s', async (_name, status, answer, body, contentType) => {
    const response = await post(ALERTS, body, contentType);
    expect(response.status).toBe(status);
    await expect(response.text()).resolves.toBe(answer);
    expect(sim.messages).toHaveLength(0);
  });

  test('form-encoded payload= and blocks-only messages are accepted', async () => {
    const form = new URLSearchParams({ payload: JSON.stringify({ text: 'from a form' }) }).toString();
    expect((await post(OWNERS, form, 'application/x-www-form-urlencoded')).status).toBe(200);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*bold*' } }];
    expect((await post(OWNERS, JSON.stringify({ blocks }))).status).toBe(200);
    expect(sim.messages.map((m) => [m.text, m.blocks])).toEqual([
      ['from a form', undefined],
      ['', blocks],
    ]);
  });

  test('the admin state lists the messages and reset clears them', async () => {
    await post(ALERTS, JSON.stringify({ text: 'one' }));
    const state = (await (await fetch(`${sim.url}/__admin/state`)).json()) as {
      messages: Array<{ text: string }>;
    };
    expect(state.messages.map((m) => m.text)).toEqual(['one']);
    await admin('reset');
    expect(sim.messages).toEqual([]);
  });
});
