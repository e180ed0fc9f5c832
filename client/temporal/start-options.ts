import type { WorkflowOptions } from '@temporalio/client';
import { TicketIdAttribute } from '../../domain/search-attributes';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import type { PartnerTicketInput, PartnerTicketOutcome } from '../../workflows/partner-ticket/types';

/**
 * The ticket workflow by its type name and contract (workflows/partner-ticket/types.ts): clients
 * start it without loading workflow code.
 */
export const PARTNER_TICKET_WORKFLOW_TYPE = 'partnerTicket';
export type PartnerTicketWorkflow = (input: PartnerTicketInput) => Promise<PartnerTicketOutcome>;

/** The options every start path gives a partner ticket's workflow (webhook, Slack form, API, CLI). */
export type PartnerTicketStartOptions = Pick<
  WorkflowOptions,
  'workflowId' | 'taskQueue' | 'workflowIdReusePolicy' | 'typedSearchAttributes' | 'staticSummary'
> &
  Required<Pick<WorkflowOptions, 'workflowIdConflictPolicy'>>;

/**
 * How a ticket's workflow is started, chosen on purpose:
 * - one workflow ID per Zendesk ticket (`partner-ticket-<id>`), so that every event and
 *   escalation of a ticket reaches the same lifecycle;
 * - `ALLOW_DUPLICATE_FAILED_ONLY`: a run that completed (closed, deleted, dormant) is never
 *   silently replaced by a fresh intake, and the start fails with
 *   WorkflowExecutionAlreadyStartedError, which the caller turns into "ignored" or a refusal (or,
 *   for a dormant ticket, a reopening run: see `reopeningStartOptions`). A run that failed, was
 *   terminated, cancelled or timed out may be replaced by the next event, so a ticket is never lost;
 * - `USE_EXISTING`: a running lifecycle gets the signal or update (never a second run, never a
 *   termination);
 * - the `TicketId` search attribute from the first task, so the ticket is found in the UI at once,
 *   and a summary naming the ticket in the UI's list (its details card follows its state).
 */
export function partnerTicketStartOptions(ticketId: number, taskQueue: string): PartnerTicketStartOptions {
  return {
    workflowId: partnerTicketWorkflowId(ticketId),
    taskQueue,
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [{ key: TicketIdAttribute, value: String(ticketId) }],
    staticSummary: `Zendesk ticket #${ticketId}`,
  };
}

/**
 * Start options for the run that continues a dormant ticket. Used only after reading that the
 * latest run completed as `dormant`: `ALLOW_DUPLICATE` lets the new run replace it, and
 * `USE_EXISTING` makes a second, concurrent reopening delivery signal the run the first one
 * started instead of failing or starting another.
 */
export function reopeningStartOptions(ticketId: number, taskQueue: string): PartnerTicketStartOptions {
  return { ...partnerTicketStartOptions(ticketId, taskQueue), workflowIdReusePolicy: 'ALLOW_DUPLICATE' };
}
