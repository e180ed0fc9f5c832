import { patched, proxyActivities } from '@temporalio/workflow';
import type { DeliveryCounts, ZendeskReconcileActivities } from '../../activities/zendesk-reconcile';
import type { ZendeskReconcileInput } from '../../client/temporal/zendesk-reconcile-schedule';
import type { TicketEvent } from '../../domain/ticket-events';
import { ticketDeliveryBatches } from '../../domain/zendesk-delivery-batches';

// Under a storm (429s and 503s, killed workers) a page is retried for up to half an hour rather
// than a number of attempts: the reads and deliveries done are checkpointed in the heartbeat (and
// deliveries go in batches of a few dozen events, domain/zendesk-delivery-batches.ts), a
// killed worker's attempt is retried within its heartbeat timeout, and a 429 after its Retry-After.
// Back-off stops at 10 s: a page late is a lost webhook late (a 429 waits its Retry-After all the same).
const patience = {
  heartbeatTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
} as const;
const { readZendeskTicketEvents, saveZendeskReconcileCursor } = proxyActivities<ZendeskReconcileActivities>({
  startToCloseTimeout: '2 minutes',
  ...patience,
});
// Deliveries go to Temporal itself (a killed worker, a restart); a batch takes a second or two.
const { deliverZendeskTicketEvents } = proxyActivities<ZendeskReconcileActivities>({
  startToCloseTimeout: '2 minutes',
  ...patience,
});

/** Where a first run starts when the Schedule has no cursor yet. */
export const FIRST_RUN_LOOKBACK_SECONDS = 60 * 60;
const DEFAULT_MAX_PAGES = 20;

export interface ZendeskReconcileResult {
  startTime: number;
  /** The cursor for the next run (saved in the Schedule when there is one). */
  endTime: number;
  pages: number;
  events: number;
  delivered: DeliveryCounts;
  /** The whole export up to now was read (false: the page budget ran out, the next run goes on). */
  complete: boolean;
  cursorSaved: boolean;
}

/**
 * The reconciliation (Schedule `zendesk-reconcile`): reads Zendesk's incremental ticket event
 * export from the cursor and hands every ticket change to its workflow, so that a webhook Zendesk
 * never delivered still arrives. Events carry the webhook path's dedupe keys
 * (domain/zendesk-change-ids.ts): what the workflow already saw changes nothing.
 */
export async function zendeskTicketEventsReconcile(
  input: ZendeskReconcileInput = {},
): Promise<ZendeskReconcileResult> {
  const startTime = input.startTime ?? Math.floor(Date.now() / 1000) - FIRST_RUN_LOOKBACK_SECONDS;
  const maxPages = input.maxPages ?? DEFAULT_MAX_PAGES;
  let cursor = startTime;
  let pages = 0;
  let events = 0;
  let complete = false;
  const delivered: DeliveryCounts = {};
  while (pages < maxPages) {
    const page = await readZendeskTicketEvents({ startTime: cursor });
    pages += 1;
    if (page.events.length > 0) {
      events += page.events.length;
      // Runs started before batches deliver the whole page in one activity.
      const batches: TicketEvent[][] = patched('reconcile-delivery-batches')
        ? ticketDeliveryBatches(page.events)
        : [page.events];
      // One batch after the other: a ticket's events stay in order, each batch done is in the history.
      for (const batch of batches) {
        const counts = await deliverZendeskTicketEvents({ events: batch });
        for (const [outcome, n] of Object.entries(counts) as Array<[keyof DeliveryCounts, number]>) {
          delivered[outcome] = (delivered[outcome] ?? 0) + n;
        }
      }
    }
    const advanced = page.endTime > cursor;
    cursor = Math.max(cursor, page.endTime);
    // end_time repeats the page's last second: a page that does not move the cursor is the end.
    if (page.endOfStream || !advanced) {
      complete = true;
      break;
    }
  }
  const { saved } = await saveZendeskReconcileCursor({ startTime: cursor });
  return { startTime, endTime: cursor, pages, events, delivered, complete, cursorSaved: saved };
}
