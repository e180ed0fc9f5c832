import type { ZendeskClient } from '../../activities/zendesk/client';
import { subscribedTicketEventTypes } from '../server/zendesk-webhook/zendesk-events';

/**
 * The Zendesk webhook that sends this service its ticket events, set up through Zendesk's
 * Webhooks API (https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/):
 * created once, updated in place afterwards (found by name), so that running the setup again
 * after an upgrade subscribes it to the event types this version maps.
 */
export const DEFAULT_WEBHOOK_NAME = 'Partner Support Orchestrator';

export interface WebhookDefinition {
  name: string;
  description: string;
  status: 'active';
  endpoint: string;
  http_method: 'POST';
  request_format: 'json';
  subscriptions: string[];
}

export interface ZendeskWebhook {
  id: string;
  name: string;
  endpoint: string;
  status: string;
  subscriptions: string[];
}

/** The Webhooks API calls the setup makes (node-zendesk's, or a test double). */
export interface ZendeskWebhooksApi {
  list(): Promise<ZendeskWebhook[]>;
  create(definition: WebhookDefinition): Promise<ZendeskWebhook>;
  update(id: string, definition: WebhookDefinition): Promise<void>;
  signingSecret(id: string): Promise<string>;
}

export interface WebhookSetup {
  action: 'created' | 'updated';
  webhook: ZendeskWebhook;
  /** What the webhook server's ZENDESK_WEBHOOK_SECRET must be. */
  signingSecret: string;
}

/** The webhook this service needs: its ticket events, signed, as JSON to its endpoint (pure). */
export function webhookDefinition(endpoint: string, name = DEFAULT_WEBHOOK_NAME): WebhookDefinition {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`${endpoint} is not a URL (the webhook server's …/webhooks/zendesk)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${endpoint} is not an http(s) URL`);
  }
  return {
    name,
    description: 'Ticket events for the Partner Support Orchestrator (signed; see its README)',
    status: 'active',
    endpoint: url.toString(),
    http_method: 'POST',
    request_format: 'json',
    subscriptions: [...subscribedTicketEventTypes],
  };
}

/** Creates the webhook, or updates the one of that name; then reads its signing secret back. */
export async function setupZendeskWebhook(
  api: ZendeskWebhooksApi,
  definition: WebhookDefinition,
): Promise<WebhookSetup> {
  const existing = (await api.list()).find((webhook) => webhook.name === definition.name);
  let action: WebhookSetup['action'];
  let webhook: ZendeskWebhook;
  if (existing) {
    await api.update(existing.id, definition);
    action = 'updated';
    webhook = { ...existing, ...definition, id: existing.id };
  } else {
    webhook = await api.create(definition);
    action = 'created';
  }
  return { action, webhook, signingSecret: await api.signingSecret(webhook.id) };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** node-zendesk unwraps `{webhook: …}` in some versions and not in others: accept both. */
function asWebhook(value: unknown): ZendeskWebhook {
  const webhook = isObject(value) && isObject(value.webhook) ? value.webhook : value;
  if (!isObject(webhook) || typeof webhook.id !== 'string') {
    throw new Error(`Zendesk answered without a webhook: ${JSON.stringify(value)}`);
  }
  return {
    id: webhook.id,
    name: String(webhook.name ?? ''),
    endpoint: String(webhook.endpoint ?? ''),
    status: String(webhook.status ?? ''),
    subscriptions: Array.isArray(webhook.subscriptions) ? webhook.subscriptions.map(String) : [],
  };
}

/** The Webhooks API through node-zendesk (its `webhooks` client: no `.json` suffix, cursor pages). */
export function zendeskWebhooksApi(client: ZendeskClient): ZendeskWebhooksApi {
  const { webhooks } = client;
  return {
    list: async () => {
      const all = (await webhooks.list()) as unknown;
      const items = Array.isArray(all)
        ? all
        : isObject(all) && Array.isArray(all.webhooks)
          ? all.webhooks
          : [];
      return items.map(asWebhook);
    },
    create: async (definition) => asWebhook((await webhooks.create({ webhook: definition })).result),
    update: async (id, definition) => {
      await webhooks.update(id, { webhook: definition });
    },
    signingSecret: async (id) => {
      const { result } = await webhooks.getSigningSecret(id);
      const body = isObject(result) && isObject(result.signing_secret) ? result.signing_secret : result;
      if (!isObject(body) || typeof body.secret !== 'string' || body.secret === '') {
        throw new Error(`Zendesk answered without the webhook's signing secret`);
      }
      return body.secret;
    },
  };
}
