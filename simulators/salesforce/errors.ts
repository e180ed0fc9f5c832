import type { SimResponse } from '../common/http-app';

/**
 * REST API errors: an array of `{message, errorCode}` (and `fields` for write errors), per
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  toResponse(): SimResponse {
    return sfError(this.status, this.errorCode, this.message, this.fields);
  }
}

export function sfError(status: number, errorCode: string, message: string, fields?: string[]): SimResponse {
  return { status, body: [{ message, errorCode, ...(fields ? { fields } : {}) }] };
}

export const malformedQuery = (message: string): SalesforceError =>
  new SalesforceError(400, 'MALFORMED_QUERY', message);

export const notFound = (): SalesforceError =>
  new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const invalidSession = (): SimResponse =>
  sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

/** The body of an injected fault (`/__admin/faults`) in the REST API's error shape. */
export function defaultFaultBody(status: number): unknown {
  const byStatus: Record<number, [string, string]> = {
    400: ['BAD_REQUEST', 'Bad request'],
    401: ['INVALID_SESSION_ID', 'Session expired or invalid'],
    403: ['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'],
    404: ['NOT_FOUND', 'The requested resource does not exist'],
    429: ['REQUEST_LIMIT_EXCEEDED', 'Too many requests; retry later.'],
    500: [
      'UNKNOWN_EXCEPTION',
      'An unexpected error occurred. Please include this ErrorId if you contact support',
    ],
    502: ['SERVER_UNAVAILABLE', 'Bad gateway'],
    503: ['SERVER_UNAVAILABLE', 'Server temporarily unavailable'],
    504: ['SERVER_UNAVAILABLE', 'Gateway timeout'],
  };
  const [errorCode, message] = byStatus[status] ?? [`HTTP_${status}`, `HTTP ${status}`];
  return [{ message, errorCode }];
}
