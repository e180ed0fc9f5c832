import type { Client, WorkflowHandle } from '@temporalio/client';
import { partnerTicketStartOptions } from '../../client/temporal/start-options';
import type { TicketEvent } from '../../domain/ticket-events';
import { partnerTicket } from '../../workflows';
import { statusQuery, ticketEventSignal } from '../../workflows/definitions';
import type { PartnerTicketStatus } from '../../workflows/partner-ticket/types';
import { eventually } from './eventually';

/** Delivers a ticket event as the webhook server does: signal-with-start with the shared start options. */
export async function deliverEvent(
  client: Client,
  taskQueue: string,
  event: TicketEvent,
  /** Passed to the workflow if this event starts it. */
  start: { continueAsNewAfter?: number } = {},
): Promise<void> {
  await client.workflow.signalWithStart(partnerTicket, {
    ...partnerTicketStartOptions(event.ticketId, taskQueue),
    args: [{ ticketId: event.ticketId, ...start }],
    signal: ticketEventSignal,
    signalArgs: [event],
  });
}

/** Polls the `status` query until `check` holds with nothing pending (events applied, effects written). */
export async function settledStatus(
  handle: WorkflowHandle<typeof partnerTicket>,
  check: (status: PartnerTicketStatus) => boolean,
  timeoutMs = 30_000,
): Promise<PartnerTicketStatus> {
  let last: PartnerTicketStatus | undefined;
  await eventually(
    async () => {
      last = await handle.query(statusQuery);
      return last.pendingEffects === 0 && last.pendingEvents === 0 && check(last);
    },
    { timeoutMs },
  );
  return last as PartnerTicketStatus;
}
