import { ApplicationFailure } from '@temporalio/common';

/**
 * How activities report failures of the systems they call, so that Temporal retries what can
 * succeed later and fails fast on what never will:
 * - 429 and 5xx, timeouts and network errors → retryable; a `Retry-After` becomes the next
 *   retry's delay, so the service's own back-off is honoured;
 * - 401/403 → non-retryable `AuthenticationFailed` (credentials must be fixed by a person); but
 *   sessions that were just issued and refused at once → retryable `SessionRefused` (the
 *   credentials worked: Salesforce is refusing its own fresh sessions for now);
 * - other 4xx → non-retryable `InvalidRequest` (the same request will fail the same way).
 */
export const FailureTypes = {
  rateLimited: 'RateLimited',
  unavailable: 'ServiceUnavailable',
  network: 'NetworkError',
  authentication: 'AuthenticationFailed',
  invalidRequest: 'InvalidRequest',
  notFound: 'NotFound',
  /** Zendesk refuses every update to a closed ticket (422 "Status: closed prevents ticket update"). */
  ticketClosed: 'TicketClosed',
  organizationGuard: 'OrganizationGuardViolation',
  sessionRefused: 'SessionRefused',
} as const;

export interface HttpFailure {
  /** Which system failed, e.g. `Zendesk`, for the message. */
  system: string;
  operation: string;
  status: number;
  /** The `Retry-After` header's value, seconds or an HTTP date. */
  retryAfter?: string | null;
  /** A short description from the error body; never request bodies or credentials. */
  detail?: string;
}

/** Seconds from a Retry-After header (delta-seconds or HTTP-date); undefined when absent or invalid. */
export function retryAfterSeconds(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function httpFailure(failure: HttpFailure): ApplicationFailure {
  const { system, operation, status } = failure;
  const detail = failure.detail ? `: ${failure.detail}` : '';
  const message = `${system} ${operation} failed with HTTP ${status}${detail}`;
  if (status === 429 || status >= 500) {
    const delay = retryAfterSeconds(failure.retryAfter);
    return ApplicationFailure.create({
      message,
      type: status === 429 ? FailureTypes.rateLimited : FailureTypes.unavailable,
      nonRetryable: false,
      nextRetryDelay: delay !== undefined ? `${Math.max(delay, 1)}s` : undefined,
      details: [{ system, operation, status }],
    });
  }
  if (status === 401 || status === 403) {
    return ApplicationFailure.nonRetryable(message, FailureTypes.authentication, {
      system,
      operation,
      status,
    });
  }
  if (status === 404) {
    return ApplicationFailure.nonRetryable(message, FailureTypes.notFound, { system, operation, status });
  }
  return ApplicationFailure.nonRetryable(message, FailureTypes.invalidRequest, { system, operation, status });
}

/** A connection reset, refused connection or timeout: retryable. */
export function networkFailure(system: string, operation: string, cause: unknown): ApplicationFailure {
  const code =
    (cause as { code?: string; cause?: { code?: string } })?.code ??
    (cause as { cause?: { code?: string } })?.cause?.code;
  return ApplicationFailure.create({
    message: `${system} ${operation} failed: network error${code ? ` (${code})` : ''}`,
    type: FailureTypes.network,
    nonRetryable: false,
  });
}

/** Fresh sessions refused right after the token endpoint issued them: retryable, Temporal backs off. */
export function sessionsRefusedFailure(system: string, operation: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: `${system} ${operation} failed: new sessions refused right after they were issued (HTTP 401)`,
    type: FailureTypes.sessionRefused,
    nonRetryable: false,
    details: [{ system, operation, status: 401 }],
  });
}

/** What a caller outside Temporal (the server) answers for a failure retrying can fix. */
export interface PassingFailure {
  /** The system that failed, e.g. `Zendesk` (every integration failure's message names it first). */
  system: string;
  /** Seconds to wait: the system's own Retry-After when it gave one. */
  retryAfterSeconds: number;
}

const PASSING_TYPES: ReadonlySet<string> = new Set([
  FailureTypes.rateLimited,
  FailureTypes.unavailable,
  FailureTypes.network,
  FailureTypes.sessionRefused,
]);

/**
 * A failure of Zendesk or Salesforce that will pass (429, 5xx, a network error), as the server
 * sees it from a lookup it makes itself: undefined for any other error. Checked by name, not
 * `instanceof`, so that it holds across module copies.
 */
export function passingFailureOf(err: unknown, fallbackSeconds = 5): PassingFailure | undefined {
  const failure = err as {
    name?: unknown;
    type?: unknown;
    nonRetryable?: unknown;
    nextRetryDelay?: unknown;
    message?: unknown;
  };
  if (failure?.name !== 'ApplicationFailure' || failure.nonRetryable === true) return undefined;
  if (typeof failure.type !== 'string' || !PASSING_TYPES.has(failure.type)) return undefined;
  const delay = typeof failure.nextRetryDelay === 'string' ? /^(\d+)s$/.exec(failure.nextRetryDelay) : null;
  const system =
    typeof failure.message === 'string' ? (/^(\w+)\s/.exec(failure.message)?.[1] ?? 'A system') : 'A system';
  return { system, retryAfterSeconds: delay ? Math.max(1, Number(delay[1])) : fallbackSeconds };
}
