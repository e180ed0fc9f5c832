import { json, SimulatorApp } from '../common/http-app';
import { loadWorld, type World } from '../fixtures/world';
import { defaultFaultBody, sfError } from './errors';
import { issueRefreshToken } from './oauth';
import { salesforceRoutes } from './routes';
import { formatDateTime, SalesforceStore } from './store';

export interface SalesforceSimulatorOptions {
  port?: number;
  host?: string;
  /** The connected app's consumer key and secret the token endpoint accepts. */
  clientId: string;
  clientSecret: string;
  world?: World;
  /** Session lifetime; Salesforce's default session timeout is two hours. */
  sessionTtlMs?: number;
  now?: () => number;
}

/**
 * The Salesforce simulator (default port 4020): OAuth 2.0 token endpoint, SOQL query with
 * paging, sObject describe/retrieve/create/update for Account, Contact, User and Task, the REST
 * API's error bodies and session expiry. See simulators/README.md (## Salesforce).
 */
export async function startSalesforceSimulator(options: SalesforceSimulatorOptions) {
  const store = new SalesforceStore(options.world ?? loadWorld(), options.now);
  const routes = salesforceRoutes(store, {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    sessionTtlMs: options.sessionTtlMs ?? 2 * 60 * 60 * 1000,
  });
  const app = new SimulatorApp('salesforce', routes, {
    reset: () => store.reset(),
    state: () => store.snapshot(),
    action: (method, path, body) => {
      // Bulk seeding for tests at scale (thousands of records), as a data loader would:
      // POST /__admin/records {"type": "Contact", "records": [{...}]} → {"ids": [...]}.
      if (method === 'POST' && path === '/__admin/records') return seedRecords(store, body);
      // Expire every session now, as an admin's "Revoke" or a session timeout would.
      if (method !== 'POST' || path !== '/__admin/sessions/expire') return undefined;
      store.expireSessions();
      return json(200, { ok: true });
    },
  });
  app.faults.defaultBody = defaultFaultBody;
  app.invalidJsonResponse = () =>
    sfError(400, 'JSON_PARSER_ERROR', 'Unexpected character in the request body: it is not valid JSON');
  const running = await app.listen(options.port ?? 4020, options.host);
  return {
    ...running,
    app,
    state: store,
    expireSessions: (): void => store.expireSessions(),
    /** A refresh token for the refresh_token grant (client credentials never issue one). */
    issueRefreshToken: (): string => issueRefreshToken(store),
  };
}

export type SalesforceSimulator = Awaited<ReturnType<typeof startSalesforceSimulator>>;

/** Inserts records as given (each gets a new Id unless it has one), with the seeded timestamps. */
function seedRecords(store: SalesforceStore, body: unknown): ReturnType<typeof json> {
  const { type, records } = (body ?? {}) as { type?: unknown; records?: unknown };
  if (typeof type !== 'string' || !store.records.has(type) || !Array.isArray(records)) {
    return json(400, { error: 'POST /__admin/records takes {"type": "<sObject>", "records": [{...}]}' });
  }
  const stamp = formatDateTime(store.now());
  return json(200, {
    ids: (records as Array<Record<string, unknown>>).map((fields) => {
      const Id = typeof fields.Id === 'string' ? fields.Id : store.newId(type);
      store.all(type).push({ CreatedDate: stamp, LastModifiedDate: stamp, ...fields, Id });
      return Id;
    }),
  });
}
