import { subscribedTicketEventTypes } from '../../client/server/zendesk-webhook/zendesk-events';
import {
  setupZendeskWebhook,
  webhookDefinition,
  type WebhookDefinition,
  type ZendeskWebhook,
  type ZendeskWebhooksApi,
} from '../../client/zendesk/webhook-setup';

/** A Webhooks API in memory, recording the calls made. */
function fakeApi(existing: ZendeskWebhook[] = []) {
  const calls: string[] = [];
  const api: ZendeskWebhooksApi = {
    list: async () => {
      calls.push('list');
      return existing;
    },
    create: async (definition: WebhookDefinition) => {
      calls.push('create');
      return { id: '01NEW', ...definition };
    },
    update: async (id: string) => {
      calls.push(`update ${id}`);
    },
    signingSecret: async (id: string) => {
      calls.push(`secret ${id}`);
      return `secret-of-${id}`;
    },
  };
  return { api, calls };
}

describe('Zendesk webhook setup', () => {
  test('the definition: active, POST, json, the endpoint, every ticket event type the server maps', () => {
    expect(webhookDefinition('https://support.example.com/webhooks/zendesk')).toEqual({
      name: 'Partner Support Orchestrator',
      description: expect.any(String),
      status: 'active',
      endpoint: 'https://support.example.com/webhooks/zendesk',
      http_method: 'POST',
      request_format: 'json',
      subscriptions: [...subscribedTicketEventTypes],
    });
    expect(() => webhookDefinition('support.example.com')).toThrow('is not a URL');
    expect(() => webhookDefinition('ftp://support.example.com/x')).toThrow('not an http(s) URL');
  });

  test('creates the webhook when none has the name, then reads its secret', async () => {
    const { api, calls } = fakeApi([
      { id: '01OTHER', name: 'Other', endpoint: 'x', status: 'active', subscriptions: [] },
    ]);
    const setup = await setupZendeskWebhook(api, webhookDefinition('https://a.example/webhooks/zendesk'));
    expect(calls).toEqual(['list', 'create', 'secret 01NEW']);
    expect(setup).toMatchObject({
      action: 'created',
      webhook: { id: '01NEW' },
      signingSecret: 'secret-of-01NEW',
    });
  });

  test('updates the webhook of that name in place', async () => {
    const { api, calls } = fakeApi([
      {
        id: '01MINE',
        name: 'Partner Support Orchestrator',
        endpoint: 'old',
        status: 'inactive',
        subscriptions: [],
      },
    ]);
    const setup = await setupZendeskWebhook(api, webhookDefinition('https://b.example/webhooks/zendesk'));
    expect(calls).toEqual(['list', 'update 01MINE', 'secret 01MINE']);
    expect(setup).toMatchObject({
      action: 'updated',
      webhook: { id: '01MINE', endpoint: 'https://b.example/webhooks/zendesk', status: 'active' },
      signingSecret: 'secret-of-01MINE',
    });
  });
});
