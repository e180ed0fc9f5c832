import { json, SimulatorApp } from '../common/http-app';
import { loadWorld, type World } from '../fixtures/world';
import { validRateLimit, WebhookRateLimiter, type WebhookRateLimit } from './rate-limit';
import { slackText, webhookHandler, type SlackMessage, type SlackState } from './webhooks';

export type { SlackMessage } from './webhooks';

export interface SlackSimulatorOptions {
  port?: number;
  host?: string;
  world?: World;
  now?: () => Date;
  /** Per incoming webhook; `false` turns it off. Default: 1 a second, bursts of 10 (rate-limit.ts). */
  rateLimit?: WebhookRateLimit | false;
}

/** Slack's answer strings for injected faults (the webhook error table's spellings). */
function faultBody(status: number): string {
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'no_service';
  if (status === 403) return 'action_prohibited';
  if (status === 410) return 'channel_is_archived';
  if (status >= 500) return 'rollup_error';
  return 'invalid_payload';
}

/**
 * The Slack simulator (default port 4030): the incoming webhooks of the fixture world
 * (`world.slack.incomingWebhooks`), recording every accepted message. See simulators/README.md.
 */
export async function startSlackSimulator(options: SlackSimulatorOptions = {}) {
  const world = options.world ?? loadWorld();
  const now = options.now ?? (() => new Date());
  const state: SlackState = {
    webhooks: world.slack.incomingWebhooks.map(({ path, channel }) => ({ path, channel })),
    messages: [],
    archived: new Set(),
    rateLimiter: new WebhookRateLimiter(options.rateLimit),
  };
  const setArchived = (path: string, archived = true): void => {
    if (archived) state.archived.add(path);
    else state.archived.delete(path);
  };
  const app = new SimulatorApp(
    'slack',
    [{ method: 'POST', pattern: '/services/:team/:bot/:token', handler: webhookHandler(state, now) }],
    {
      reset: () => {
        state.messages.length = 0;
        state.archived.clear();
        state.rateLimiter.reset();
      },
      state: () => ({
        messages: state.messages,
        archived: [...state.archived],
        rateLimit: state.rateLimiter.limit,
      }),
      action: (method, path, body) => {
        // POST /__admin/rate-limit {"perSecond": 1, "burst": 10} or false: the webhooks' rate limit.
        if (method === 'POST' && path === '/__admin/rate-limit') {
          const limit = validRateLimit(body);
          if (limit === undefined)
            return json(400, {
              error: 'invalid_rate_limit',
              message: 'expected {"perSecond": >0, "burst": integer >= 1} or false',
            });
          state.rateLimiter.configure(limit);
          return json(200, { rateLimit: limit });
        }
        // POST /__admin/webhooks/archive {"path": "/services/…", "archived": true}: the channel
        // behind a webhook is archived (410 channel_is_archived) or restored.
        if (method !== 'POST' || path !== '/__admin/webhooks/archive') return undefined;
        const { path: hookPath, archived } = (body ?? {}) as { path?: unknown; archived?: unknown };
        if (typeof hookPath !== 'string') return json(400, { error: 'path is required' });
        setArchived(hookPath, archived !== false);
        return json(200, { archived: [...state.archived] });
      },
    },
  );
  app.faults.defaultBody = faultBody;
  app.invalidJsonResponse = () => slackText(400, 'invalid_payload');
  const running = await app.listen(options.port ?? 4030, options.host);
  const messages: SlackMessage[] = state.messages;
  const setRateLimit = (limit: WebhookRateLimit | false): void => state.rateLimiter.configure(limit);
  return { ...running, app, messages, setArchived, setRateLimit };
}

export type SlackSimulator = Awaited<ReturnType<typeof startSlackSimulator>>;
