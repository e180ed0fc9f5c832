import { ApplicationFailure, ParentClosePolicy, patched, setHandler, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { fileRetrievalWorkflowId } from '../../domain/file-retrieval';
import { FILES_REQUEST_TAG } from '../../domain/request-tags';
import { requestFileRetrievalUpdate } from '../definitions';
import type { FileRetrievalInput, FileRetrievalResult } from '../file-retrieval/types';
import type { TicketEvent } from '../../domain/ticket-events';
import { decide, enqueueEffect, isTerminal, type TicketContext } from './context';
import { fileRetrievalStartedDecision } from './messages';
import type { FileRetrievalRequest, FileRetrievalStarted } from './types';

type FileRetrievalWorkflow = (input: FileRetrievalInput) => Promise<FileRetrievalResult>;

/** More retrievals than this for one ticket is a runaway caller, not support work. */
const MAX_RETRIEVALS_PER_TICKET = 1000;

/** Why a retrieval request is refused before anything happens (nothing reaches the history). */
function requestProblem(request: FileRetrievalRequest): string | undefined {
  const { requestedBy, prefix, maxObjects, maxBytes } = request;
  if (typeof requestedBy !== 'string' || requestedBy.trim() === '' || requestedBy.length > 320)
    return 'requestedBy must name who asks (1 to 320 characters)';
  if (prefix !== undefined && (typeof prefix !== 'string' || prefix.length > 1024))
    return 'prefix must be a string of at most 1,024 characters';
  if (maxObjects !== undefined && !(Number.isInteger(maxObjects) && maxObjects >= 1 && maxObjects <= 100_000))
    return 'maxObjects must be an integer from 1 to 100,000';
  if (maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes >= 1))
    return 'maxBytes must be a positive integer';
  return undefined;
}

const FILES_TAG_PATCH = 'a5-files-request-tag';

/**
 * A5 from the ticket: each request starts a child workflow `file-retrieval-<ticketId>-<n>`, with
 * the ticket's own partner Account (a request cannot name another partner's bucket). The child
 * outlives the ticket's run (ABANDON: a continue-as-new or close does not cut a copy short) and
 * writes its own note; n is reserved before the start, so concurrent requests never share one,
 * and an n once used (by an older path, or a run that failed) is skipped, never reused.
 */
async function startRetrieval(
  ctx: TicketContext,
  request: FileRetrievalRequest,
): Promise<FileRetrievalStarted> {
  const { state } = ctx;
  for (;;) {
    const n = (state.fileRetrievals ?? 0) + 1;
    if (n > MAX_RETRIEVALS_PER_TICKET)
      throw ApplicationFailure.nonRetryable(
        `ticket ${state.ticketId} has had ${MAX_RETRIEVALS_PER_TICKET} file retrievals already`,
        'Refused',
      );
    state.fileRetrievals = n;
    const workflowId = fileRetrievalWorkflowId(state.ticketId, n);
    try {
      const child = await startChild<FileRetrievalWorkflow>('fileRetrieval', {
        workflowId,
        args: [
          {
            ticketId: state.ticketId,
            accountId: state.partnerAccountId ?? undefined,
            prefix: request.prefix,
            maxObjects: request.maxObjects,
            maxBytes: request.maxBytes,
            requestedBy: request.requestedBy,
          },
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `Partner files for Zendesk ticket #${state.ticketId} (retrieval ${n})`,
      });
      decide(ctx, 'A5', fileRetrievalStartedDecision(request, workflowId));
      // New files after an earlier retention deleted the old ones: retention counts anew.
      state.filesDeletedAt = undefined;
      return { workflowId, runId: child.firstExecutionRunId, retrieval: n };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}

/** Requests by API and CLI: an update, answered with the retrieval's workflow ID once it started. */
export function registerFileRequests(ctx: TicketContext): void {
  const { state } = ctx;
  setHandler(requestFileRetrievalUpdate, (request) => startRetrieval(ctx, request), {
    validator: (request) => {
      if (isTerminal(state))
        throw ApplicationFailure.nonRetryable(
          `Ticket ${state.ticketId} is ${state.phase}: no files are retrieved onto it`,
          'TicketClosed',
        );
      const problem = requestProblem(request);
      if (problem !== undefined) throw ApplicationFailure.nonRetryable(problem, 'InvalidRequest');
    },
  });
}

/**
 * Requests by Zendesk tag (a `tags.changed` event adding `request_partner_files`): the whole
 * prefix, then the tag is taken off so that adding it again asks again. Runs from before the tag
 * was understood ignore it (patched).
 */
export async function onFileRequestEvent(ctx: TicketContext, event: TicketEvent): Promise<void> {
  if (event.type !== 'tags.changed' || !event.tagsAdded?.includes(FILES_REQUEST_TAG)) return;
  if (!patched(FILES_TAG_PATCH)) return;
  const { state } = ctx;
  await startRetrieval(ctx, { requestedBy: `Zendesk tag ${FILES_REQUEST_TAG}` });
  state.tags = state.tags.filter((tag) => tag !== FILES_REQUEST_TAG);
  enqueueEffect(ctx, { kind: 'removeTags', tags: [FILES_REQUEST_TAG] });
}
