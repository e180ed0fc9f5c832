import { loadConfig } from '../../config';
import { SimulatorApp } from '../common/http-app';
import { loadWorld, type World } from '../fixtures/world';
import type { ZendeskContext } from './api';
import { seedUsers } from './admin-seed';
import { acceptedCredentials, type Credentials } from './auth';
import type { Now } from './clock';
import { faultBody } from './errors';
import { catalogRoutes } from './routes/catalog';
import { incrementalRoutes } from './routes/incremental';
import { organizationRoutes } from './routes/organizations';
import { searchRoutes } from './routes/search';
import { ticketRoutes } from './routes/tickets';
import { uploadRoutes } from './routes/uploads';
import { userRoutes } from './routes/users';
import { webhookRoutes } from './routes/webhooks';
import { createState, seedState, stateSnapshot, type ZendeskSimState } from './store';
import { WebhookDispatcher, type WebhookOptions } from './webhooks';

export type { Credentials } from './auth';
export type { ZendeskSimState } from './store';
export type { WebhookDelivery, WebhookOptions } from './webhooks';
export type { ZendeskWebhookPayload } from './webhook-payload';

export interface ZendeskSimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** Where to send signed ticket webhooks; none are sent when absent. */
  webhook?: WebhookOptions;
  /** The fixture world to seed from (default: simulators/fixtures/world.json). */
  world?: World;
  /** The simulator's clock for every timestamp it records (default: the system clock). */
  now?: Now;
  /**
   * Accepted credentials. Default: the configuration's defaults (config/index.ts) and the OAuth
   * token `local-zendesk-oauth-token`; `npm run simulators` adds the configured ones.
   */
  credentials?: Credentials;
  /** The account's attachment size limit (default 20 MB, S5). */
  maxUploadBytes?: number;
  /**
   * The first id a new ticket may get (default: after the fixture's). `npm run simulators` sets it
   * from the clock: its Temporal data persists across restarts, the simulator's does not, and a
   * reused ticket id would reach the old ticket's workflow.
   */
  firstNewTicketId?: number;
}

export interface ZendeskSimulator {
  /** e.g. `http://127.0.0.1:4010` */
  url: string;
  port: number;
  /** `url + '/api/v2'`: what ZENDESK_URL / node-zendesk's `endpointUri` point at. */
  apiUrl: string;
  app: SimulatorApp;
  /** The live in-memory state, for tests to read. */
  state: ZendeskSimState;
  now: Now;
  /** Replaces (or, with undefined, removes) the webhook target and its delivery options. */
  setWebhook(options: WebhookOptions | undefined): void;
  /** With `outOfOrder`: delivers the held events now (in reverse order). */
  flushWebhooks(): void;
  /** Back to the fixture world (as `POST /__admin/reset`). */
  reset(): void;
  close(): Promise<void>;
}

function defaultCredentials(): Credentials[] {
  const defaults = loadConfig({}).zendesk;
  return [{ email: defaults.email, apiToken: defaults.apiToken, oauthTokens: ['local-zendesk-oauth-token'] }];
}

/**
 * The Zendesk Support API simulator (see simulators/README.md, "Zendesk"): the API v2 subset the
 * activities use, over the one fixture world, with Zendesk's auth, errors, pagination and
 * rate-limit headers, fault injection and an admin API, and signed ticket webhooks.
 */
export async function startZendeskSimulator(
  options: ZendeskSimulatorOptions = {},
): Promise<ZendeskSimulator> {
  const world = options.world ?? loadWorld();
  const now = options.now ?? ((): Date => new Date());
  const credentials = acceptedCredentials(options.credentials ? [options.credentials] : defaultCredentials());
  const state = createState();
  const seed = (): void => {
    seedState(state, world, credentials.operatorEmails);
    if (options.firstNewTicketId !== undefined)
      state.sequences.ticket = Math.max(state.sequences.ticket, options.firstNewTicketId - 1);
  };
  seed();
  const webhooks = new WebhookDispatcher(state);
  webhooks.configure(options.webhook);
  const ctx: ZendeskContext = { state, now, credentials, webhooks };

  const app = new SimulatorApp(
    'zendesk',
    [
      ...ticketRoutes(ctx),
      ...userRoutes(ctx),
      ...organizationRoutes(ctx),
      ...catalogRoutes(ctx),
      ...searchRoutes(ctx),
      ...uploadRoutes(ctx, options.maxUploadBytes ?? 20 * 1024 * 1024),
      ...webhookRoutes(ctx),
      ...incrementalRoutes(ctx),
    ],
    {
      reset: () => {
        webhooks.discardHeld();
        seed();
      },
      state: () => stateSnapshot(state),
      action: (method, path, body) =>
        method === 'POST' && path === '/__admin/users' ? seedUsers(state, now, body) : undefined,
    },
  );
  app.faults.defaultBody = faultBody;
  const running = await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: running.url,
    port: running.port,
    apiUrl: `${running.url}/api/v2`,
    app,
    state,
    now,
    setWebhook: (webhook) => webhooks.configure(webhook),
    flushWebhooks: () => webhooks.flush(),
    reset: () => {
      webhooks.discardHeld();
      seed();
      app.faults.clear();
      app.requests.length = 0;
    },
    close: async () => {
      await webhooks.close();
      await running.close();
    },
  };
}
