import { json, type Route, type RouteHandler, type SimRequest, type SimResponse } from '../common/http-app';
import { invalidSession, notFound, SalesforceError } from './errors';
import { sessionOf, tokenHandler, type OAuthOptions } from './oauth';
import { queryMore, runQuery } from './query';
import { basicInfo, create, describe, describeGlobal, retrieve, typeOf, update } from './sobjects';
import type { SalesforceStore, Session } from './store';

/** API versions the simulator serves: `GET /services/data` lists them, as "Versions" documents. */
const VERSIONS = Array.from({ length: 47 }, (_, i) => 20 + i);

function releaseLabel(major: number): string {
  // v62.0 is Winter '25; three releases a year (Winter, Spring, Summer).
  const k = major - 62;
  const season = ['Winter', 'Spring', 'Summer'][((k % 3) + 3) % 3];
  return `${season} '${25 + Math.floor(k / 3)}`;
}

const isVersion = (segment: string): boolean => {
  const match = /^v(\d+)\.0$/.exec(segment);
  return match !== null && VERSIONS.includes(Number(match[1]));
};

interface ApiContext {
  version: string;
  session: Session;
}

/** Version and session checks, API usage header, and SalesforceErrors turned into error bodies. */
function api(
  store: SalesforceStore,
  handler: (req: SimRequest, ctx: ApiContext) => SimResponse,
): RouteHandler {
  return (req) => {
    const version = req.params.version;
    if (!isVersion(version)) return notFound().toResponse();
    const session = sessionOf(store, req);
    if (!session) return invalidSession();
    store.apiRequests += 1;
    let response: SimResponse;
    try {
      response = handler(req, { version, session });
    } catch (err) {
      if (!(err instanceof SalesforceError)) throw err;
      response = err.toResponse();
    }
    return {
      ...response,
      headers: { ...response.headers, 'sforce-limit-info': `api-usage=${store.apiRequests}/15000` },
    };
  };
}

export function salesforceRoutes(store: SalesforceStore, oauth: OAuthOptions): Route[] {
  const base = '/services/data/:version';
  const route = (
    method: string,
    pattern: string,
    handler: (req: SimRequest, ctx: ApiContext) => SimResponse,
  ): Route => ({
    method,
    pattern: `${base}${pattern}`,
    handler: api(store, handler),
  });
  return [
    { method: 'POST', pattern: '/services/oauth2/token', handler: tokenHandler(store, oauth) },
    {
      method: 'GET',
      pattern: '/services/data',
      handler: () =>
        json(
          200,
          VERSIONS.map((v) => ({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` })),
        ),
    },
    route('GET', '', (_req, { version }) =>
      json(200, {
        sobjects: `/services/data/${version}/sobjects`,
        query: `/services/data/${version}/query`,
        queryAll: `/services/data/${version}/queryAll`,
      }),
    ),
    route('GET', '/query', (req, { version }) => runQuery(store, req, version)),
    route('GET', '/query/:locator', (req, { version }) => queryMore(store, req, version, req.params.locator)),
    route('GET', '/queryAll', (req, { version }) => runQuery(store, req, version)),
    route('GET', '/queryAll/:locator', (req, { version }) =>
      queryMore(store, req, version, req.params.locator),
    ),
    route('GET', '/sobjects', (_req, { version }) => describeGlobal(version)),
    route('GET', '/sobjects/:type/describe', (req, { version }) =>
      describe(typeOf(req.params.type), version),
    ),
    route('GET', '/sobjects/:type', (req, { version }) => basicInfo(typeOf(req.params.type), version)),
    route('POST', '/sobjects/:type', (req, { session }) =>
      create(store, req, typeOf(req.params.type), session.userId),
    ),
    route('GET', '/sobjects/:type/:id', (req, { version }) =>
      retrieve(store, req, typeOf(req.params.type), req.params.id, version),
    ),
    route('PATCH', '/sobjects/:type/:id', (req) =>
      update(store, req, typeOf(req.params.type), req.params.id),
    ),
    route('POST', '/sobjects/:type/:id', (req) => update(store, req, typeOf(req.params.type), req.params.id)),
  ];
}
