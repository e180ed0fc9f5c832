import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import { buildServer } from '../../client/server/build-server';
import { createServerLogger } from '../../client/server/logger';
import { signZendeskWebhook } from '../../client/server/zendesk-webhook/signature';
import { partnerTicketStartOptions } from '../../client/temporal/start-options';
import { loadConfig, type AppConfig } from '../../config';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { partnerTicket } from '../../workflows';
import { ticketEventSignal } from '../../workflows/definitions';
import { countingTemporalClient, type CountingTemporalClient } from './counting-temporal-client';
import { startSimulatedWorld, type SimulatedWorld } from './simulated-world';
import { startDevServerEnvironment } from './temporal';

/**
 * The real webhook/API server (buildServer) on a real Temporal dev server, for tests of bad input:
 * its Temporal client counts every workflow call (a test-only client interceptor), a ticket
 * workflow is seeded so that a request naming it can be checked to leave its history as it was,
 * and the Zendesk simulator holds the fixture world's tickets (escalations look tickets up there).
 * No worker runs: nothing here should reach a workflow.
 */
export const API_TOKEN = 'refusal-test-api-token-0123456789';
export const WEBHOOK_SECRET = 'refusal-test-webhook-secret';
export const GLOBEX_FORM_SECRET = 'globex-escalation-secret-0001';
export const INITECH_FORM_SECRET = 'initech-escalation-secret-0002';
/** Fixture tickets: Globex's (case number T123456789) and Acme's. */
export const GLOBEX_TICKET = 123456;
export const GLOBEX_CASE_NUMBER = 'T123456789';
export const ACME_TICKET = 123457;
/** Ticket numbers from here on exist neither in Zendesk nor in Temporal. */
export const FIRST_UNKNOWN_TICKET = 1_000_000_000;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface HttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Uint8Array;
}

export interface RefusalServer {
  env: TestWorkflowEnvironment;
  world: SimulatedWorld;
  config: AppConfig;
  temporal: CountingTemporalClient;
  app: FastifyInstance;
  /** The seeded ticket workflow (Acme's ticket), started without a worker. */
  seeded: { ticketId: number; workflowId: string; historyLength(): Promise<number> };
  /** One request over HTTP; the Temporal call counts are reset first (see expectRefused). */
  request(request: HttpRequest): Promise<HttpAnswer>;
  /** POST with `content-type: application/json` and the API's bearer token. */
  api(method: string, path: string, body?: unknown): Promise<HttpAnswer>;
  /** A Zendesk webhook signed with the webhook secret over exactly `body` (or as `options` say). */
  webhook(
    body: string | Buffer,
    options?: { secret?: string; timestamp?: string; signature?: string; headers?: Record<string, string> },
  ): Promise<HttpAnswer>;
  /** The Slack escalation form, with Globex's form secret unless `headers` say otherwise. */
  slackForm(body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** Whether Temporal has a workflow with this ID (described directly: no visibility lag). */
  workflowExists(workflowId: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What every refusal holds: one of the expected 4xx statuses (never a 5xx), a JSON
 * `{error, message}` body with one of the expected codes, and Temporal left alone: no workflow
 * call made by this request that could start or change one at all, or (`temporalAsked`: the request was valid in form
 * and Temporal itself answered that there is no such workflow) none that Temporal carried out.
 */
export function expectRefused(
  server: RefusalServer,
  answer: HttpAnswer,
  status: number | readonly number[],
  errors?: readonly string[],
  { temporalAsked = false }: { temporalAsked?: boolean } = {},
): void {
  const statuses = typeof status === 'number' ? [status] : status;
  if (!statuses.includes(answer.status)) {
    throw new Error(`expected ${statuses.join('/')}, got ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(answer.json).toEqual(
    expect.objectContaining({ error: expect.any(String), message: expect.any(String) }),
  );
  const { error } = answer.json as { error: string };
  if (errors && !errors.includes(error)) {
    throw new Error(`expected error ${errors.join('/')}, got ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  if (temporalAsked) expect(server.temporal.counts().changed).toBe(0);
  else expect(server.temporal.changingAttempts()).toBe(0);
}

export const zendeskTimestamp = (at = new Date()): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function startRefusalServer(): Promise<RefusalServer> {
  const env = await startDevServerEnvironment();
  const world = await startSimulatedWorld();
  const config = loadConfig({
    TEMPORAL_TASK_QUEUE: `refusal-test-${Date.now()}`,
    ZENDESK_URL: world.zendesk.apiUrl,
    ZENDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
    API_BEARER_TOKEN: API_TOKEN,
  });
  const temporal = countingTemporalClient(env);
  const app = await buildServer({
    config,
    temporalClient: temporal.client,
    // Refusals are logged at warn; tests keep the output for failures only.
    logger: createServerLogger('error', { write: () => undefined }),
    ticketLookup: createZendeskActivities({
      zendesk: createZendeskClient(config.zendesk),
      fields: config.zendesk.fields,
    }),
    temporalDeadlineMs: 5_000,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;

  // Seeded with the harness's own (uncounted) client, as a webhook would have started it.
  const seededId = partnerTicketWorkflowId(ACME_TICKET);
  await env.client.workflow.signalWithStart(partnerTicket, {
    ...partnerTicketStartOptions(ACME_TICKET, config.temporal.taskQueue),
    args: [{ ticketId: ACME_TICKET }],
    signal: ticketEventSignal,
    signalArgs: [
      {
        eventId: `zd-${ACME_TICKET}-created`,
        ticketId: ACME_TICKET,
        type: 'ticket.created',
        occurredAt: new Date().toISOString(),
        actor: 'end_user',
      },
    ],
  });

  const request = async ({ method = 'POST', path, headers = {}, body }: HttpRequest): Promise<HttpAnswer> => {
    // Counts start afresh with each request: what is counted afterwards is this request's doing.
    temporal.reset();
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: text,
      json,
    };
  };

  return {
    env,
    world,
    config,
    temporal,
    app,
    seeded: {
      ticketId: ACME_TICKET,
      workflowId: seededId,
      historyLength: async () =>
        (await env.client.workflow.getHandle(seededId).fetchHistory()).events?.length ?? 0,
    },
    request,
    api: (method, path, body) =>
      request({
        method,
        path,
        headers: {
          authorization: `Bearer ${API_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    webhook: (body, options = {}) => {
      const timestamp = options.timestamp ?? zendeskTimestamp();
      const signature =
        options.signature ?? signZendeskWebhook(options.secret ?? WEBHOOK_SECRET, timestamp, body);
      return request({
        path: '/webhooks/zendesk',
        headers: {
          'content-type': 'application/json',
          'x-zendesk-webhook-signature': signature,
          'x-zendesk-webhook-signature-timestamp': timestamp,
          ...options.headers,
        },
        body,
      });
    },
    slackForm: (body, headers = { authorization: `Bearer ${GLOBEX_FORM_SECRET}` }) =>
      request({
        path: '/webhooks/slack/escalations',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      }),
    async workflowExists(workflowId) {
      try {
        await env.client.workflow.getHandle(workflowId).describe();
        return true;
      } catch (err) {
        if ((err as Error).name === 'WorkflowNotFoundError') return false;
        throw err;
      }
    },
    async close() {
      await app.close();
      await world.close();
      await env.teardown();
    },
  };
}
