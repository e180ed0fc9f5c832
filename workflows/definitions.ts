import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TicketEvent } from '../domain/ticket-events';
import type {
  EscalationInput,
  EscalationResult,
  FileRetrievalRequest,
  FileRetrievalStarted,
  PartnerTicketStatus,
  PolicyReloadResult,
  StarView,
} from './partner-ticket/types';

/** A Zendesk ticket event, delivered by the webhook server with signal-with-start. */
export const ticketEventSignal = defineSignal<[TicketEvent]>('ticketEvent');

/** S2: re-check the requester's Salesforce Contact now (e.g. after the account owner fixed it). */
export const recheckContactSignal = defineSignal('recheckContact');

/** The whole state of one ticket's lifecycle: clocks, decisions and the rules behind them. */
export const statusQuery = defineQuery<PartnerTicketStatus>('status');

/** A6/STAR: raise a STAR on the ticket, or add the request to the one already raised. */
export const escalateUpdate = defineUpdate<EscalationResult, [EscalationInput]>('escalate');

/** A support manager acknowledges the STAR: its acknowledgement clock stops. */
export const acknowledgeStarUpdate = defineUpdate<StarView, [{ by: string }]>('acknowledgeStar');

/** Ends the STAR; a reason is required. */
export const unstarUpdate = defineUpdate<StarView, [{ by: string; reason: string }]>('unstar');

/**
 * Rolls an SLA policy version out to this ticket: loads it by version and re-targets its clocks
 * deterministically (business time consumed is kept; deadlines follow the new targets/calendars).
 */
export const reloadSlaPolicyUpdate = defineUpdate<PolicyReloadResult, [{ version: string }]>(
  'reloadSlaPolicy',
);

/**
 * The same STAR operations as signals, for a support manager in the Temporal UI ("Send Signal")
 * or `temporal workflow signal`: validated inside the workflow like the updates; a refused one
 * is recorded as a decision (there is no caller to answer).
 */
export const escalateSignal = defineSignal<[EscalationInput]>('escalate');
export const acknowledgeStarSignal = defineSignal<[{ by: string }]>('acknowledgeStar');
export const unstarSignal = defineSignal<[{ by: string; reason: string }]>('unstar');

/**
 * A5: copy the partner's S3 files onto this ticket. The ticket starts a child workflow
 * `file-retrieval-<ticketId>-<n>` (n = 1, 2, …) and answers with its ID once it has started;
 * refused for a closed or deleted ticket.
 */
export const requestFileRetrievalUpdate = defineUpdate<FileRetrievalStarted, [FileRetrievalRequest]>(
  'requestFileRetrieval',
);

/** S5: issue a Support Uploader on this ticket (API, CLI, Temporal UI); its link is posted as a public comment. */
export const requestUploaderSignal = defineSignal<[{ requestedBy: string }]>('requestUploader');

/** S5: the uploader page saw S3 accept a file under the ticket's uploads prefix (the server verified the link). */
export const uploadFinishedSignal = defineSignal<[{ key: string }]>('uploadFinished');
