import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { parseRequestId, REQUEST_ID_HELP } from '../../domain/request-ids';
import { TicketIdAttribute } from '../../domain/search-attributes';
import type { StarSource, StarUrgency } from '../../domain/star';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { partnerTicket } from '../../workflows';
import { escalateUpdate } from '../../workflows/definitions';
import type { EscalationResult } from '../../workflows/partner-ticket/types';

/** How the escalation finds tickets in Zendesk (the Zendesk activities, used directly). */
export interface TicketLookup {
  getTicket(ticketId: number): Promise<{ id: number; organizationId: number | null }>;
  findTicketByCaseNumber(caseNumber: string): Promise<{ id: number; organizationId: number | null } | null>;
}

export interface EscalationDeps {
  temporal: Client;
  taskQueue: string;
  tickets: TicketLookup;
}

export interface EscalationRequest {
  /** The request ID exactly as the partner typed it. */
  requestId: unknown;
  reason: string;
  desiredActions: string;
  submitter: string;
  urgency?: StarUrgency;
  emergency?: boolean;
  source: StarSource;
  /** Set for partners: only their own organization's tickets may be escalated. */
  partnerOrganizationId?: number;
}

export type EscalationOutcome =
  | { ok: true; ticketId: number; result: EscalationResult; message: string }
  | {
      ok: false;
      status: 400 | 403 | 404 | 409;
      error: 'InvalidRequestId' | 'TicketNotFound' | 'Forbidden' | 'Refused';
      message: string;
    };

const isNotFound = (err: unknown): boolean =>
  (err as { type?: string })?.type === 'NotFound' ||
  (err as { cause?: { type?: string } })?.cause?.type === 'NotFound';

/**
 * A6/STAR: finds the ticket a request ID names (ticket ID, or partner case number looked up in
 * Zendesk), checks the partner escalates its own organization's ticket, and raises the STAR on
 * the ticket's workflow (starting it if the ticket predates the service). Every refusal is
 * decided before Temporal is touched, so a bad request changes nothing.
 */
export async function escalateTicket(
  deps: EscalationDeps,
  request: EscalationRequest,
): Promise<EscalationOutcome> {
  const parsed = parseRequestId(request.requestId);
  if (!parsed.ok) return { ok: false, status: 400, error: 'InvalidRequestId', message: parsed.message };

  let ticket: { id: number; organizationId: number | null } | null;
  if (parsed.value.kind === 'case') {
    ticket = await deps.tickets.findTicketByCaseNumber(parsed.value.caseNumber);
    if (!ticket) {
      return {
        ok: false,
        status: 404,
        error: 'TicketNotFound',
        message: `No ticket has the case number ${parsed.value.caseNumber}. ${REQUEST_ID_HELP}`,
      };
    }
  } else {
    const ticketId = parsed.value.ticketId;
    ticket = await deps.tickets.getTicket(ticketId).catch((err: unknown) => {
      if (isNotFound(err)) return null;
      throw err;
    });
    if (!ticket) {
      return {
        ok: false,
        status: 404,
        error: 'TicketNotFound',
        message: `Ticket ${ticketId} does not exist.`,
      };
    }
  }
  if (
    request.partnerOrganizationId !== undefined &&
    ticket.organizationId !== request.partnerOrganizationId
  ) {
    // Same answer whether the ticket exists elsewhere or not: nothing about other partners leaks.
    return {
      ok: false,
      status: 403,
      error: 'Forbidden',
      message: 'This ticket does not belong to your organization: you can escalate only your own tickets.',
    };
  }

  const ticketId = ticket.id;
  const input = {
    reason: request.reason,
    desiredActions: request.desiredActions,
    submitter: request.submitter,
    source: request.source,
    urgency: request.urgency,
    emergency: request.emergency,
    requestId: typeof request.requestId === 'string' ? request.requestId.trim() : undefined,
  };
  try {
    const result = await deps.temporal.workflow.executeUpdateWithStart(escalateUpdate, {
      args: [input],
      startWorkflowOperation: new WithStartWorkflowOperation(partnerTicket, {
        workflowId: partnerTicketWorkflowId(ticketId),
        taskQueue: deps.taskQueue,
        args: [{ ticketId }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: TicketIdAttribute, value: String(ticketId) }],
      }),
    });
    return {
      ok: true,
      ticketId,
      result,
      message:
        result.outcome === 'raised'
          ? `STAR raised on ticket ${ticketId}: a support manager will acknowledge it by ${result.star.acknowledgeBy}.`
          : `Ticket ${ticketId} is already starred: your request was added to the STAR.`,
    };
  } catch (err) {
    const cause = (err as { name?: string; cause?: { message?: string } }).cause;
    if ((err as { name?: string }).name === 'WorkflowUpdateFailedError' && cause?.message) {
      return { ok: false, status: 409, error: 'Refused', message: cause.message };
    }
    throw err;
  }
}
