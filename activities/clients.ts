import { IncomingWebhook } from '@slack/webhook';
import type { AppConfig } from '../config';
import { parseSlaPolicy, type SlaPolicy } from '../domain/sla/policy';
import policyDocument from '../domain/sla/policy.json';
import type { ActivityDeps } from './index';
import { createSalesforceConnection } from './salesforce/connection';
import { createZendeskClient } from './zendesk/client';

/** The SLA policy the worker runs on: the validated policy file shipped in domain/sla. */
export function defaultSlaPolicy(): SlaPolicy {
  return parseSlaPolicy(policyDocument);
}

/** Builds every client the activities need from the parsed configuration (worker start, tests). */
export function createActivityDeps(config: AppConfig, policy: SlaPolicy = defaultSlaPolicy()): ActivityDeps {
  return {
    zendesk: createZendeskClient(config.zendesk),
    salesforce: createSalesforceConnection(config.salesforce),
    slack: {
      alerts: new IncomingWebhook(config.slack.alertWebhookUrl),
      owners: new IncomingWebhook(config.slack.ownerWebhookUrl),
    },
    zendeskContract: config.zendesk,
    policy,
  };
}
