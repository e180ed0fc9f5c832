import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { parseRequestId, REQUEST_ID_HELP } from '../../domain/request-ids';
import type { StarSource, StarUrgency } from '../../domain/star';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { escalateUpdate } from '../../workflows/definitions';
import type { EscalationResult, TicketEnding } from '../../workflows/partner-ticket/types';
import { isWorkflowAlreadyStarted, withDeadline } from './failures';
import { readLatestRun } from './latest-run';
import {
  PARTNER_TICKET_WORKFLOW_TYPE,
  partnerTicketStartOptions,
  type PartnerTicketWorkflow,
} from './start-options';

/** A Zendesk ticket as the escalation needs it. */
export interface LookedUpTicket {
  id: number;
  organizationId: number | null;
  /** Zendesk's status: a `closed` ticket is never escalated. */
  status: string;
}

/** How the escalation finds tickets in Zendesk (the Zendesk activities, used directly). */
export interface TicketLookup {
  getTicket(ticketId: number): Promise<LookedUpTicket>;
  findTicketByCaseNumber(caseNumber: string): Promise<LookedUpTicket | null>;
}

export interface EscalationDeps {
  temporal: Client;
  taskQueue: string;
  tickets: TicketLookup;
  /** Longest the Temporal part waits (the update-with-start and what follows); none by default. */
  temporalDeadlineMs?: number;
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
      status: 400 | 404 | 409;
      error: 'InvalidRequestId' | 'TicketNotFound' | 'Refused' | 'TicketClosed';
      message: string;
    };

type Refusal = Extract<EscalationOutcome, { ok: false }>;

/** A completed run holds the ticket's workflow ID: why its ticket cannot be escalated. */
const endedRefusal = (ticketId: number, ending: TicketEnding): Refusal => ({
  ok: false,
  status: 409,
  error: 'TicketClosed',
  message:
    ending === 'dormant'
      ? `Ticket ${ticketId} is solved: reopen it in Zendesk to escalate.`
      : ending === 'deleted'
        ? `Ticket ${ticketId} was deleted: it cannot be escalated.`
        : `Ticket ${ticketId} is closed: it cannot be escalated.`,
});

/** An update-with-start refused, then the latest run found running again: tries at most this often. */
const MAX_ATTEMPTS = 3;

/** Zendesk answered that the ticket does not exist (the activities' NotFound failure type). */
export const isTicketNotFound = (err: unknown): boolean =>
  (err as { type?: string })?.type === 'NotFound' ||
  (err as { cause?: { type?: string } })?.cause?.type === 'NotFound';

/**
 * The ticket a request ID names (ticket ID, or partner case number looked up in Zendesk). For a
 * partner, a ticket of another organization is answered exactly as a ticket that does not exist
 * (same status, code and message): a partner must not learn which ticket numbers exist.
 */
async function findTicket(
  tickets: TicketLookup,
  requestId: unknown,
  partnerOrganizationId: number | undefined,
): Promise<{ ok: true; ticket: LookedUpTicket } | Refusal> {
  const parsed = parseRequestId(requestId);
  if (!parsed.ok) return { ok: false, status: 400, error: 'InvalidRequestId', message: parsed.message };
  const visible = (ticket: LookedUpTicket | null): ticket is LookedUpTicket =>
    ticket !== null &&
    (partnerOrganizationId === undefined || ticket.organizationId === partnerOrganizationId);
  if (parsed.value.kind === 'case') {
    const { caseNumber } = parsed.value;
    const ticket = await tickets.findTicketByCaseNumber(caseNumber);
    if (visible(ticket)) return { ok: true, ticket };
    return {
      ok: false,
      status: 404,
      error: 'TicketNotFound',
      message: `No ticket has the case number ${caseNumber}. ${REQUEST_ID_HELP}`,
    };
  }
  const { ticketId } = parsed.value;
  const ticket = await tickets.getTicket(ticketId).catch((err: unknown) => {
    if (isTicketNotFound(err)) return null;
    throw err;
  });
  if (visible(ticket)) return { ok: true, ticket };
  return { ok: false, status: 404, error: 'TicketNotFound', message: `Ticket ${ticketId} does not exist.` };
}

/**
 * A6/STAR, for every escalation path (Slack form, ticket API, CLI): finds the ticket a request
 * ID names (for a partner, only among its own organization's tickets), checks that the ticket is
 * not closed in Zendesk, and raises the STAR on the ticket's workflow with update-with-start
 * (starting it if the ticket predates the service, with the shared start options). Every
 * refusal from Zendesk's answers is decided before Temporal is touched, so a bad request changes
 * nothing; a ticket whose lifecycle has completed (a run holds its ID) is refused too.
 */
export async function escalateTicket(
  deps: EscalationDeps,
  request: EscalationRequest,
): Promise<EscalationOutcome> {
  const found = await findTicket(deps.tickets, request.requestId, request.partnerOrganizationId);
  if (!found.ok) return found;
  const { ticket } = found;
  if (ticket.status === 'closed') return endedRefusal(ticket.id, 'closed');

  const raise = () => raiseStar(deps, ticket.id, request);
  return deps.temporalDeadlineMs === undefined
    ? raise()
    : withDeadline(deps.temporal, deps.temporalDeadlineMs, raise);
}

async function raiseStar(
  deps: EscalationDeps,
  ticketId: number,
  request: EscalationRequest,
): Promise<EscalationOutcome> {
  const input = {
    reason: request.reason,
    desiredActions: request.desiredActions,
    submitter: request.submitter,
    source: request.source,
    urgency: request.urgency,
    emergency: request.emergency,
    requestId: typeof request.requestId === 'string' ? request.requestId.trim() : undefined,
  };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    try {
      const result = await deps.temporal.workflow.executeUpdateWithStart(escalateUpdate, {
        args: [input],
        startWorkflowOperation: new WithStartWorkflowOperation<PartnerTicketWorkflow>(
          PARTNER_TICKET_WORKFLOW_TYPE,
          {
            ...partnerTicketStartOptions(ticketId, deps.taskQueue),
            args: [{ ticketId }],
          },
        ),
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
      if (!isWorkflowAlreadyStarted(err)) throw err;
    }
    const latest = await readLatestRun(deps.temporal, partnerTicketWorkflowId(ticketId));
    if (latest.kind === 'ended') return endedRefusal(ticketId, latest.ending);
  }
  throw new Error(
    `${partnerTicketWorkflowId(ticketId)}: its runs kept changing while the STAR was raised; try again`,
  );
}
