import type { Client } from '@temporalio/client';
import { accountProvisioningWorkflowId, provisioningKeys } from '../domain/account-provisioning';
import type { SimulatedWorld } from '../test/support/simulated-world';
import type { AccountProvisioningStatus } from '../workflows/account-provisioning/types';
import { between, seededRandom } from './random';
import { postKeys, type PostedMessage, type RunSummary } from './verify';

/**
 * A1 in the chaos run: partner representatives' portal accounts asked for through the API while
 * the storm rages, each request sent one to three times (a CSM clicking again, a retried call),
 * while the A1 reconciliation runs every minute. Half are for Hooli Cloud, which has no Zendesk
 * organization yet: concurrent runs must create exactly one.
 */
export interface ProvisioningRequest {
  atMs: number;
  email: string;
  accountId: string;
  /** A CSM (the A1 checks accept her). */
  requestedBy: string;
  /** How many times the same request is sent. */
  copies: number;
}

const accounts = [
  { accountId: '001000000000004AAA', domain: 'initech.example' }, // Initech: Alliance, organization 1004
  { accountId: '001000000000008AAA', domain: 'hooli.example' }, // Hooli: Alliance, no organization yet
];

/** `count` requests spread over `durationMs`, seeded. */
export function provisioningScript({
  seed,
  count,
  durationMs,
}: {
  seed: number;
  count: number;
  durationMs: number;
}): ProvisioningRequest[] {
  const random = seededRandom(seed + 7);
  return Array.from({ length: count }, (_, i) => {
    const { accountId, domain } = accounts[i % accounts.length];
    return {
      atMs: between(random, 0, durationMs),
      email: `chaos-rep-${i + 1}@${domain}`,
      accountId,
      requestedBy: 'olivia.owner@gitlab.example',
      copies: between(random, 1, 3),
    };
  });
}

/** Every difference between what A1 must have done for the requests and what the world shows. */
export async function provisioningDifferences(
  client: Client,
  world: SimulatedWorld,
  requests: ProvisioningRequest[],
  failedToSend: Map<string, string>,
  allRuns: RunSummary[],
): Promise<string[]> {
  const problems: string[] = [];
  const zendesk = world.zendesk.state;
  const organizationsOf = (accountId: string) =>
    [...zendesk.organizations.values()].filter((o) => o.external_id === accountId);
  for (const { accountId } of accounts) {
    const count = organizationsOf(accountId).length;
    if (count !== 1) problems.push(`A1: ${count} Zendesk organizations for Account ${accountId}`);
  }
  const ownerNotices = postKeys(
    world.slack.messages.filter(
      (m) => m.path === new URL(world.config.slack.ownerWebhookUrl).pathname,
    ) as PostedMessage[],
  );
  for (const request of requests) {
    const name = `A1 ${request.email}`;
    const sendError = failedToSend.get(request.email);
    if (sendError) {
      problems.push(`${name}: the request could not be sent: ${sendError}`);
      continue;
    }
    const email = request.email;
    const users = [...zendesk.users.values()].filter((u) => u.email.toLowerCase() === email);
    const organization = organizationsOf(request.accountId)[0];
    if (users.length !== 1 || users[0].organization_id !== organization?.id)
      problems.push(
        `${name}: Zendesk users ${JSON.stringify(users.map((u) => ({ id: u.id, organization: u.organization_id })))}, expected one in ${organization?.id}`,
      );
    const contacts = world.salesforce.state
      .all('Contact')
      .filter((c) => String(c.Email).toLowerCase() === email);
    if (
      contacts.length !== 1 ||
      contacts[0].Support_Portal_User__c !== true ||
      contacts[0].AccountId !== request.accountId
    )
      problems.push(`${name}: Contacts ${JSON.stringify(contacts)}, expected one portal Contact`);
    const tasks = world.salesforce.state
      .all('Task')
      .filter((t) => t.Subject === `A1: support portal account provisioned for ${email}`);
    if (tasks.length !== 1) problems.push(`${name}: ${tasks.length} owner Tasks`);
    // Repeats of a post carry its key and are dropped by readers (see distinctPosts).
    if (!ownerNotices.has(provisioningKeys.requesterNotice(email, request.accountId)))
      problems.push(`${name}: no Slack notice to the requester`);
    const runs = allRuns
      .filter((r) => r.workflowId === accountProvisioningWorkflowId(email))
      .map(({ type, status, runId }) => ({ type, status, runId }));
    const provisioning = runs.filter((r) => r.type === 'accountProvisioning');
    if (runs.some((r) => r.status !== 'COMPLETED') || provisioning.length === 0) {
      problems.push(`${name}: runs ${JSON.stringify(runs)}`);
      continue;
    }
    // The first completed run holds the provisioning (a later one is a deprovisioning the A1
    // reconciliation tried between a Zendesk user's creation and its Contact's flag: refused).
    const result = (await client.workflow
      .getHandle(accountProvisioningWorkflowId(email), provisioning[provisioning.length - 1].runId)
      .result()) as AccountProvisioningStatus;
    if (result.state !== 'completed') problems.push(`${name}: provisioning ended ${result.state}`);
  }
  return problems;
}
