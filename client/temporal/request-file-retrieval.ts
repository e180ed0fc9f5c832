import type { Client } from '@temporalio/client';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { requestFileRetrievalUpdate } from '../../workflows/definitions';
import type { FileRetrievalRequest, FileRetrievalStarted } from '../../workflows/partner-ticket/types';

/**
 * A5 through the ticket (API, CLI): an update to the ticket's running workflow, which starts the
 * retrieval as its child `file-retrieval-<ticketId>-<n>` and answers once it has started. Nothing
 * starts a ticket here: no workflow → not found; a closed one refuses (see classifyTemporalFailure).
 */
export async function requestFileRetrieval(
  client: Client,
  ticketId: number,
  request: FileRetrievalRequest,
): Promise<FileRetrievalStarted> {
  return client.workflow
    .getHandle(partnerTicketWorkflowId(ticketId))
    .executeUpdate(requestFileRetrievalUpdate, { args: [request] });
}
