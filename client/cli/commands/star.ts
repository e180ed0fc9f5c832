import { starUrgencyLabel } from '../../../domain/star';
import { partnerTicketWorkflowId } from '../../../domain/ticket-ids';
import type { partnerTicket } from '../../../workflows';
import { acknowledgeStarUpdate, escalateUpdate, unstarUpdate } from '../../../workflows/definitions';
import type { StarView } from '../../../workflows/partner-ticket/types';
import { temporalCall, writeJson, type CliContext } from '../context';
import { shortTime } from '../table';
import { parseTicketId, parseUrgency, requireText, resolveRequestId } from '../ticket-arguments';

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

/** `partner-support escalate <ticketId|caseNumber>`: raise a STAR, or join the one already raised. */
export async function escalateCommand(
  context: CliContext,
  requestId: string,
  options: EscalateOptions,
): Promise<void> {
  const reason = requireText('--reason', options.reason);
  const desiredActions = requireText('--actions', options.actions);
  const urgency = parseUrgency(options.urgency);
  const submitter = requireText('--submitter', options.submitter ?? context.user);
  const ticketId = await resolveRequestId(context, requestId);
  const result = await updateOn(context, ticketId, (handle) =>
    handle.executeUpdate(escalateUpdate, {
      args: [
        {
          reason,
          desiredActions,
          submitter,
          source: 'api',
          urgency,
          emergency: options.emergency,
          requestId: requestId.trim(),
        },
      ],
    }),
  );
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
