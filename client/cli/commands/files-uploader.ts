import { describeIssues, ticketIdParam } from '../../server/ticket-api/schemas';
import { requestSupportUploader } from '../../temporal/support-uploader';
import { temporalCall, writeJson, type CliContext } from '../context';
import { CliError, ExitCode, usageError } from '../exit-codes';

/** `partner-support files uploader <ticketId>`: asks the ticket's workflow for a Support Uploader (S5). */
export async function filesUploaderCommand(
  context: CliContext,
  ticketId: string,
  options: { json?: boolean },
): Promise<void> {
  const id = ticketIdParam.safeParse(ticketId);
  if (!id.success) throw usageError(describeIssues(id.error));
  const ticket = await temporalCall(
    context,
    (client) => requestSupportUploader(client, id.data, context.user),
    `Ticket ${id.data} has no workflow`,
  );
  if (ticket.kind === 'absent') throw new CliError(ExitCode.notFound, `Ticket ${id.data} has no workflow`);
  if (ticket.kind === 'ended')
    throw new CliError(ExitCode.failure, `Ticket ${id.data}: no uploader, ${ticket.why}`);
  if (options.json) return writeJson(context, { ticketId: id.data, requested: true });
  context.stdout.write(
    `Ticket ${id.data}: Support Uploader requested; its link will be posted on the ticket as a public comment\n`,
  );
}
