import type { Client } from '@temporalio/client';
import type {
  PartnerTicketOutcome,
  PartnerTicketState,
  TicketEnding,
} from '../../workflows/partner-ticket/types';
import type { PartnerTicketWorkflow } from './start-options';

/** What the latest run under a ticket's workflow ID says about the ticket's lifecycle. */
export type LatestRun =
  /** The run completed: the ticket's lifecycle ended this way (for `dormant`, with its state). */
  | { kind: 'ended'; runId: string; ending: TicketEnding; carried?: PartnerTicketState }
  /**
   * Running again, or failed/terminated: a start that was refused a moment ago would now signal
   * it or replace it, so the caller simply tries again.
   */
  | { kind: 'retry' };

/**
 * Reads the latest run after a start was refused because the workflow ID is held. The result
 * is read from that very run (`followRuns: false`), so a run started meanwhile by a concurrent
 * delivery is never waited on.
 */
export async function readLatestRun(client: Client, workflowId: string): Promise<LatestRun> {
  const latest = await client.workflow.getHandle(workflowId).describe();
  if (latest.status.name !== 'COMPLETED') return { kind: 'retry' };
  // Partial: a run recorded before the outcome contract returned the status alone.
  const outcome: Partial<Pick<PartnerTicketOutcome, 'ending' | 'carried'>> = await client.workflow
    .getHandle<PartnerTicketWorkflow>(workflowId, latest.runId, { followRuns: false })
    .result();
  return {
    kind: 'ended',
    runId: latest.runId,
    // A run from before the outcome carried an `ending` could only end on `ticket.closed`.
    ending: outcome.ending ?? 'closed',
    carried: outcome.carried,
  };
}
