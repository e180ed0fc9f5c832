import { createClient, type ZendeskClientOptions } from 'node-zendesk';
import type { AppConfig } from '../../config';

export type ZendeskClient = ReturnType<typeof createClient>;

export interface ZendeskClientTuning {
  /**
   * Per-request timeout. node-zendesk has none of its own; its transport (node-fetch via
   * cross-fetch) honours a `timeout` in the options it passes through to every request, so a
   * hung connection fails as a retryable network error instead of holding the activity.
   */
  requestTimeoutMs?: number;
}

/**
 * node-zendesk over Zendesk's Support API (or the simulator, by URL alone).
 * `throwOriginalException` makes failed requests throw with their status code instead of
 * resolving (it otherwise resolves on a 429 with Retry-After and hides statuses).
 */
export function createZendeskClient(
  config: Pick<AppConfig['zendesk'], 'url' | 'email' | 'apiToken'>,
  { requestTimeoutMs = 30_000 }: ZendeskClientTuning = {},
): ZendeskClient {
  const options: ZendeskClientOptions & { timeout: number } = {
    username: config.email,
    token: config.apiToken,
    endpointUri: config.url,
    throwOriginalException: true,
    timeout: requestTimeoutMs,
  };
  return createClient(options);
}
