import type { Client } from '@temporalio/client';
import { fileRetrievalWorkflowId } from '../../domain/file-retrieval';
import type { FileRetrievalInput, FileRetrievalResult } from '../../workflows/file-retrieval/types';
import { isWorkflowAlreadyStarted } from './failures';

/** The retrieval workflow by its type name and contract: clients start it without loading workflow code. */
export const FILE_RETRIEVAL_WORKFLOW_TYPE = 'fileRetrieval';
export type FileRetrievalWorkflow = (input: FileRetrievalInput) => Promise<FileRetrievalResult>;

/** More retrievals than this for one ticket is a runaway caller, not support work. */
const MAX_RETRIEVALS_PER_TICKET = 1000;

/**
 * The one way to start a retrieval (API, CLI, tests), with its ID policy chosen on purpose:
 * - every request is a retrieval of its own, `file-retrieval-<ticketId>-<n>` with n = 1, 2, …
 *   (the first n never used for the ticket: IDs read in order in the Temporal UI);
 * - `REJECT_DUPLICATE` and conflict `FAIL`: an n once used (running or closed) is never reused, so
 *   each retrieval keeps its own history and its own note (the note's idempotency key is its ID);
 * - nothing is copied twice however many retrievals run, at once or later: copies are idempotent
 *   per object (same size and source ETag), so a second retrieval lists, skips and notes again,
 *   with fresh links.
 */
export async function startFileRetrieval(
  client: Client,
  input: FileRetrievalInput,
  taskQueue: string,
): Promise<{ workflowId: string; runId: string }> {
  for (let n = 1; n <= MAX_RETRIEVALS_PER_TICKET; n += 1) {
    const workflowId = fileRetrievalWorkflowId(input.ticketId, n);
    try {
      const handle = await client.workflow.start<FileRetrievalWorkflow>(FILE_RETRIEVAL_WORKFLOW_TYPE, {
        workflowId,
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
      });
      return { workflowId, runId: handle.firstExecutionRunId };
    } catch (err) {
      if (!isWorkflowAlreadyStarted(err)) throw err;
    }
  }
  throw new Error(`ticket ${input.ticketId} has had ${MAX_RETRIEVALS_PER_TICKET} file retrievals already`);
}
