import type { Client } from '@temporalio/client';
import type { TicketLookup } from '../temporal/escalate-ticket';
import type { ZendeskWebhooksApi } from '../zendesk/webhook-setup';
import { classifyTemporalFailure } from '../temporal/failures';
import { CliError, ExitCode } from './exit-codes';

/** What the commands work with; the entry point builds it from the configuration, tests inject it. */
export interface CliContext {
  /** The Temporal client, connected on first use (so `--help` and usage errors need no server). */
  temporal: () => Promise<Client>;
  taskQueue: string;
  /**
   * Finds tickets in Zendesk (by ID, or by partner case number with its search): escalations
   * check the ticket exists and is not closed. Absent when Zendesk is not configured.
   */
  tickets?: TicketLookup;
  /** Zendesk's Webhooks API, for `zendesk setup`. Absent when Zendesk is not configured. */
  zendeskWebhooks?: ZendeskWebhooksApi;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Who is running the command, the default submitter/author of STAR operations. */
  user: string;
  /** Longest a command waits on Temporal. */
  deadlineMs: number;
}

/** Runs a Temporal call with the context's deadline, turning failures into exit codes. */
export async function temporalCall<T>(
  context: CliContext,
  call: (client: Client) => Promise<T>,
  notFoundMessage: string,
): Promise<T> {
  let client: Client;
  try {
    client = await context.temporal();
  } catch (err) {
    throw new CliError(ExitCode.failure, `Cannot connect to Temporal: ${(err as Error).message}`);
  }
  try {
    return await client.connection.withDeadline(Date.now() + context.deadlineMs, () => call(client));
  } catch (err) {
    // A failure the call already explained (e.g. Zendesk's, during an escalation) stays as it is.
    if (err instanceof CliError) throw err;
    const failure = classifyTemporalFailure(err);
    switch (failure.kind) {
      case 'not_found':
        throw new CliError(ExitCode.notFound, notFoundMessage);
      case 'rejected':
      case 'completed':
        throw new CliError(ExitCode.failure, `Refused: ${failure.message}`);
      case 'unavailable':
        throw new CliError(ExitCode.failure, `${failure.message}; try again later`);
      default:
        throw new CliError(ExitCode.failure, `Temporal call failed: ${failure.message}`);
    }
  }
}

export const writeJson = (context: CliContext, value: unknown): void => {
  context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
