import { IncomingWebhook, IncomingWebhookHTTPError, type FetchFunction } from '@slack/webhook';

/**
 * Slack's 429 carries `Retry-After` (seconds until the webhook takes messages again), but
 * @slack/webhook 8 builds its HTTP error from the status and body only. Its `fetch` option lets
 * us read the header first: a 429 is thrown as this error (a subclass, so the client passes it
 * through untouched), and activities/errors.ts turns the header into the next retry's delay.
 */
export class SlackRateLimitedError extends IncomingWebhookHTTPError {
  constructor(
    statusMessage: string,
    body: string,
    readonly retryAfter: string | null,
  ) {
    super(429, statusMessage, body);
  }
}

export function retryAfterAwareFetch(base: FetchFunction = globalThis.fetch): FetchFunction {
  return async (url, init) => {
    const response = await base(url, init);
    if (response.status !== 429) return response;
    const body = await response.text();
    throw new SlackRateLimitedError(response.statusText, body, response.headers.get('retry-after'));
  };
}

/** An incoming webhook client that keeps Slack's Retry-After (every webhook the worker posts to). */
export function createSlackWebhook(url: string): IncomingWebhook {
  return new IncomingWebhook(url, { fetch: retryAfterAwareFetch() });
}
