import { z } from 'zod';
import { environmentSchema, type Environment } from './environment';
import type { PayloadEncryptionKey } from './payload-encryption';

export type { Environment } from './environment';

/**
 * The service's configuration, parsed once from the environment at process start and passed
 * down. Defaults describe the local stack of DESIGN.md, so `make dev` needs no environment at all;
 * production sets the variables documented in `.env.example`.
 */

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  tls?: { clientCertPath?: string; clientKeyPath?: string; serverNameOverride?: string };
}

export interface AppConfig {
  temporal: TemporalConfig;
  zendesk: {
    url: string;
    email: string;
    apiToken: string;
    webhookSecret: string;
    forms: { select: number; alliance: number };
    groups: { select: number; alliance: number; standard: number };
    fields: { impact: number; partnerSituation: number; partnerCaseNumber: number; nfrSoftware: number };
    /** The integration's own Zendesk user (ZENDESK_EMAIL's), when configured. */
    integrationUserId?: number;
    /** The Schedule zendesk-reconcile's interval (a Temporal duration); absent when `off`. */
    reconcileEvery?: string;
  };
  salesforce: { loginUrl: string; clientId: string; clientSecret: string; apiVersion: string };
  slack: {
    alertWebhookUrl: string;
    ownerWebhookUrl: string;
    signingSecret: string;
    /** A6: each partner's Slack escalation form authenticates with its own secret. */
    escalationForms: Array<{ organizationId: number; secret: string }>;
  };
  s3: {
    endpoint?: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    forcePathStyle: boolean;
    /** A5: the support bucket (SUPPORT_BUCKET). */
    supportBucket: string;
    /** A5: presigned GET links in ticket notes expire after this many seconds. */
    linkExpirySeconds: number;
  };
  /** S5: the Support Uploader (its page is served by this server, at `publicUrl`). */
  uploader: { tokenSecret: string; publicUrl: string; expirySeconds: number; maxBytes: number };
  http: { host: string; port: number; apiBearerToken: string };
  /** Absent when no keys are configured: payloads are then stored as plain JSON. */
  payloadEncryption?: PayloadEncryptionConfig;
  worker: {
    workflowBundlePath?: string;
    /** GET /healthz and the business metrics (GET /metrics). */
    healthPort?: number;
    /** Temporal's Core SDK metrics (Prometheus, GET /metrics on its own port). */
    metricsPort?: number;
    /** OpenTelemetry traces of workflows and activities, sent to an OTLP/HTTP collector. */
    tracing?: { endpoint: string; serviceName: string };
    /** The Schedule partner-accounts-reconcile's interval (a Temporal duration); absent when `off`. */
    partnerReconcileEvery?: string;
    /** Cache, slots, pollers and sticky queue timeout (workers/worker-tuning.ts). */
    tuning: WorkerTuningConfig;
  };
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
}

export interface WorkerTuningConfig {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTasks: number;
  maxConcurrentActivities: number;
  workflowTaskPollers: number;
  activityTaskPollers: number;
  /** A Temporal duration, e.g. `10s`. */
  stickyQueueTimeout: string;
}

export interface PayloadEncryptionConfig {
  /** The first key encrypts; every key decrypts (rotation adds a key in front). */
  keys: PayloadEncryptionKey[];
  /** The codec endpoint (`/codec/encode`, `/codec/decode`) for the Web UI and `temporal` CLI. */
  codec: { corsOrigins: string[]; auth: 'bearer' | 'none' };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Environment = process.env): AppConfig {
  // An empty variable means "unset" (as in a copied .env.example), not "empty string".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_KEY_PATH)) {
    problems.push('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH: set both or neither');
  }
  // Decrypted payloads must not be served to the network without authentication.
  if (e.CODEC_AUTH === 'none' && !['127.0.0.1', 'localhost', '::1'].includes(e.HTTP_HOST)) {
    problems.push('CODEC_AUTH: none is only allowed when HTTP_HOST is a loopback address');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const tlsWanted =
    e.TEMPORAL_TLS || e.TEMPORAL_API_KEY !== undefined || e.TEMPORAL_TLS_CERT_PATH !== undefined;
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      apiKey: e.TEMPORAL_API_KEY,
      tls: tlsWanted
        ? {
            clientCertPath: e.TEMPORAL_TLS_CERT_PATH,
            clientKeyPath: e.TEMPORAL_TLS_KEY_PATH,
            serverNameOverride: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
    },
    zendesk: {
      url: e.ZENDESK_URL,
      email: e.ZENDESK_EMAIL,
      apiToken: e.ZENDESK_API_TOKEN,
      webhookSecret: e.ZENDESK_WEBHOOK_SECRET,
      forms: { select: e.ZENDESK_SELECT_FORM_ID, alliance: e.ZENDESK_ALLIANCE_FORM_ID },
      groups: {
        select: e.ZENDESK_SELECT_GROUP_ID,
        alliance: e.ZENDESK_ALLIANCE_GROUP_ID,
        standard: e.ZENDESK_STANDARD_GROUP_ID,
      },
      fields: {
        impact: e.ZENDESK_FIELD_IMPACT_ID,
        partnerSituation: e.ZENDESK_FIELD_PARTNER_SITUATION_ID,
        partnerCaseNumber: e.ZENDESK_FIELD_PARTNER_CASE_NUMBER_ID,
        nfrSoftware: e.ZENDESK_FIELD_NFR_SOFTWARE_ID,
      },
      ...(e.ZENDESK_INTEGRATION_USER_ID ? { integrationUserId: e.ZENDESK_INTEGRATION_USER_ID } : {}),
      ...(e.ZENDESK_RECONCILE_EVERY.toLowerCase() === 'off'
        ? {}
        : { reconcileEvery: e.ZENDESK_RECONCILE_EVERY }),
    },
    salesforce: {
      loginUrl: e.SALESFORCE_LOGIN_URL,
      clientId: e.SALESFORCE_CLIENT_ID,
      clientSecret: e.SALESFORCE_CLIENT_SECRET,
      apiVersion: e.SALESFORCE_API_VERSION,
    },
    slack: {
      alertWebhookUrl: e.SLACK_ALERT_WEBHOOK_URL,
      ownerWebhookUrl: e.SLACK_OWNER_WEBHOOK_URL,
      signingSecret: e.SLACK_SIGNING_SECRET,
      escalationForms: e.PARTNER_ESCALATION_SECRETS.split(',').map((entry) => {
        const [organizationId, secret] = entry.trim().split('=');
        return { organizationId: Number(organizationId), secret };
      }),
    },
    s3: {
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      supportBucket: e.SUPPORT_BUCKET,
      linkExpirySeconds: e.FILE_LINK_EXPIRY_SECONDS,
    },
    uploader: {
      tokenSecret: e.UPLOADER_TOKEN_SECRET,
      publicUrl: e.UPLOADER_PUBLIC_URL.replace(/\/+$/, ''),
      expirySeconds: e.UPLOADER_EXPIRY_SECONDS,
      maxBytes: e.UPLOADER_MAX_BYTES,
    },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, apiBearerToken: e.API_BEARER_TOKEN },
    payloadEncryption: e.PAYLOAD_ENCRYPTION_KEYS
      ? { keys: e.PAYLOAD_ENCRYPTION_KEYS, codec: { corsOrigins: e.CODEC_CORS_ORIGINS, auth: e.CODEC_AUTH } }
      : undefined,
    worker: {
      workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
      healthPort: e.WORKER_HEALTH_PORT,
      metricsPort: e.WORKER_METRICS_PORT,
      tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
        ? { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME }
        : undefined,
      ...(e.PARTNER_RECONCILE_EVERY.toLowerCase() === 'off'
        ? {}
        : { partnerReconcileEvery: e.PARTNER_RECONCILE_EVERY }),
      tuning: {
        maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
        maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
        workflowTaskPollers: e.WORKER_WORKFLOW_TASK_POLLERS,
        activityTaskPollers: e.WORKER_ACTIVITY_TASK_POLLERS,
        stickyQueueTimeout: e.WORKER_STICKY_QUEUE_TIMEOUT,
      },
    },
    logLevel: e.LOG_LEVEL,
  };
}

const SECRET_KEYS = new Set([
  'apiKey',
  'apiToken',
  'webhookSecret',
  'clientSecret',
  'signingSecret',
  'secretAccessKey',
  'apiBearerToken',
  'tokenSecret',
  'alertWebhookUrl',
  'ownerWebhookUrl',
  'secret',
  'key',
]);

/** A copy of the configuration that is safe to log: every secret replaced. */
export function redactConfig(config: AppConfig): unknown {
  const redact = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_KEYS.has(key) && inner !== undefined ? '[redacted]' : redact(inner),
      ]),
    );
  };
  return redact(config);
}
