import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'jsforce';
import { httpFailure, networkFailure, sessionsRefusedFailure } from '../errors';
import {
  ensureSession,
  lastRefreshFailure,
  SessionRefreshError,
  withCallLog,
  type Exchange,
} from './connection';

const SYSTEM = 'Salesforce';

const isWrappedRefreshFailure = (err: unknown): boolean =>
  err instanceof Error && err.message.startsWith('Unable to refresh session due to:');

/**
 * A failed refresh: 429/5xx/network stay retryable, and so do issued tokens the API refused (the
 * credentials worked); anything else the token endpoint answered is an authentication failure.
 */
function refreshFailure(operation: string, failure: SessionRefreshError | undefined): ApplicationFailure {
  const step = `${operation} (session refresh)`;
  if (failure?.sessionsRefused) return sessionsRefusedFailure(SYSTEM, step);
  const exchange = failure?.exchange;
  if (exchange?.networkError !== undefined) return networkFailure(SYSTEM, step, exchange.networkError);
  const status = exchange?.status;
  if (status !== undefined && (status === 429 || status >= 500)) {
    return httpFailure({ system: SYSTEM, operation: step, status, retryAfter: exchange?.retryAfter });
  }
  return httpFailure({
    system: SYSTEM,
    operation: step,
    status: 401,
    detail: `INVALID_SESSION_ID: no usable session (token endpoint answered ${status ?? 'nothing'})`,
  });
}

/**
 * Maps what a jsforce call threw to an ApplicationFailure through activities/errors.ts, using the
 * HTTP exchange the connection's transport recorded: the status and Retry-After decide, the
 * Salesforce errorCode is the detail (never the message, which can echo the query and its values).
 * A daily API limit (403 REQUEST_LIMIT_EXCEEDED) is a rate limit: retryable like a 429.
 */
export function salesforceFailure(
  conn: Connection,
  operation: string,
  err: unknown,
  last: Exchange | undefined,
): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof SessionRefreshError) return refreshFailure(operation, err);
  if (isWrappedRefreshFailure(err)) return refreshFailure(operation, lastRefreshFailure(conn));
  if (last?.networkError !== undefined) return networkFailure(SYSTEM, operation, last.networkError);
  const errorCode = (err as { errorCode?: unknown })?.errorCode;
  if (last?.status !== undefined && last.status >= 400) {
    const status = errorCode === 'REQUEST_LIMIT_EXCEEDED' ? 429 : last.status;
    const detail = typeof errorCode === 'string' ? errorCode : undefined;
    return httpFailure({ system: SYSTEM, operation, status, retryAfter: last.retryAfter, detail });
  }
  // Not an HTTP failure (e.g. a bad argument inside jsforce): Temporal's default handling applies.
  return err;
}

/** Runs one Salesforce operation: authorizes lazily, records its HTTP exchanges, classifies failures. */
export function callSalesforce<T>(conn: Connection, operation: string, fn: () => Promise<T>): Promise<T> {
  return withCallLog(async (log) => {
    try {
      await ensureSession(conn);
      return await fn();
    } catch (err) {
      throw salesforceFailure(conn, operation, err, log.last);
    }
  });
}
