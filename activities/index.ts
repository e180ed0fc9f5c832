import type { IncomingWebhook } from '@slack/webhook';
import type { Connection } from 'jsforce';
import type { AppConfig } from '../config';
import type { SlaPolicyCatalog } from '../domain/sla/policy-catalog';
import { createLifecycleActivities } from './lifecycle';
import { createSalesforceActivities } from './salesforce';
import { createSlackActivities } from './slack';
import { createZendeskActivities } from './zendesk';
import type { ZendeskClient } from './zendesk/client';

/** The clients activities work through: the real SaaS or the simulators, by configuration alone. */
export interface ActivityDeps {
  zendesk: ZendeskClient;
  salesforce: Connection;
  slack: { alerts: IncomingWebhook; owners: IncomingWebhook };
  zendeskContract: Pick<AppConfig['zendesk'], 'fields' | 'forms' | 'groups'>;
  /** Every SLA policy version (activities load one by version; new tickets get the current one). */
  policies: SlaPolicyCatalog;
}

/**
 * Every activity the worker registers, built over the clients it is given. The workflows call
 * the lifecycle activities; the system-level ones (Zendesk, Salesforce, Slack) are composed into them.
 */
export function createActivities(deps: ActivityDeps) {
  return createLifecycleActivities({
    zendesk: createZendeskActivities({ zendesk: deps.zendesk, fields: deps.zendeskContract.fields }),
    salesforce: createSalesforceActivities({ salesforce: deps.salesforce }),
    slack: createSlackActivities(deps.slack),
    policies: deps.policies,
    routing: { forms: deps.zendeskContract.forms, groups: deps.zendeskContract.groups },
  });
}

export type Activities = ReturnType<typeof createActivities>;
