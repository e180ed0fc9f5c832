import { parseRequestId } from '../../../domain/request-ids';
import { starUrgencyLabel } from '../../../domain/star';
import { partnerTicketWorkflowId } from '../../../domain/ticket-ids';
import type { partnerTicket } from '../../../workflows';
import { acknowledgeStarUpdate, unstarUpdate } from '../../../workflows/definitions';
import type { StarView } from '../../../workflows/partner-ticket/types';
import {
  escalateTicket,
  isTicketNotFound,
  type EscalationOutcome,
  type TicketLookup,
} from '../../temporal/escalate-ticket';
import { temporalCall, writeJson, type CliContext } from '../context';
import { CliError, ExitCode, usageError } from '../exit-codes';
import { shortTime } from '../table';
import { parseTicketId, parseUrgency, requireText } from '../ticket-arguments';

const noWorkflow = (ticketId: number) =>
  `Ticket ${ticketId} has no workflow (no Zendesk event has been received for it).`;

const updateOn = <T>(
  context: CliContext,
  ticketId: number,
  update: (handle: ReturnType<typeof handleOf>) => Promise<T>,
) => temporalCall(context, (client) => update(handleOf(client, ticketId)), noWorkflow(ticketId));

const handleOf = (client: Awaited<ReturnType<CliContext['temporal']>>, ticketId: number) =>
  client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));

export interface EscalateOptions {
  reason?: string;
  actions?: string;
  urgency?: string;
  emergency?: boolean;
  submitter?: string;
  json?: boolean;
}

/** A refused escalation as the exit code a script sees: 2 bad request ID, 3 no such ticket, 1 refused. */
function refusal(outcome: Extract<EscalationOutcome, { ok: false }>): CliError {
  if (outcome.status === 400) return usageError(outcome.message);
  if (outcome.status === 404) return new CliError(ExitCode.notFound, outcome.message);
  return new CliError(ExitCode.failure, `Refused: ${outcome.message}`);
}

/**
 * `partner-support escalate <ticketId|caseNumber>`: raise a STAR, or join the one already raised.
 * The same escalation as the Slack form and the ticket API (escalateTicket): the ticket is found
 * in Zendesk, a closed one is refused, one without a workflow yet has it started.
 */
export async function escalateCommand(
  context: CliContext,
  requestId: string,
  options: EscalateOptions,
): Promise<void> {
  const reason = requireText('--reason', options.reason);
  const desiredActions = requireText('--actions', options.actions);
  const urgency = parseUrgency(options.urgency);
  const submitter = requireText('--submitter', options.submitter ?? context.user);
  // A malformed request ID is a usage error, found before Zendesk or Temporal is asked.
  const parsed = parseRequestId(requestId);
  if (!parsed.ok) throw usageError(parsed.message);
  const zendesk = context.tickets;
  if (!zendesk) {
    throw new CliError(
      ExitCode.failure,
      'Escalating needs Zendesk (to find the ticket and check it is not closed), which is not configured here.',
    );
  }
  // Zendesk failing is said as such, not as a Temporal failure (not-found stays an answer).
  const zendeskFailure = (err: unknown): never => {
    if (isTicketNotFound(err)) throw err;
    throw new CliError(ExitCode.failure, `Cannot look the ticket up in Zendesk: ${(err as Error).message}`);
  };
  const tickets: TicketLookup = {
    getTicket: (ticketId) => zendesk.getTicket(ticketId).catch(zendeskFailure),
    findTicketByCaseNumber: (caseNumber) => zendesk.findTicketByCaseNumber(caseNumber).catch(zendeskFailure),
  };
  const outcome = await temporalCall(
    context,
    (client) =>
      escalateTicket(
        { temporal: client, taskQueue: context.taskQueue, tickets },
        {
          requestId,
          reason,
          desiredActions,
          submitter,
          source: 'api',
          urgency,
          emergency: options.emergency,
        },
      ),
    `Ticket ${requestId.trim()} has no workflow.`,
  );
  if (!outcome.ok) throw refusal(outcome);
  const { ticketId, result } = outcome;
  if (options.json) return writeJson(context, { ticketId, ...result });
  context.stdout.write(
    result.outcome === 'raised'
      ? `STAR raised on ticket ${ticketId} (${starUrgencyLabel[result.star.urgency]}${result.star.emergency ? ', emergency' : ''}): a support manager must acknowledge it by ${shortTime(result.star.acknowledgeBy)}.\n`
      : `Ticket ${ticketId} is already starred: your request was added to the STAR (${result.star.requests.length} requests).\n`,
  );
}

const describeStar = (star: StarView): string =>
  star.status === 'acknowledged'
    ? `acknowledged by ${star.acknowledgedBy ?? 'unknown'}`
    : star.status === 'unstarred'
      ? `unstarred (${star.unstarReason ?? 'no reason'})`
      : `raised, acknowledge by ${shortTime(star.acknowledgeBy)}`;

/** `partner-support ack-star <ticketId> --by <name>`: a support manager takes the STAR. */
export async function ackStarCommand(
  context: CliContext,
  rawTicketId: string,
  options: { by?: string; json?: boolean },
): Promise<void> {
  const ticketId = parseTicketId(rawTicketId);
  const by = requireText('--by', options.by ?? context.user);
  const star = await updateOn(context, ticketId, (handle) =>
    handle.executeUpdate(acknowledgeStarUpdate, { args: [{ by }] }),
  );
  if (options.json) return writeJson(context, { ticketId, star });
  context.stdout.write(`STAR on ticket ${ticketId}: ${describeStar(star)}.\n`);
}

/** `partner-support unstar <ticketId> --by <name> --reason <text>`: ends the STAR; the reason is required. */
export async function unstarCommand(
  context: CliContext,
  rawTicketId: string,
  options: { by?: string; reason?: string; json?: boolean },
): Promise<void> {
  const ticketId = parseTicketId(rawTicketId);
  const reason = requireText('--reason', options.reason);
  const by = requireText('--by', options.by ?? context.user);
  const star = await updateOn(context, ticketId, (handle) =>
    handle.executeUpdate(unstarUpdate, { args: [{ by, reason }] }),
  );
  if (options.json) return writeJson(context, { ticketId, star });
  context.stdout.write(`STAR on ticket ${ticketId}: ${describeStar(star)}.\n`);
}
