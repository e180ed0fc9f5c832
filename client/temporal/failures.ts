import type { Client } from '@temporalio/client';

/**
 * How a Temporal call failed, so that each caller (HTTP routes, the CLI) answers truthfully: the
 * ticket has no workflow (404), the workflow refused an update (409), a completed run holds the
 * ticket's workflow ID (its lifecycle is over: 409), or Temporal could not be reached in time
 * (503 + Retry-After, so that the caller retries and nothing is lost).
 */
export type TemporalFailure =
  | { kind: 'not_found'; message: string }
  | { kind: 'rejected'; message: string }
  | { kind: 'completed'; message: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'other'; message: string };

/** Seconds a caller should wait before retrying while Temporal is unavailable. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

// gRPC status codes meaning "not now": CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE.
const TRANSIENT_GRPC_CODES = new Set([1, 2, 4, 8, 10, 14]);

const causes = (err: unknown): Array<{ name?: string; message?: string; code?: unknown }> => {
  const chain: Array<{ name?: string; message?: string; code?: unknown }> = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && chain.length < 5) {
    chain.push(current as { name?: string; message?: string; code?: unknown });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
};

/**
 * A start (signal-with-start, update-with-start) found the workflow ID held by a run that it may
 * not replace: under ALLOW_DUPLICATE_FAILED_ONLY, a run that completed. Checked by name, like the
 * other Temporal errors here, so that it holds across module copies (jest).
 */
export function isWorkflowAlreadyStarted(err: unknown): boolean {
  return (err as { name?: unknown } | null)?.name === 'WorkflowExecutionAlreadyStartedError';
}

export function classifyTemporalFailure(err: unknown): TemporalFailure {
  const chain = causes(err);
  const top = chain[0] ?? {};
  if (isWorkflowAlreadyStarted(err)) {
    return { kind: 'completed', message: "the ticket's workflow has completed: its lifecycle is over" };
  }
  if (top.name === 'WorkflowNotFoundError') {
    return { kind: 'not_found', message: top.message ?? 'workflow not found' };
  }
  if (top.name === 'WorkflowUpdateFailedError') {
    // The update's validator or handler threw: its message is the rule that refused it.
    return { kind: 'rejected', message: chain[1]?.message ?? top.message ?? 'update rejected' };
  }
  // FAILED_PRECONDITION: e.g. an update sent to a workflow that has already completed.
  const precondition = chain.find((link) => link.code === 9);
  if (precondition) {
    return {
      kind: 'rejected',
      message: (precondition as { details?: string }).details ?? 'refused by Temporal',
    };
  }
  if (top.name === 'NamespaceNotFoundError') {
    return { kind: 'unavailable', message: 'the configured Temporal namespace does not exist' };
  }
  const transient =
    top.name === 'WorkflowUpdateRPCTimeoutOrCancelledError' ||
    chain.some((link) => typeof link.code === 'number' && TRANSIENT_GRPC_CODES.has(link.code)) ||
    chain.some((link) => link.name === 'ServiceError' && /connect/i.test(link.message ?? ''));
  if (transient) return { kind: 'unavailable', message: 'Temporal is unreachable or did not answer in time' };
  return { kind: 'other', message: top.message ?? String(err) };
}

/** Runs Temporal calls with a deadline: without one, gRPC retries an unreachable server for long. */
export function withDeadline<T>(client: Client, ms: number, call: () => Promise<T>): Promise<T> {
  return client.connection.withDeadline(Date.now() + ms, call);
}
