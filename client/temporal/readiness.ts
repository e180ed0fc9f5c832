import type { OperatorService, WorkflowService } from '@temporalio/client';
import { partnerTicketSearchAttributes } from '../../domain/search-attributes';

/** The calls readiness makes: served by the client's Connection and the worker's NativeConnection. */
export interface TemporalServices {
  workflowService: Pick<WorkflowService, 'describeNamespace'>;
  operatorService: Pick<OperatorService, 'listSearchAttributes'>;
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R>;
}

export type TemporalReadiness = { ready: true } | { ready: false; reason: string };

const NOT_FOUND = 5;

const grpcCode = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Whether tickets can run on this Temporal: it answers, the namespace exists, and the ticket
 * workflows' search attributes are registered (a start or upsert without them is refused). The
 * reason names the first thing missing, for `/readyz`, the worker's health and the logs; in a
 * fresh deployment the namespace and attributes arrive moments after the server (compose's
 * `temporal-setup`), so the processes wait instead of being ordered by the orchestrator.
 */
export async function checkTemporalReadiness(
  temporal: TemporalServices,
  { address, namespace, deadlineMs = 2_000 }: { address: string; namespace: string; deadlineMs?: number },
): Promise<TemporalReadiness> {
  const deadline = (): number => Date.now() + deadlineMs;
  try {
    await temporal.withDeadline(deadline(), () => temporal.workflowService.describeNamespace({ namespace }));
  } catch (err) {
    if (grpcCode(err) === NOT_FOUND)
      return { ready: false, reason: `namespace "${namespace}" does not exist yet` };
    return { ready: false, reason: `Temporal at ${address} is unreachable: ${messageOf(err)}` };
  }
  try {
    const { customAttributes } = await temporal.withDeadline(deadline(), () =>
      temporal.operatorService.listSearchAttributes({ namespace }),
    );
    const missing = partnerTicketSearchAttributes
      .map((key) => key.name)
      .filter((name) => !(customAttributes && name in customAttributes));
    if (missing.length > 0) {
      return {
        ready: false,
        reason: `search attributes not registered in namespace "${namespace}" yet: ${missing.join(', ')}`,
      };
    }
  } catch (err) {
    return { ready: false, reason: `Temporal at ${address} is unreachable: ${messageOf(err)}` };
  }
  return { ready: true };
}

/**
 * Bounded exponential backoff: 0.5 s, 1 s, 2 s, … capped at `maxMs` (15 s by default), with up
 * to 20 % jitter so that replicas started together do not knock in step.
 */
export function backoffDelayMs(
  attempt: number,
  {
    initialMs = 500,
    maxMs = 15_000,
    random = Math.random,
  }: { initialMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - 0.2 * random()));
}

/**
 * Runs `attempt` until it succeeds, waiting `backoffDelayMs` between tries and reporting each
 * failure's reason (readiness shows it). Stops, rethrowing nothing, when `signal` aborts.
 */
export async function untilConnected<T>(
  attempt: () => Promise<T>,
  {
    onWaiting,
    signal,
    maxMs,
  }: { onWaiting: (reason: string, retryInMs: number) => void; signal?: AbortSignal; maxMs?: number },
): Promise<T | undefined> {
  for (let tries = 1; ; tries += 1) {
    if (signal?.aborted) return undefined;
    try {
      return await attempt();
    } catch (err) {
      const retryInMs = backoffDelayMs(tries, { maxMs });
      onWaiting(messageOf(err), retryInMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, retryInMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
