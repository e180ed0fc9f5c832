import type { Client } from '@temporalio/client';
import type { TicketEvent } from '../../domain/ticket-events';
import { reopensTicket } from '../../domain/ticket-reopen';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { ticketEventSignal } from '../../workflows/definitions';
import type { PartnerTicketInput } from '../../workflows/partner-ticket/types';
import { isWorkflowAlreadyStarted, withDeadline } from './failures';
import { readLatestRun } from './latest-run';
import {
  PARTNER_TICKET_WORKFLOW_TYPE,
  partnerTicketStartOptions,
  reopeningStartOptions,
  type PartnerTicketStartOptions,
  type PartnerTicketWorkflow,
} from './start-options';

export interface TicketEventDeliveryDeps {
  client: Client;
  taskQueue: string;
  /** Longest the whole delivery waits on Temporal (all its calls); none by default. */
  deadlineMs?: number;
}

export type TicketEventDeliveryOutcome =
  /** The ticket's running lifecycle has the event (started by it if it was the first). */
  | 'delivered'
  /** The ticket was dormant and the event reopens it: a new run continues from its state. */
  | 'reopened'
  /** The ticket's lifecycle is over (closed or deleted in Zendesk): the event changes nothing. */
  | 'ignored_closed'
  | 'ignored_deleted'
  /** Dormant, and the event does not reopen it (e.g. a private note). */
  | 'ignored_dormant';

export interface TicketEventDelivery {
  outcome: TicketEventDeliveryOutcome;
  workflowId: string;
}

/** A start refused, then the latest run found running again (a concurrent start): tries at most this often. */
const MAX_ATTEMPTS = 3;

const signalWithStart = (
  client: Client,
  options: PartnerTicketStartOptions,
  input: PartnerTicketInput,
  event: TicketEvent,
) =>
  client.workflow.signalWithStart<PartnerTicketWorkflow, [TicketEvent]>(PARTNER_TICKET_WORKFLOW_TYPE, {
    ...options,
    args: [input],
    signal: ticketEventSignal,
    signalArgs: [event],
  });

/**
 * Hands one Zendesk ticket event to its ticket's lifecycle, the same way for every caller: with
 * signal-with-start, which starts the workflow on the ticket's first event. A completed run is
 * never silently restarted (see start-options.ts): when one holds the ID, its ending decides —
 * closed or deleted: ignored; dormant: a reopening event starts a new run carrying the state
 * (with the event), anything else is ignored. Throws what Temporal throws otherwise (see
 * failures.ts), so that the caller can ask for a redelivery.
 */
export async function deliverTicketEvent(
  deps: TicketEventDeliveryDeps,
  event: TicketEvent,
): Promise<TicketEventDelivery> {
  const deliver = () => deliverOnce(deps, event);
  return deps.deadlineMs === undefined ? deliver() : withDeadline(deps.client, deps.deadlineMs, deliver);
}

async function deliverOnce(deps: TicketEventDeliveryDeps, event: TicketEvent): Promise<TicketEventDelivery> {
  const { client, taskQueue } = deps;
  const { ticketId } = event;
  const workflowId = partnerTicketWorkflowId(ticketId);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    try {
      await signalWithStart(client, partnerTicketStartOptions(ticketId, taskQueue), { ticketId }, event);
      return { outcome: 'delivered', workflowId };
    } catch (err) {
      if (!isWorkflowAlreadyStarted(err)) throw err;
    }
    const latest = await readLatestRun(client, workflowId);
    if (latest.kind === 'retry') continue;
    switch (latest.ending) {
      case 'closed':
        return { outcome: 'ignored_closed', workflowId };
      case 'deleted':
        return { outcome: 'ignored_deleted', workflowId };
      case 'dormant':
        if (!reopensTicket(event)) return { outcome: 'ignored_dormant', workflowId };
        if (!latest.carried) {
          // A contract breach in the workflow: restarting without the state would redo intake.
          throw new Error(`${workflowId} run ${latest.runId} ended dormant without its state`);
        }
        await signalWithStart(
          client,
          reopeningStartOptions(ticketId, taskQueue),
          { ticketId, carried: latest.carried },
          event,
        );
        return { outcome: 'reopened', workflowId };
    }
  }
  throw new Error(`${workflowId}: its runs kept changing while the event was delivered; deliver it again`);
}
