import type { S3Client } from '@aws-sdk/client-s3';
import type { IncomingWebhook } from '@slack/webhook';
import type { Client } from '@temporalio/client';
import type { Connection } from 'jsforce';
import type { AppConfig } from '../config';
import type { SlaPolicyCatalog } from '../domain/sla/policy-catalog';
import { createFileActivities } from './files';
import { createFileRetentionActivities } from './files/retention';
import { allKeptAlive, keptAlive } from './keep-alive';
import { createLifecycleActivities } from './lifecycle';
import { createProvisioningActivities } from './provisioning';
import { createReconcileActivities } from './provisioning/reconcile';
import { createSalesforceActivities } from './salesforce';
import { createSlackActivities } from './slack';
import { createAlertDigestActivities } from './slack/alert-digest';
import { createUploaderActivities } from './uploads';
import { createZendeskAttachmentActivities } from './uploads/zendesk-attachment';
import { createZendeskActivities } from './zendesk';
import { createZendeskReconcileActivities } from './zendesk-reconcile';
import type { ZendeskClient } from './zendesk/client';

/** The clients activities work through: the real SaaS or the simulators, by configuration alone. */
export interface ActivityDeps {
  zendesk: ZendeskClient;
  salesforce: Connection;
  slack: { alerts: IncomingWebhook; owners: IncomingWebhook };
  zendeskContract: Pick<AppConfig['zendesk'], 'fields' | 'forms' | 'groups' | 'integrationUserId'>;
  /** Every SLA policy version (activities load one by version; new tickets get the current one). */
  policies: SlaPolicyCatalog;
  /** A5: partners' buckets and the support bucket. */
  files: { s3: S3Client; supportBucket: string };
  /** S5: the Support Uploader's settings, and the expiry of agents' links (FILE_LINK_EXPIRY_SECONDS). */
  uploads: { uploader: AppConfig['uploader']; linkExpirySeconds: number };
  /** A1: provisioning wakes a representative's ticket workflows through it (list + signal). */
  temporal?: Client;
}

/**
 * Every activity the worker registers, built over the clients it is given. The workflows call
 * the lifecycle activities; the system-level ones (Zendesk, Salesforce, Slack) are composed into them.
 */
export function createActivities(deps: ActivityDeps) {
  const zendesk = createZendeskActivities({ zendesk: deps.zendesk, fields: deps.zendeskContract.fields });
  const salesforce = createSalesforceActivities({ salesforce: deps.salesforce });
  const slack = createSlackActivities(deps.slack);
  const { sendSupportAlert, notifyAccountOwner, ...zendeskAndSalesforce } = createLifecycleActivities({
    zendesk,
    salesforce,
    slack,
    policies: deps.policies,
    routing: { forms: deps.zendeskContract.forms, groups: deps.zendeskContract.groups },
  });
  const { queueSupportAlert, postAlertDigest } = createAlertDigestActivities({
    temporal: deps.temporal,
    slack,
  });
  return {
    // The ticket's reads and writes heartbeat while they run: a crashed worker's call is retried
    // within the ticket proxy's heartbeat timeout. Slack posts keep their own heartbeat (the
    // marker that a message left), so they are not kept alive.
    ...allKeptAlive(zendeskAndSalesforce),
    sendSupportAlert,
    notifyAccountOwner,
    ...createProvisioningActivities({
      zendeskClient: deps.zendesk,
      salesforceConnection: deps.salesforce,
      zendesk,
      salesforce,
      slack,
      temporal: deps.temporal,
    }),
    // Alerts through the alerts channel's digest (signal-with-start), and the digest's posts.
    queueSupportAlert: keptAlive(queueSupportAlert),
    postAlertDigest,
    // A5: list a partner's prefix, copy objects to the support bucket, presign agents' links.
    // The short calls are kept alive (a killed worker's read is retried within seconds, not after
    // its minute); a copy heartbeats its own progress and checkpoint.
    ...allKeptAlive(createFileActivities({ ...deps.files, accounts: salesforce }), 'copyPartnerObject'),
    // Retention: a closed ticket's files leave the support bucket after the policy's period.
    ...createFileRetentionActivities(deps.files),
    // S5: uploader links, finished uploads described, the ticket's uploads listed.
    ...createUploaderActivities({ ...deps.files, ...deps.uploads }),
    ...createZendeskAttachmentActivities({ zendesk: deps.zendesk }),
    // A1 reconciliation's pages heartbeat while they run (a SIGKILLed worker's page is read again soon).
    ...allKeptAlive(
      createReconcileActivities({
        zendeskClient: deps.zendesk,
        salesforceConnection: deps.salesforce,
        temporal: deps.temporal,
      }),
    ),
    // Zendesk's ticket event export → the events webhooks missed (Schedule zendesk-reconcile);
    // kept alive too: a killed worker's page or deliveries resume within the heartbeat timeout.
    ...allKeptAlive(
      createZendeskReconcileActivities({
        zendesk: deps.zendesk,
        context: {
          fields: deps.zendeskContract.fields,
          integrationUserId: deps.zendeskContract.integrationUserId,
        },
        temporal: deps.temporal,
      }),
    ),
  };
}

export type Activities = ReturnType<typeof createActivities>;
