import { createClient } from 'node-zendesk';
import type { AppConfig } from '../../config';

export type ZendeskClient = ReturnType<typeof createClient>;

/**
 * node-zendesk over Zendesk's Support API (or the simulator, by URL alone).
 * `throwOriginalException` makes failed requests throw with their status code instead of
 * resolving (it otherwise resolves on a 429 with Retry-After and hides statuses).
 */
export function createZendeskClient(config: AppConfig['zendesk']): ZendeskClient {
  return createClient({
    username: config.email,
    token: config.apiToken,
    endpointUri: config.url,
    throwOriginalException: true,
  });
}
