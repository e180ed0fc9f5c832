import { randomBytes } from 'node:crypto';
import type { Route } from '../../common/http-app';
import { json } from '../../common/http-app';
import { apiRoute, type ApiRequest, type ZendeskContext } from '../api';
import { zendeskTime } from '../clock';
import { forbidden, ZendeskApiError } from '../errors';

/**
 * The Webhooks API (https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/):
 * create, list, show, update, delete, and the signing secret. An active webhook subscribed to
 * ticket events becomes the simulator's webhook target (endpoint, signing secret, subscriptions,
 * `X-Zendesk-Webhook-Id`), as a real account would start sending to it.
 */
export interface SimWebhook {
  id: string;
  name: string;
  description: string;
  status: 'active' | 'inactive';
  endpoint: string;
  http_method: string;
  request_format: string;
  subscriptions: string[];
  signing_secret: { algorithm: 'SHA256'; secret: string };
  created_at: string;
  updated_at: string;
  created_by: string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Zendesk's webhook ids are ULIDs (26 characters of Crockford base 32). */
function ulid(at: Date): string {
  let time = at.getTime();
  let head = '';
  for (let i = 0; i < 10; i += 1) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const tail = [...randomBytes(16)].map((byte) => CROCKFORD[byte % 32]).join('');
  return head + tail;
}

/** The Webhooks API answers errors as `{errors: [{code, title, detail}]}`. */
const invalid = (detail: string): ZendeskApiError =>
  new ZendeskApiError(400, { errors: [{ code: 'InvalidValue', title: 'Invalid value', detail }] });
const webhookNotFound = (): ZendeskApiError =>
  new ZendeskApiError(404, {
    errors: [{ code: 'WebhookNotFound', title: 'Webhook not found', detail: 'Webhook not found' }],
  });

const EVENT_TYPE = /^zen:event-type:[a-z_]+\.[a-z_]+$/;

/** The writable fields of a create or update, checked as Zendesk checks them. */
function webhookInput(
  body: Record<string, unknown>,
  existing?: SimWebhook,
): Omit<SimWebhook, 'id' | 'created_at' | 'updated_at' | 'created_by' | 'signing_secret'> {
  const input = body.webhook;
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw invalid('webhook is required');
  const w = input as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof w[key] === 'string' ? (w[key] as string) : undefined;
  const name = text('name') ?? existing?.name;
  const endpoint = text('endpoint') ?? existing?.endpoint;
  const httpMethod = text('http_method') ?? existing?.http_method;
  const requestFormat = text('request_format') ?? existing?.request_format;
  const status = text('status') ?? existing?.status;
  const subscriptions = w.subscriptions ?? existing?.subscriptions ?? [];
  if (!name) throw invalid('name is required');
  if (!endpoint || !/^https?:\/\/\S+$/.test(endpoint)) throw invalid('endpoint must be a URL');
  if (!httpMethod || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(httpMethod)) {
    throw invalid('http_method must be one of GET, POST, PUT, PATCH, DELETE');
  }
  if (!requestFormat || !['json', 'xml', 'form_encoded'].includes(requestFormat)) {
    throw invalid('request_format must be one of json, xml, form_encoded');
  }
  if (status !== 'active' && status !== 'inactive') throw invalid('status must be active or inactive');
  if (!Array.isArray(subscriptions) || !subscriptions.every((s) => typeof s === 'string')) {
    throw invalid('subscriptions must be a list of event types');
  }
  const events = subscriptions.filter((s) => s !== 'conditional_ticket_events');
  if (!events.every((s) => EVENT_TYPE.test(s))) throw invalid('subscriptions holds an unknown event type');
  if (events.length > 0 && (httpMethod !== 'POST' || requestFormat !== 'json')) {
    throw invalid('a webhook subscribed to Zendesk events must use POST and json');
  }
  return {
    name,
    description: text('description') ?? existing?.description ?? '',
    status,
    endpoint,
    http_method: httpMethod,
    request_format: requestFormat,
    subscriptions: [...subscriptions] as string[],
  };
}

/** What the API shows of a webhook: everything but the secret (which has its own endpoint). */
const shown = ({ signing_secret, ...webhook }: SimWebhook) => ({
  ...webhook,
  signing_secret: { algorithm: signing_secret.algorithm, secret: null },
});

export function webhookRoutes(ctx: ZendeskContext): Route[] {
  const { state } = ctx;
  const webhookOf = (req: ApiRequest): SimWebhook => {
    const webhook = state.webhooks.get(req.params.id ?? '');
    if (!webhook) throw webhookNotFound();
    return webhook;
  };
  // Managing webhooks is for admins (the integration user is one).
  const adminOnly = (req: ApiRequest): void => {
    if (req.user.role !== 'admin') throw forbidden();
  };
  /** The newest active webhook with ticket event subscriptions receives the simulator's events. */
  const retarget = (): void => {
    const target = [...state.webhooks.values()]
      .filter(
        (w) => w.status === 'active' && w.subscriptions.some((s) => s.startsWith('zen:event-type:ticket.')),
      )
      .at(-1);
    if (!target) return;
    ctx.webhooks.configure({
      ...ctx.webhooks.current,
      url: target.endpoint,
      secret: target.signing_secret.secret,
      webhookId: target.id,
      subscriptions: target.subscriptions,
    });
  };

  return [
    apiRoute(ctx, 'GET', '/webhooks', (req) => {
      adminOnly(req);
      const webhooks = [...state.webhooks.values()].map(shown);
      return json(200, {
        webhooks,
        meta: { has_more: false, after_cursor: null, before_cursor: null },
        links: { next: null, prev: null },
      });
    }),
    apiRoute(ctx, 'POST', '/webhooks', (req) => {
      adminOnly(req);
      const input = webhookInput(req.body);
      const at = zendeskTime(ctx.now());
      const webhook: SimWebhook = {
        id: ulid(ctx.now()),
        ...input,
        // Zendesk generates the secret; it is read back with GET …/signing_secret.
        signing_secret: { algorithm: 'SHA256', secret: randomBytes(32).toString('base64url') },
        created_at: at,
        updated_at: at,
        created_by: String(req.user.id),
      };
      state.webhooks.set(webhook.id, webhook);
      retarget();
      return json(201, { webhook: shown(webhook) });
    }),
    apiRoute(ctx, 'GET', '/webhooks/:id', (req) => {
      adminOnly(req);
      return json(200, { webhook: shown(webhookOf(req)) });
    }),
    apiRoute(ctx, 'PUT', '/webhooks/:id', (req) => {
      adminOnly(req);
      const webhook = webhookOf(req);
      Object.assign(webhook, webhookInput(req.body, webhook), { updated_at: zendeskTime(ctx.now()) });
      retarget();
      return { status: 204 };
    }),
    apiRoute(ctx, 'DELETE', '/webhooks/:id', (req) => {
      adminOnly(req);
      state.webhooks.delete(webhookOf(req).id);
      return { status: 204 };
    }),
    apiRoute(ctx, 'GET', '/webhooks/:id/signing_secret', (req) => {
      adminOnly(req);
      return json(200, { signing_secret: { ...webhookOf(req).signing_secret } });
    }),
  ];
}
