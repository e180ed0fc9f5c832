import { startProvisioning, type ProvisioningStart } from '../../client/temporal/start-provisioning';
import type { SimOrganization, SimUser } from '../../simulators/zendesk/model';
import type {
  AccountProvisioningInput,
  AccountProvisioningStatus,
} from '../../workflows/account-provisioning/types';
import type { LifecycleHarness } from './lifecycle-harness';

/** The A1 view of the simulated world, over a lifecycle harness (its server, worker and simulators). */
export function provisioningHelpers(h: LifecycleHarness) {
  const { world } = h;
  return {
    start: (input: AccountProvisioningInput): Promise<ProvisioningStart> =>
      startProvisioning(h.env.client, input, h.taskQueue),
    /** Starts (or joins) and waits for the run's result. */
    async provision(input: AccountProvisioningInput): Promise<AccountProvisioningStatus> {
      const started = await startProvisioning(h.env.client, input, h.taskQueue);
      if (started.kind === 'completed') return started.result;
      return h.env.client.workflow
        .getHandle(started.workflowId, started.runId, { followRuns: false })
        .result() as Promise<AccountProvisioningStatus>;
    },
    /** Every simulator back to the fixture world. */
    reset(): void {
      world.zendesk.reset();
      world.salesforce.state.reset();
      world.slack.messages.length = 0;
    },
    organizationsFor: (accountId: string): SimOrganization[] =>
      [...world.zendesk.state.organizations.values()].filter((o) => o.external_id === accountId),
    organizationCount: (): number => world.zendesk.state.organizations.size,
    zendeskUser: (email: string): SimUser | undefined =>
      [...world.zendesk.state.users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase()),
    contacts: (email: string): Array<Record<string, unknown>> =>
      world.salesforce.state
        .all('Contact')
        .filter((c) => String(c.Email).toLowerCase() === email.toLowerCase()) as unknown as Array<
        Record<string, unknown>
      >,
    tasks: (): Array<Record<string, unknown>> =>
      world.salesforce.state.all('Task') as unknown as Array<Record<string, unknown>>,
    /** A snapshot of every record the provisioning could touch, to prove a refusal changed nothing. */
    snapshot: (): string =>
      JSON.stringify({
        organizations: [...world.zendesk.state.organizations.values()],
        users: [...world.zendesk.state.users.values()],
        contacts: world.salesforce.state.all('Contact'),
        tasks: world.salesforce.state.all('Task'),
        owners: world.slackMessages('owners'),
      }),
  };
}
