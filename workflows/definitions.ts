import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TicketEvent } from '../domain/ticket-events';
import type { PartnerTicketStatus } from './partner-ticket-state';

/** A Zendesk ticket event, delivered by the webhook server with signal-with-start. */
export const ticketEventSignal = defineSignal<[TicketEvent]>('ticketEvent');

/** S2: re-check the requester's Salesforce Contact now (e.g. after the account owner fixed it). */
export const recheckContactSignal = defineSignal('recheckContact');

/** The whole state of one ticket's lifecycle: clocks, decisions and the rules behind them. */
export const statusQuery = defineQuery<PartnerTicketStatus>('status');
