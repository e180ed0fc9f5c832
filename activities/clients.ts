import type { AppConfig } from '../config';
import type { SlaPolicy } from '../domain/sla/policy';
import { currentPolicy, loadSlaPolicyCatalog, type SlaPolicyCatalog } from '../domain/sla/policy-catalog';
import { createS3Client } from './files/s3-client';
import type { ActivityDeps } from './index';
import { createSalesforceConnection } from './salesforce/connection';
import { createSlackWebhook } from './slack/webhook-client';
import { createZendeskClient } from './zendesk/client';

/** The SLA policy new tickets run on: the current version of the catalog shipped in domain/sla/policies. */
export function defaultSlaPolicy(): SlaPolicy {
  return currentPolicy(loadSlaPolicyCatalog());
}

/** Builds every client the activities need from the parsed configuration (worker start, tests). */
export function createActivityDeps(
  config: AppConfig,
  policies: SlaPolicyCatalog = loadSlaPolicyCatalog(),
): ActivityDeps {
  return {
    zendesk: createZendeskClient(config.zendesk),
    salesforce: createSalesforceConnection(config.salesforce),
    slack: {
      alerts: createSlackWebhook(config.slack.alertWebhookUrl),
      owners: createSlackWebhook(config.slack.ownerWebhookUrl),
    },
    zendeskContract: config.zendesk,
    files: { s3: createS3Client(config.s3), supportBucket: config.s3.supportBucket },
    uploads: { uploader: config.uploader, linkExpirySeconds: config.s3.linkExpirySeconds },
    policies,
  };
}
