import { fileRetrievalBody } from '../../server/ticket-api/file-retrieval';
import { describeIssues, ticketIdParam } from '../../server/ticket-api/schemas';
import { requestFileRetrieval } from '../../temporal/request-file-retrieval';
import { temporalCall, writeJson, type CliContext } from '../context';
import { usageError } from '../exit-codes';

/** `partner-support files retrieve <ticketId> [--prefix] [--max-objects]`: the ticket starts an A5 retrieval. */
export async function filesRetrieveCommand(
  context: CliContext,
  ticketId: string,
  options: { prefix?: string; maxObjects?: string; json?: boolean },
): Promise<void> {
  const id = ticketIdParam.safeParse(ticketId);
  if (!id.success) throw usageError(describeIssues(id.error));
  // The same validation as POST /api/tickets/:id/files/retrieve.
  const body = fileRetrievalBody.safeParse({
    prefix: options.prefix,
    maxObjects: options.maxObjects === undefined ? undefined : Number(options.maxObjects),
    requestedBy: context.user,
  });
  if (!body.success) throw usageError(describeIssues(body.error));
  const started = await temporalCall(
    context,
    (client) =>
      requestFileRetrieval(client, id.data, {
        ...body.data,
        requestedBy: body.data.requestedBy ?? context.user,
      }),
    `Ticket ${id.data} has no lifecycle: no file retrieval started`,
  );
  if (options.json) return writeJson(context, { ticketId: id.data, ...started });
  context.stdout.write(
    `${started.workflowId}: file retrieval ${started.retrieval} started by ticket ${id.data} (run ${started.runId}); its note will be on the ticket\n`,
  );
}
