import { z } from 'zod';
import { originList, payloadEncryptionKeys } from './payload-encryption';

/** Every variable the service reads, validated with zod; `.env.example` documents each one. */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(1).max(65535);
const url = z.url();
const nonEmpty = z.string().min(1);
const zendeskId = z.coerce.number().int().positive();

/** How often a Schedule runs (a Temporal duration such as "5 minutes", "30s", "1h"), or `off`. */
const scheduleInterval = z
  .string()
  .trim()
  .regex(
    /^(off|\d+\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?))$/i,
    'expected a duration such as "5 minutes", "30s", "1h", or off',
  );

/** A Temporal duration for worker settings: a number and a unit ("10s", "500ms", "2 minutes"). */
const workerDuration = z
  .string()
  .trim()
  .regex(/^\d+\s*(ms|s|m|h|seconds?|minutes?|hours?)$/i, 'expected a duration such as "10s" or "500ms"');

export const environmentSchema = z.object({
  TEMPORAL_ADDRESS: nonEmpty.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: nonEmpty.default('default'),
  TEMPORAL_TASK_QUEUE: nonEmpty.default('partner-support'),
  TEMPORAL_API_KEY: nonEmpty.optional(),
  TEMPORAL_TLS: booleanFlag.default(false),
  TEMPORAL_TLS_CERT_PATH: nonEmpty.optional(),
  TEMPORAL_TLS_KEY_PATH: nonEmpty.optional(),
  TEMPORAL_TLS_SERVER_NAME: nonEmpty.optional(),

  ZENDESK_URL: url.default('http://127.0.0.1:4010/api/v2'),
  ZENDESK_EMAIL: z.email().default('orchestrator@support.example.com'),
  ZENDESK_API_TOKEN: nonEmpty.default('local-zendesk-token'),
  ZENDESK_WEBHOOK_SECRET: nonEmpty.default('local-zendesk-webhook-secret'),
  // Data contract (DESIGN.md): form, group and custom field ids of the Zendesk instance.
  ZENDESK_SELECT_FORM_ID: zendeskId.default(360000837100),
  ZENDESK_ALLIANCE_FORM_ID: zendeskId.default(360001172559),
  ZENDESK_SELECT_GROUP_ID: zendeskId.default(3001),
  ZENDESK_ALLIANCE_GROUP_ID: zendeskId.default(3002),
  ZENDESK_STANDARD_GROUP_ID: zendeskId.default(3003),
  ZENDESK_FIELD_IMPACT_ID: zendeskId.default(360011000001),
  ZENDESK_FIELD_PARTNER_SITUATION_ID: zendeskId.default(360011000002),
  ZENDESK_FIELD_PARTNER_CASE_NUMBER_ID: zendeskId.default(360011000003),
  ZENDESK_FIELD_NFR_SOFTWARE_ID: zendeskId.default(360011000004),
  // The user behind ZENDESK_API_TOKEN: webhook events it caused are the service's own, not an agent's.
  ZENDESK_INTEGRATION_USER_ID: zendeskId.optional(),
  // How often the Schedule zendesk-reconcile reads Zendesk's ticket event export; `off`: not created.
  ZENDESK_RECONCILE_EVERY: scheduleInterval.default('5m'),

  SALESFORCE_LOGIN_URL: url.default('http://127.0.0.1:4020'),
  SALESFORCE_CLIENT_ID: nonEmpty.default('local-salesforce-client'),
  SALESFORCE_CLIENT_SECRET: nonEmpty.default('local-salesforce-secret'),
  SALESFORCE_API_VERSION: z
    .string()
    .regex(/^\d+\.\d$/, 'expected a version such as 62.0')
    .default('62.0'),

  SLACK_ALERT_WEBHOOK_URL: url.default('http://127.0.0.1:4030/services/T0LOCAL/B0ALERTS/local-alerts'),
  SLACK_OWNER_WEBHOOK_URL: url.default('http://127.0.0.1:4030/services/T0LOCAL/B0OWNERS/local-owners'),
  SLACK_SIGNING_SECRET: nonEmpty.default('local-slack-signing-secret'),
  PARTNER_ESCALATION_SECRETS: z
    .string()
    .regex(
      /^\s*\d+=[^,=\s]{16,}\s*(,\s*\d+=[^,=\s]{16,}\s*)*$/,
      'must be a comma-separated list of <organizationId>=<secret> (secrets of 16+ characters)',
    )
    .default('1003=globex-escalation-secret-0001,1004=initech-escalation-secret-0002'),

  S3_ENDPOINT: url.optional().default('http://127.0.0.1:4040'),
  S3_REGION: nonEmpty.default('us-east-1'),
  S3_ACCESS_KEY_ID: nonEmpty.default('local-s3-access-key'),
  S3_SECRET_ACCESS_KEY: nonEmpty.default('local-s3-secret-key'),
  S3_FORCE_PATH_STYLE: booleanFlag.default(true),
  // A5: where ticket files are copied (tickets/<id>/…), and how long agents' presigned links last.
  SUPPORT_BUCKET: nonEmpty.default('partner-support-files'),
  FILE_LINK_EXPIRY_SECONDS: z.coerce.number().int().min(60).max(604800).default(900),
  // S5: the Support Uploader. Links (signed with the secret) expire after UPLOADER_EXPIRY_SECONDS;
  // one file is at most UPLOADER_MAX_BYTES (S3's limit for a POST upload is 5 GB).
  UPLOADER_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default('local-uploader-token-secret-change-me'),
  UPLOADER_PUBLIC_URL: url.default('http://127.0.0.1:3000'),
  UPLOADER_EXPIRY_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .max(30 * 86400)
    .default(7 * 86400),
  UPLOADER_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(5 * 1024 ** 3)
    .default(5 * 1024 ** 3),

  HTTP_HOST: nonEmpty.default('127.0.0.1'),
  HTTP_PORT: port.default(3000),
  API_BEARER_TOKEN: z.string().min(16, 'must be at least 16 characters').default('local-api-token-change-me'),

  // Payload encryption: off unless keys are configured (the first one encrypts).
  PAYLOAD_ENCRYPTION_KEYS: payloadEncryptionKeys.optional(),
  CODEC_CORS_ORIGINS: originList.default(['http://127.0.0.1:8233']),
  // `none` is for the local Web UI, which has no login whose token it could forward.
  CODEC_AUTH: z.enum(['bearer', 'none']).default('bearer'),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Production: the workflow bundle prebuilt by `npm run build`; unset (dev, tests): the worker
  // bundles workflows/ itself at start.
  WORKFLOW_BUNDLE_PATH: nonEmpty.optional(),
  // The worker's liveness endpoint (GET /healthz); unset: none (several local workers share a host).
  WORKER_HEALTH_PORT: port.optional(),
  // The Core SDK's Prometheus exporter (Temporal's own worker metrics); unset: none, as above.
  WORKER_METRICS_PORT: port.optional(),
  // OpenTelemetry tracing of workflows and activities (OTLP over HTTP); unset: no tracing.
  OTEL_EXPORTER_OTLP_ENDPOINT: url.optional(),
  OTEL_SERVICE_NAME: nonEmpty.default('partner-support-worker'),
  // A1: how often the Schedule partner-accounts-reconcile runs, created by the worker at start if
  // missing (an existing one is left as it is); `off`: the worker creates none.
  PARTNER_RECONCILE_EVERY: scheduleInterval.default('1 hour'),
  // Worker tuning (workers/worker-tuning.ts); defaults measured by bench/sla-timers.ts, see docs/benchmarks.md.
  // Ticket workflows kept in memory between tasks (sticky cache); 0 turns the cache off.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(2000),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  WORKER_WORKFLOW_TASK_POLLERS: z.coerce.number().int().min(1).default(10),
  WORKER_ACTIVITY_TASK_POLLERS: z.coerce.number().int().min(1).default(10),
  // How long a task waits on this worker's sticky queue before any worker may take it.
  WORKER_STICKY_QUEUE_TIMEOUT: workerDuration.default('10s'),
});

export type Environment = Record<string, string | undefined>;
