import { condition, log, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { TicketActivities } from '../activities/tickets';
import { SlaStateAttribute, StarredAttribute, TicketIdAttribute } from '../domain/search-attributes';
import type { TicketEvent } from '../domain/ticket-events';
import { statusQuery, ticketEventSignal } from './definitions';
import type { PartnerTicketInput, PartnerTicketStatus, SlaState } from './partner-ticket-state';

const { loadTicket } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Standard support's first-response target (DESIGN.md, service levels). */
const STANDARD_FIRST_REPLY_MS = 24 * 60 * 60 * 1000;

/**
 * One partner support ticket, from creation to close. Workflow ID: `partner-ticket-<ticketId>`.
 */
export async function partnerTicket(input: PartnerTicketInput): Promise<PartnerTicketStatus> {
  const state: PartnerTicketStatus = {
    ticketId: input.ticketId,
    phase: 'intake',
    slaState: 'none',
    decisions: [],
    eventsSeen: 0,
  };
  const seenEventIds = new Set<string>();
  let agentReplied = false;
  let closed = false;

  const decide = (rule: string, summary: string): void => {
    state.decisions.push({ rule, summary, at: new Date().toISOString() });
    log.info('decision', { rule, summary });
  };
  const setSlaState = (next: SlaState): void => {
    state.slaState = next;
    upsertSearchAttributes([{ key: SlaStateAttribute, value: next }]);
  };

  setHandler(statusQuery, () => ({ ...state, decisions: [...state.decisions] }));

  setHandler(ticketEventSignal, (event: TicketEvent) => {
    // Webhooks are delivered at least once: an event id seen before changes nothing.
    if (seenEventIds.has(event.eventId)) return;
    seenEventIds.add(event.eventId);
    state.eventsSeen = seenEventIds.size;
    if (event.type === 'comment.public' && event.actor === 'agent') agentReplied = true;
    if (event.type === 'ticket.closed') closed = true;
  });

  upsertSearchAttributes([
    { key: TicketIdAttribute, value: String(input.ticketId) },
    { key: StarredAttribute, value: false },
  ]);

  const ticket = await loadTicket(input.ticketId);
  state.subject = ticket.subject;
  state.phase = 'open';

  const firstReplyDeadline = new Date(Date.now() + STANDARD_FIRST_REPLY_MS);
  state.firstReplyDeadline = firstReplyDeadline.toISOString();
  setSlaState('active');
  decide('SLA', `First reply due by ${state.firstReplyDeadline} (Standard, 24 h)`);

  const repliedInTime = await condition(() => agentReplied || closed, STANDARD_FIRST_REPLY_MS);
  if (repliedInTime) {
    setSlaState('met');
  } else {
    setSlaState('breached');
    decide('SLA', 'First reply target breached');
  }

  await condition(() => closed);
  state.phase = 'closed';
  return state;
}
