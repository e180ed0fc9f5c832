import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes, httpFailure, networkFailure, type HttpFailure } from '../errors';

const SYSTEM = 'Zendesk';

/** What node-zendesk resolves with for single requests: the adapted response and the parsed result. */
interface NodeZendeskReply {
  response?: { status: number; headers: { get(name: string): string | null } };
  result?: unknown;
}

/** node-zendesk's error (with `throwOriginalException`): the HTTP status and the parsed body. */
interface NodeZendeskError extends Error {
  statusCode?: number;
  result?: unknown;
  code?: string;
  type?: string;
}

export interface ZendeskReply<T> {
  status: number;
  result: T;
}

/** A short reason from a Zendesk error body (`error`, `description`); never request data. */
function detailOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { error, description, details } = body as {
    error?: unknown;
    description?: unknown;
    details?: unknown;
  };
  const title = typeof error === 'string' ? error : (error as { title?: unknown } | undefined)?.title;
  // A RecordInvalid names the failed validation in `details.<field>[].description`.
  const firstDetail =
    details && typeof details === 'object'
      ? (Object.values(details as Record<string, Array<{ description?: unknown }>>)[0]?.[0]?.description ??
        undefined)
      : undefined;
  const parts = [title, firstDetail ?? description].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  return parts.length > 0 ? parts.join(': ').slice(0, 200) : undefined;
}

/** Zendesk's 422 for any update to a closed ticket: final, and a fact about the ticket. */
const CLOSED_TICKET_DETAIL = /closed prevents ticket update/i;

function zendeskFailure(failure: Omit<HttpFailure, 'system'>): ApplicationFailure {
  if (failure.status === 422 && CLOSED_TICKET_DETAIL.test(failure.detail ?? '')) {
    return ApplicationFailure.nonRetryable(
      `${SYSTEM} ${failure.operation} refused: the ticket is closed`,
      FailureTypes.ticketClosed,
      { system: SYSTEM, operation: failure.operation, status: failure.status },
    );
  }
  return httpFailure({ system: SYSTEM, ...failure });
}

const isTransportError = (err: NodeZendeskError): boolean =>
  err?.name === 'FetchError' || err?.name === 'AbortError' || typeof err?.code === 'string';

/**
 * One node-zendesk call, its outcome classified through activities/errors.ts. node-zendesk
 * (6.x, `throwOriginalException`) reports failures three ways, all handled here:
 * - it throws `{ statusCode, result }` for 400/401/403/404/405/409/422/429/500/503 without Retry-After;
 * - it *resolves* with an Error as the result whenever the response carries `Retry-After`
 *   (whatever the status: a 429, or a 503 with Retry-After), so the header is read from the response;
 * - it resolves with the error body for statuses it does not know (502, 504, …).
 * Connection errors and timeouts (node-fetch's FetchError) are retryable network failures.
 */
export async function zendeskRequest<T>(
  operation: string,
  send: () => Promise<unknown>,
): Promise<ZendeskReply<T>> {
  let reply: NodeZendeskReply;
  try {
    reply = (await send()) as NodeZendeskReply;
  } catch (caught) {
    const err = caught as NodeZendeskError;
    if (typeof err?.statusCode === 'number' && err.statusCode >= 400) {
      throw zendeskFailure({ operation, status: err.statusCode, detail: detailOf(err.result) });
    }
    if (isTransportError(err)) throw networkFailure(SYSTEM, operation, err);
    throw caught;
  }
  const status = reply?.response?.status ?? 0;
  const result = reply?.result;
  if (result instanceof Error) {
    const flagged = (result as NodeZendeskError).statusCode;
    if (flagged === 204 && status < 300) return { status, result: undefined as T };
    throw zendeskFailure({
      operation,
      // A Retry-After on a non-error status still means "slow down".
      status: status >= 400 ? status : 429,
      retryAfter: reply.response?.headers.get('retry-after'),
      detail: detailOf((result as NodeZendeskError).result),
    });
  }
  if (status >= 400) {
    throw zendeskFailure({
      operation,
      status,
      retryAfter: reply.response?.headers.get('retry-after'),
      detail: detailOf(result),
    });
  }
  return { status, result: result as T };
}

/** A request the activity refuses to send: the same input would always fail. */
export function invalidInput(operation: string, message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`${SYSTEM} ${operation}: ${message}`, FailureTypes.invalidRequest);
}

/** A success answer whose body is not what the Support API documents. */
export function unexpectedBody(operation: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `${SYSTEM} ${operation} answered with an unexpected body`,
    FailureTypes.invalidRequest,
  );
}
