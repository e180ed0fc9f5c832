import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AesGcmPayloadCodec } from '../../codec/aes-gcm-codec';
import { createS3Client } from '../../activities/files/s3-client';
import type { AppConfig } from '../../config';
import { withDeadline } from '../temporal/failures';
import { registerCodecRoutes } from './codec/routes';
import { registerSlackEscalationRoute } from './slack-escalation/route';
import type { TicketLookup } from '../temporal/escalate-ticket';
import { installErrorHandlers } from './errors';
import { registerHealthRoutes } from './health-routes';
import { createServerLogger, logAnsweredRequests } from './logger';
import { createServerMetrics, instrumentRequests, registerMetricsRoute, type ServerMetrics } from './metrics';
import { registerProvisioningApiRoutes } from './provisioning-api/routes';
import { registerTicketApiRoutes } from './ticket-api/routes';
import { registerUploaderRoutes } from './uploader/routes';
import { registerZendeskWebhookRoute } from './zendesk-webhook/route';

/** Bodies over 1 MiB are refused (413) before they are read in full. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** A webhook waits at most this long on Temporal before answering 503 (Zendesk times out at ~12 s). */
export const DEFAULT_TEMPORAL_DEADLINE_MS = 5_000;

export interface ServerDeps {
  config: AppConfig;
  temporalClient: Client;
  /** A pino logger; by default one at `config.logLevel` with credentials redacted. */
  logger?: FastifyBaseLogger;
  now?: () => Date;
  /**
   * Finds tickets in Zendesk, for escalations (closed tickets are refused): when given, the
   * partners' Slack escalation form (A6) is served too, and the ticket API escalates.
   */
  ticketLookup?: TicketLookup;
  metrics?: ServerMetrics;
  temporalDeadlineMs?: number;
}

/**
 * The webhook and API server: Zendesk webhooks in, the ticket API, health and metrics. Built
 * from its dependencies (a connected Temporal client above all), so that tests run the very
 * same server against a real Temporal dev server.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const now = deps.now ?? (() => new Date());
  const metrics = deps.metrics ?? createServerMetrics();
  const temporalDeadlineMs = deps.temporalDeadlineMs ?? DEFAULT_TEMPORAL_DEADLINE_MS;

  const app = Fastify({
    loggerInstance: deps.logger ?? createServerLogger(config.logLevel),
    bodyLimit: MAX_BODY_BYTES,
    disableRequestLogging: true,
  });
  logAnsweredRequests(app);
  installErrorHandlers(app);
  instrumentRequests(app, metrics);

  registerHealthRoutes(app, deps.temporalClient, { address: config.temporal.address });
  registerMetricsRoute(app, metrics);
  registerZendeskWebhookRoute(app, {
    temporal: deps.temporalClient,
    taskQueue: config.temporal.taskQueue,
    webhookSecret: config.zendesk.webhookSecret,
    metrics,
    now,
    temporalDeadlineMs,
    bodyLimit: MAX_BODY_BYTES,
    zendesk: { fields: config.zendesk.fields, integrationUserId: config.zendesk.integrationUserId },
  });
  registerTicketApiRoutes(app, {
    temporal: deps.temporalClient,
    taskQueue: config.temporal.taskQueue,
    tickets: deps.ticketLookup,
    apiBearerToken: config.http.apiBearerToken,
    temporalDeadlineMs,
  });
  registerProvisioningApiRoutes(app, {
    temporal: deps.temporalClient,
    taskQueue: config.temporal.taskQueue,
    apiBearerToken: config.http.apiBearerToken,
    temporalDeadlineMs,
  });
  if (deps.ticketLookup) {
    registerSlackEscalationRoute(app, {
      temporal: deps.temporalClient,
      taskQueue: config.temporal.taskQueue,
      tickets: deps.ticketLookup,
      temporalDeadlineMs,
      slack: config.slack,
      now: () => now().getTime(),
    });
  }
  // S5: the Support Uploader's page and S3's redirect back (the signed link is the credential).
  const uploaderS3 = createS3Client(config.s3);
  app.addHook('onClose', async () => uploaderS3.destroy());
  registerUploaderRoutes(app, {
    temporal: deps.temporalClient,
    s3: uploaderS3,
    supportBucket: config.s3.supportBucket,
    uploader: config.uploader,
    call: (fn) => withDeadline(deps.temporalClient, temporalDeadlineMs, fn),
    now: () => now().getTime(),
  });
  // The codec endpoint exists only where there is something to decrypt.
  if (config.payloadEncryption) {
    const { keys, codec } = config.payloadEncryption;
    registerCodecRoutes(app, {
      codec: new AesGcmPayloadCodec(keys),
      corsOrigins: codec.corsOrigins,
      auth: codec.auth === 'none' ? { kind: 'none' } : { kind: 'bearer', token: config.http.apiBearerToken },
    });
  }
  await app.ready();
  return app;
}
