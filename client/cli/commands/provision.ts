import { provisioningBody } from '../../server/provisioning-api/schemas';
import { describeIssues } from '../../server/ticket-api/schemas';
import { emailParam } from '../../server/provisioning-api/schemas';
import { readProvisioning, startDeprovisioning, startProvisioning } from '../../temporal/start-provisioning';
import type { AccountProvisioningStatus } from '../../../workflows/account-provisioning/types';
import { temporalCall, writeJson, type CliContext } from '../context';
import { CliError, ExitCode, usageError } from '../exit-codes';
import { renderFields, renderTable, shortTime } from '../table';

/** `partner-support provision <email> --account <id> --requested-by <email> [--name] [--create-contact]`. */
export async function provisionCommand(
  context: CliContext,
  email: string,
  options: { account: string; requestedBy: string; name?: string; createContact?: boolean; json?: boolean },
): Promise<void> {
  // The same validation as POST /api/provisioning.
  const parsed = provisioningBody.safeParse({
    email,
    accountId: options.account,
    requestedBy: options.requestedBy,
    name: options.name,
    createContact: options.createContact,
  });
  if (!parsed.success) throw usageError(describeIssues(parsed.error));
  const started = await temporalCall(
    context,
    (client) => startProvisioning(client, parsed.data, context.taskQueue),
    'no provisioning workflow',
  );
  if (options.json) return writeJson(context, started);
  if (started.kind === 'completed') {
    context.stdout.write(`${started.workflowId}: already provisioned\n${formatProvisioning(started.result)}`);
    return;
  }
  context.stdout.write(
    `${started.workflowId}: provisioning started (run ${started.runId}); follow it with: partner-support provision status ${parsed.data.email}\n`,
  );
}

/** `partner-support provision status <email>`: the status query while it runs, the result once done. */
export async function provisionStatusCommand(
  context: CliContext,
  email: string,
  options: { json?: boolean },
): Promise<void> {
  const parsed = emailParam.safeParse(email);
  if (!parsed.success) throw usageError(describeIssues(parsed.error));
  const view = await temporalCall(
    context,
    (client) => readProvisioning(client, parsed.data),
    `No provisioning was requested for ${parsed.data}.`,
  );
  if (options.json) return writeJson(context, view);
  if (view.kind === 'ended') {
    context.stdout.write(`${view.workflowId}: ${view.executionStatus.toLowerCase()}\n`);
    return;
  }
  context.stdout.write(formatProvisioning(view.status));
}

/** `partner-support provision remove <email> --requested-by <email>`: A1 deprovisioning. */
export async function deprovisionCommand(
  context: CliContext,
  email: string,
  options: { requestedBy: string; json?: boolean },
): Promise<void> {
  const parsed = emailParam.safeParse(email);
  const requester = emailParam.safeParse(options.requestedBy);
  if (!parsed.success) throw usageError(describeIssues(parsed.error));
  if (!requester.success) throw usageError(`--requested-by: ${describeIssues(requester.error)}`);
  const started = await temporalCall(
    context,
    (client) =>
      startDeprovisioning(client, { email: parsed.data, requestedBy: requester.data }, context.taskQueue),
    'no provisioning workflow',
  );
  if (options.json) return writeJson(context, started);
  if (started.kind === 'busy') {
    throw new CliError(ExitCode.failure, `${started.workflowId} is running; try again once it has finished`);
  }
  context.stdout.write(
    `${started.workflowId}: deprovisioning started (run ${started.runId}); follow it with: partner-support provision status ${parsed.data}\n`,
  );
}

export function formatProvisioning(status: AccountProvisioningStatus): string {
  const fields = renderFields([
    ['Representative', status.email],
    ['Account', status.accountId],
    ['Requested by', status.requestedBy],
    ['State', status.state],
    [
      'Refusal',
      status.refusal ? `${status.refusal.rule} ${status.refusal.code}: ${status.refusal.reason}` : '-',
    ],
    ['Zendesk organization', status.organizationId !== undefined ? String(status.organizationId) : '-'],
    ['Zendesk user', status.zendeskUserId !== undefined ? String(status.zendeskUserId) : '-'],
    ['Tickets woken', status.wokenTickets?.join(', ') || '-'],
  ]);
  const steps = renderTable(
    ['STEP', 'OUTCOME', 'AT', 'DETAIL'],
    status.steps.map((s) => [s.name, s.outcome, shortTime(s.at), s.detail ?? '']),
  );
  return `${fields}\n${steps}`;
}
