import type { Client } from '@temporalio/client';
import { isWorkflowAlreadyStarted } from '../../client/temporal/failures';
import { fileRetrievalWorkflowId } from '../../domain/file-retrieval';
import type { FileRetrievalInput, FileRetrievalResult } from '../../workflows/file-retrieval/types';

const FILE_RETRIEVAL_WORKFLOW_TYPE = 'fileRetrieval';
type FileRetrievalWorkflow = (input: FileRetrievalInput) => Promise<FileRetrievalResult>;

/**
 * Tests of the retrieval workflow by itself start it here, under the ID scheme the ticket's
 * children use (`file-retrieval-<ticketId>-<n>`, the first n free, REJECT_DUPLICATE): in the
 * product only the ticket starts retrievals (workflows/partner-ticket/file-requests.ts).
 */
export async function startFileRetrieval(
  client: Client,
  input: FileRetrievalInput,
  taskQueue: string,
): Promise<{ workflowId: string; runId: string }> {
  for (let n = 1; n <= 1000; n += 1) {
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
  throw new Error(`ticket ${input.ticketId} has had 1000 file retrievals already`);
}
