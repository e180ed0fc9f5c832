import type { SimRequest, SimResponse } from '../common/http-app';
import { rateLimitedResponse, type WebhookRateLimiter } from './rate-limit';

/**
 * Slack incoming webhooks ("Sending messages using incoming webhooks", api.slack.com/messaging/webhooks,
 * and its error table): `POST /services/T…/B…/<token>` with a JSON body (or form-encoded `payload=`),
 * answered `200 ok` in text/plain, or an error string with its status.
 */

export interface SlackMessage {
  /** The webhook path, e.g. `/services/T0LOCAL/B0ALERTS/local-alerts`. */
  path: string;
  /** The channel the webhook was installed to post in. */
  channel: string;
  text: string;
  blocks?: unknown[];
  metadata?: unknown;
  receivedAt: string;
}

export interface SlackState {
  webhooks: Array<{ path: string; channel: string }>;
  messages: SlackMessage[];
  archived: Set<string>;
  /** About one message a second per webhook, short bursts tolerated (429 + Retry-After beyond). */
  rateLimiter: WebhookRateLimiter;
}

export const slackText = (status: number, body: string): SimResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

function payloadOf(req: SimRequest): unknown {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('json')) return req.json;
  if (type.includes('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(req.rawBody.toString('utf8')).get('payload');
    if (payload === null) return undefined;
    try {
      return JSON.parse(payload) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function webhookHandler(state: SlackState, now: () => Date) {
  return (req: SimRequest): SimResponse => {
    const hook = state.webhooks.find((w) => w.path === req.path);
    if (!hook) return slackText(404, 'no_service');
    if (state.archived.has(hook.path)) return slackText(410, 'channel_is_archived');
    const rate = state.rateLimiter.take(hook.path);
    if (!rate.allowed) return rateLimitedResponse(rate.retryAfterSeconds);
    const payload = payloadOf(req);
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      return slackText(400, 'invalid_payload');
    }
    const { text, blocks, attachments, metadata } = payload as Record<string, unknown>;
    if (
      (text !== undefined && typeof text !== 'string') ||
      (blocks !== undefined && !Array.isArray(blocks))
    ) {
      return slackText(400, 'invalid_payload');
    }
    const hasContent =
      (typeof text === 'string' && text.trim() !== '') || (Array.isArray(blocks) && blocks.length > 0);
    if (!hasContent && !(Array.isArray(attachments) && attachments.length > 0))
      return slackText(400, 'no_text');
    if (Array.isArray(attachments) && attachments.length > 100) return slackText(400, 'too_many_attachments');
    state.messages.push({
      path: hook.path,
      channel: hook.channel,
      text: typeof text === 'string' ? text : '',
      ...(Array.isArray(blocks) ? { blocks } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
      receivedAt: now().toISOString(),
    });
    return slackText(200, 'ok');
  };
}
