import type { Client } from '@temporalio/client';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import type { partnerTicket } from '../../workflows';
import { requestUploaderSignal, statusQuery, uploadFinishedSignal } from '../../workflows/definitions';
import type { PartnerTicketStatus } from '../../workflows/partner-ticket/types';

/**
 * S5: the ticket's workflow as the uploader's entry points see it. They only ever SIGNAL a
 * running ticket workflow, never start one: a ticket without a workflow is `absent` (404), one
 * whose lifecycle is over (closed, deleted, or its run ended) is `ended` (410).
 */
export type UploaderTicket =
  { kind: 'open'; status: PartnerTicketStatus } | { kind: 'absent' } | { kind: 'ended'; why: string };

const handleFor = (client: Client, ticketId: number) =>
  client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));

const isNotFound = (err: unknown): boolean =>
  (err as { name?: string } | null)?.name === 'WorkflowNotFoundError';

export async function uploaderTicket(client: Client, ticketId: number): Promise<UploaderTicket> {
  const handle = handleFor(client, ticketId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (isNotFound(err)) return { kind: 'absent' };
    throw err;
  }
  if (description.status.name !== 'RUNNING') return { kind: 'ended', why: 'the ticket is no longer open' };
  const status = await handle.query(statusQuery);
  if (status.phase === 'closed' || status.phase === 'deleted')
    return { kind: 'ended', why: `the ticket is ${status.phase}` };
  return { kind: 'open', status };
}

/** Asks the ticket's workflow for an uploader (API, CLI); its link is then posted on the ticket. */
export async function requestSupportUploader(
  client: Client,
  ticketId: number,
  requestedBy: string,
): Promise<UploaderTicket> {
  const ticket = await uploaderTicket(client, ticketId);
  if (ticket.kind === 'open')
    await handleFor(client, ticketId).signal(requestUploaderSignal, { requestedBy });
  return ticket;
}

/** Tells the ticket's workflow that S3 accepted a file (the uploader page's callback). */
export async function reportUploadFinished(client: Client, ticketId: number, key: string): Promise<void> {
  await handleFor(client, ticketId).signal(uploadFinishedSignal, { key });
}
