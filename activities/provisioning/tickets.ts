import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { normalizeEmail } from '../../domain/account-provisioning';
import { recheckContactSignal } from '../../workflows/definitions';
import { FailureTypes } from '../errors';

/** gRPC codes that a retry cannot fix: INVALID_ARGUMENT (e.g. an unregistered search attribute), UNIMPLEMENTED. */
const FINAL_GRPC_CODES = new Set([3, 12]);

const grpcCode = (err: unknown): number | undefined => {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};

/** The visibility query for a representative's running ticket workflows (RequesterEmail is lower-cased). */
export function representativeTicketsQuery(email: string): string {
  const value = normalizeEmail(email).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `WorkflowType = "partnerTicket" AND ExecutionStatus = "Running" AND RequesterEmail = "${value}"`;
}

/**
 * A1 → S2: once a representative is provisioned, their running tickets re-check the Contact now
 * instead of at the next periodic check. A ticket whose contact is verified already ignores the
 * signal, so signalling every running ticket of the representative is safe and idempotent.
 */
export function createTicketWaker(deps: { temporal?: Client }) {
  return {
    async wakeRepresentativeTickets({ email }: { email: string }): Promise<{ workflowIds: string[] }> {
      const client = deps.temporal;
      if (!client) {
        throw ApplicationFailure.nonRetryable(
          'no Temporal client was given to the provisioning activities',
          FailureTypes.invalidRequest,
        );
      }
      const workflowIds: string[] = [];
      try {
        for await (const execution of client.workflow.list({ query: representativeTicketsQuery(email) })) {
          workflowIds.push(execution.workflowId);
        }
      } catch (err) {
        const code = grpcCode(err);
        if (code !== undefined && FINAL_GRPC_CODES.has(code)) {
          throw ApplicationFailure.nonRetryable(
            `Temporal visibility refused the ticket query: ${(err as Error).message}`,
            FailureTypes.invalidRequest,
          );
        }
        throw err;
      }
      for (const workflowId of workflowIds.sort()) {
        try {
          await client.workflow.getHandle(workflowId).signal(recheckContactSignal);
        } catch (err) {
          // A ticket that finished between the list and the signal has nothing to re-check.
          if ((err as { name?: unknown }).name !== 'WorkflowNotFoundError') throw err;
        }
      }
      return { workflowIds };
    },
  };
}
