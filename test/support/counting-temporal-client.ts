import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** Calls that start or change a workflow: a signal, a start, an update, a termination. */
export const CHANGING_CALLS = [
  'startWithDetails',
  'signal',
  'signalWithStart',
  'startUpdate',
  'startUpdateWithStart',
  'terminate',
  'cancel',
] as const;
type ChangingCall = (typeof CHANGING_CALLS)[number];
type ReadingCall = 'query' | 'describe';

export interface TemporalCallCounts {
  /** Every call made, by kind, whatever Temporal answered. */
  attempted: Record<ChangingCall | ReadingCall, number>;
  /** Changing calls Temporal carried out (answered without an error): what changed a workflow. */
  changed: number;
}

export interface CountingTemporalClient {
  client: Client;
  counts(): TemporalCallCounts;
  /** Changing calls attempted since the last reset, carried out or not. */
  changingAttempts(): number;
  /** Changing calls Temporal carried out since the client was made (never reset). */
  totalChanged(): number;
  reset(): void;
}

/**
 * A real Temporal client on the test server's connection whose workflow calls are counted by a
 * client interceptor (test-only): a server built on it shows whether a request made Temporal
 * start or change anything, without mocking Temporal.
 */
export function countingTemporalClient(env: TestWorkflowEnvironment): CountingTemporalClient {
  const fresh = (): TemporalCallCounts => ({
    attempted: {
      startWithDetails: 0,
      signal: 0,
      signalWithStart: 0,
      startUpdate: 0,
      startUpdateWithStart: 0,
      terminate: 0,
      cancel: 0,
      query: 0,
      describe: 0,
    },
    changed: 0,
  });
  let counts = fresh();
  let totalChanged = 0;
  const counted =
    <I, O>(kind: ChangingCall | ReadingCall) =>
    async (input: I, next: (input: I) => Promise<O>): Promise<O> => {
      counts.attempted[kind] += 1;
      const output = await next(input);
      if (kind !== 'query' && kind !== 'describe') {
        counts.changed += 1;
        totalChanged += 1;
      }
      return output;
    };
  const interceptor: WorkflowClientInterceptor = {
    startWithDetails: counted('startWithDetails'),
    signal: counted('signal'),
    signalWithStart: counted('signalWithStart'),
    startUpdate: counted('startUpdate'),
    startUpdateWithStart: counted('startUpdateWithStart'),
    terminate: counted('terminate'),
    cancel: counted('cancel'),
    query: counted('query'),
    describe: counted('describe'),
  };
  const client = new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    interceptors: { workflow: [interceptor] },
  });
  return {
    client,
    counts: () => structuredClone(counts),
    changingAttempts: () => CHANGING_CALLS.reduce((sum, kind) => sum + counts.attempted[kind], 0),
    totalChanged: () => totalChanged,
    reset: () => {
      counts = fresh();
    },
  };
}
