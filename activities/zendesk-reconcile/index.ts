import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import {
  deliverTicketEvent,
  type TicketEventDeliveryOutcome,
} from '../../client/temporal/deliver-ticket-event';
import { saveZendeskReconcileCursor } from '../../client/temporal/zendesk-reconcile-schedule';
import type { ZendeskEventContext } from '../../client/server/zendesk-webhook/zendesk-events';
import type { TicketEvent } from '../../domain/ticket-events';
import { eventsByTicket } from '../../domain/zendesk-delivery-batches';
import type { ZendeskClient } from '../zendesk/client';
import { resumableReads } from '../keep-alive';
import { mapLimited } from '../map-limited';
import { unexpectedBody, zendeskRequest } from '../zendesk/request';
import { eventsOfExportPage, exportPageSchema } from './export-events';

export interface ZendeskReconcileDeps {
  zendesk: ZendeskClient;
  /** What the webhook mapping knows of this Zendesk (field ids, integration user). */
  context: ZendeskEventContext;
  /** Delivers the events and keeps the cursor in the Schedule. */
  temporal?: Client;
}

export interface ExportedEvents {
  events: TicketEvent[];
  /** The export's `end_time`: the next page's (or run's) `start_time`. */
  endTime: number;
  endOfStream: boolean;
  records: number;
}

export type DeliveryCounts = Partial<Record<TicketEventDeliveryOutcome, number>>;

const SHOW_MANY_LIMIT = 100;
/**
 * Tickets handed their events at once, within a batch (the workflow hands over at most
 * DELIVERY_BATCH_EVENTS at a time). One at a time, a page of a few hundred events took longer
 * than a worker lived under the chaos run's kills, and its heartbeats (sent at most every 8 s)
 * checkpointed too little of it to get through: the page was retried for minutes.
 */
const DELIVERY_CONCURRENCY = 16;

/** The Temporal client is required: without it nothing can be delivered (a worker set-up error). */
function temporalOf(deps: ZendeskReconcileDeps): Client {
  if (!deps.temporal) {
    throw ApplicationFailure.nonRetryable(
      'Zendesk reconciliation needs the worker Temporal client',
      'Misconfigured',
    );
  }
  return deps.temporal;
}

/**
 * The reconciliation's activities (workflows/zendesk-reconcile.ts): one page of Zendesk's
 * incremental ticket event export (its 10-a-minute rate limit answers 429 + Retry-After, retried
 * after that delay through zendeskRequest), the delivery of each event to its ticket's workflow,
 * and the cursor kept in the Schedule.
 */
export function createZendeskReconcileActivities(deps: ZendeskReconcileDeps) {
  const { zendesk } = deps;

  /**
   * Each ticket's requester, a hundred tickets a call. Each batch read is checkpointed: a retry
   * (a 429 or 503 on a later batch, a killed worker) asks Zendesk only for the batches not read.
   */
  const requesters = async (ticketIds: number[]): Promise<Map<number, number>> => {
    const read = resumableReads<Record<string, Array<[number, number]>>>();
    const found = new Map<number, number>();
    for (let i = 0; i < ticketIds.length; i += SHOW_MANY_LIMIT) {
      const ids = ticketIds.slice(i, i + SHOW_MANY_LIMIT);
      const pairs = await read(`requesters:${ids.join(',')}`, async () => {
        const { result } = await zendeskRequest<unknown>('tickets.show_many', () =>
          zendesk.tickets.showMany(ids),
        );
        const tickets = Array.isArray(result) ? result : (result as { tickets?: unknown })?.tickets;
        if (!Array.isArray(tickets)) throw unexpectedBody('tickets.show_many');
        return (tickets as Array<{ id?: unknown; requester_id?: unknown }>).flatMap((t) =>
          typeof t.id === 'number' && typeof t.requester_id === 'number'
            ? [[t.id, t.requester_id] as [number, number]]
            : [],
        );
      });
      for (const [ticketId, requesterId] of pairs) found.set(ticketId, requesterId);
    }
    return found;
  };

  return {
    async readZendeskTicketEvents({ startTime }: { startTime: number }): Promise<ExportedEvents> {
      const operation = 'incremental.ticket_events';
      const { result } = await zendeskRequest<unknown>(operation, () =>
        zendesk.tickets.get([
          'incremental',
          'ticket_events',
          { start_time: startTime, include: 'comment_events' },
        ]),
      );
      const page = exportPageSchema.safeParse(result);
      if (!page.success) throw unexpectedBody(operation);
      const ticketIds = [...new Set(page.data.ticket_events.map((r) => r.ticket_id))];
      const requesterIds = ticketIds.length > 0 ? await requesters(ticketIds) : new Map<number, number>();
      const events = eventsOfExportPage(page.data, {
        ...deps.context,
        requesterOf: (ticketId) => requesterIds.get(ticketId),
      });
      return {
        events,
        endTime: page.data.end_time ?? startTime,
        endOfStream: page.data.end_of_stream,
        records: page.data.ticket_events.length,
      };
    },

    /**
     * Hands each event to its ticket's workflow (deliverTicketEvent: closed and deleted tickets are
     * not restarted, a dormant one only by a reopening event): several tickets at a time, each
     * ticket's events in the export's order. Each delivery is checkpointed, so a retry (a killed
     * worker, Temporal restarting) goes on from those not delivered; one delivered twice all the
     * same (its checkpoint lost) changes nothing, its workflow has its id.
     */
    async deliverZendeskTicketEvents({ events }: { events: TicketEvent[] }): Promise<DeliveryCounts> {
      const client = temporalOf(deps);
      const { taskQueue } = Context.current().info;
      const deliver = resumableReads<Record<string, TicketEventDeliveryOutcome>>();
      const counts: DeliveryCounts = {};
      await mapLimited(eventsByTicket(events), DELIVERY_CONCURRENCY, async (ticketEvents) => {
        for (const event of ticketEvents) {
          const outcome = await deliver(event.eventId, async () => {
            const delivered = await deliverTicketEvent({ client, taskQueue }, event);
            return delivered.outcome;
          });
          counts[outcome] = (counts[outcome] ?? 0) + 1;
        }
      });
      return counts;
    },

    async saveZendeskReconcileCursor({ startTime }: { startTime: number }): Promise<{ saved: boolean }> {
      return { saved: await saveZendeskReconcileCursor(temporalOf(deps), startTime) };
    },
  };
}

export type ZendeskReconcileActivities = ReturnType<typeof createZendeskReconcileActivities>;
