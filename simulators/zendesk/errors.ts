import { json, type SimResponse } from '../common/http-app';

/**
 * The Support API's error bodies (https://developer.zendesk.com/api-reference/introduction/requests/#response-format
 * and .../rate-limits/). Route code throws `ZendeskApiError`; the route wrapper turns it into the response.
 */
export class ZendeskApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`Zendesk simulator error ${status}`);
  }

  toResponse(): SimResponse {
    return json(this.status, this.body, this.headers);
  }
}

export const unauthorized = (): ZendeskApiError =>
  new ZendeskApiError(
    401,
    { error: "Couldn't authenticate you" },
    { 'www-authenticate': 'Basic realm="Web Password"' },
  );

export const forbidden = (): ZendeskApiError =>
  new ZendeskApiError(403, {
    error: 'Forbidden',
    description:
      'You do not have access to this page. Please contact the account owner of this help desk for further help.',
  });

export const notFound = (): ZendeskApiError =>
  new ZendeskApiError(404, { error: 'RecordNotFound', description: 'Not found' });

export const missingParameter = (name: string): ZendeskApiError =>
  new ZendeskApiError(400, {
    error: 'ParameterMissing',
    description: `param is missing or the value is empty: ${name}`,
  });

/** One field's validation error, as in `details.<field>[]` of a RecordInvalid answer. */
export interface FieldError {
  field: string;
  description: string;
  error: string;
}

export const recordInvalid = (...errors: FieldError[]): ZendeskApiError => {
  const details: Record<string, Array<{ description: string; error: string }>> = {};
  for (const e of errors) (details[e.field] ??= []).push({ description: e.description, error: e.error });
  return new ZendeskApiError(422, {
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details,
  });
};

export const invalidField = (field: string, label: string, value: unknown): FieldError => ({
  field,
  description: `${label}: ${JSON.stringify(value)} is not valid`,
  error: 'InvalidValue',
});

/** Default bodies for injected faults (`FaultInjector.defaultBody`), per status, as Zendesk answers them. */
export function faultBody(status: number): unknown {
  switch (status) {
    case 401:
      return { error: "Couldn't authenticate you" };
    case 403:
      return forbidden().body;
    case 404:
      return notFound().body;
    case 409:
      return { error: 'UpdateConflict', description: 'Another request is updating the same record' };
    case 422:
      return { error: 'RecordInvalid', description: 'Record validation errors', details: {} };
    case 429:
      return {
        error: 'APIRateLimitExceeded',
        description: 'Number of allowed API requests per minute exceeded',
      };
    case 503:
      return { error: 'ServiceUnavailable', description: 'Service temporarily unavailable' };
    default:
      return status >= 500
        ? { error: 'InternalError', description: 'An internal error occurred. Please try again later.' }
        : { error: `HTTP ${status}` };
  }
}
