import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Connection,
  type HttpMethods,
  type HttpRequest,
  type HttpRequestOptions,
  type HttpResponse,
} from 'jsforce';
import Transport from 'jsforce/lib/transport';
import type { AppConfig } from '../../config';

/**
 * The jsforce `Connection` the Salesforce activities use, with three deliberate choices:
 *
 * 1. OAuth 2.0 client-credentials flow against `loginUrl` (a My Domain URL in production). The
 *    flow issues no refresh token, so `refreshFn` simply requests a new access token; jsforce
 *    calls it when a request answers 401 INVALID_SESSION_ID and then repeats the request.
 * 2. jsforce's own HTTP retries are switched OFF: its fetch wrapper (lib/request.js) retries
 *    GET/PUT/HEAD/OPTIONS/DELETE up to `retry.maxRetries` = 5 times on 420/429/5xx and socket
 *    errors, with exponential sleeps. Stacked under Temporal's retry policy that would multiply
 *    attempts (6 HTTP requests per activity attempt) and ignore Retry-After. Our transport passes
 *    `retry: { maxRetries: 0, methods: [] }` (empty `methods` also stops its 420 special case),
 *    so one activity attempt makes one request per operation and Temporal owns every retry.
 * 3. The transport records each call's last HTTP exchange (status, Retry-After, network error) in
 *    an AsyncLocalStorage log, because jsforce's errors carry the Salesforce `errorCode` but not
 *    the HTTP status or headers that failure classification (activities/errors.ts) needs.
 *
 * jsforce itself is unmodified: custom transports are its extension point (cf. its
 * HttpProxyTransport), and `refreshFn` is a documented Connection option.
 */

/** What the last HTTP request of a Salesforce call got back: a status, or a network error. */
export interface Exchange {
  status?: number;
  retryAfter?: string;
  networkError?: unknown;
}

export interface CallLog {
  last?: Exchange;
}

const callLogs = new AsyncLocalStorage<CallLog>();

/** Runs `fn` with a fresh exchange log that the connection's transport writes to. */
export function withCallLog<T>(fn: (log: CallLog) => Promise<T>): Promise<T> {
  const log: CallLog = {};
  return callLogs.run(log, () => fn(log));
}

const NO_RETRIES: HttpRequestOptions['retry'] = { maxRetries: 0, methods: [] as HttpMethods[] };

class ObservedTransport extends Transport {
  constructor(private readonly onResponse: (response: HttpResponse) => void = () => undefined) {
    super();
  }

  override httpRequest(req: HttpRequest, options: HttpRequestOptions = {}) {
    const log = callLogs.getStore();
    const pending = super.httpRequest(req, { ...options, retry: { ...options.retry, ...NO_RETRIES } });
    pending.then(
      (response) => {
        if (log) log.last = { status: response.statusCode, retryAfter: response.headers['retry-after'] };
        this.onResponse(response);
      },
      (err: unknown) => {
        if (log) log.last = { networkError: err };
      },
    );
    return pending;
  }
}

/**
 * A token request that failed, with what the token endpoint answered; or (`sessionsRefused`) the
 * endpoint issued tokens that the API refused right away, again and again.
 */
export class SessionRefreshError extends Error {
  constructor(
    message: string,
    readonly exchange: Exchange,
    readonly sessionsRefused = false,
  ) {
    super(message);
    this.name = 'SessionRefreshError';
  }
}

interface SessionState {
  /** Token requests since the API last accepted a session: bounds jsforce's refresh-and-repeat loop. */
  refreshesWithoutSuccess: number;
  /** The failed refresh behind jsforce's "Unable to refresh session" error, if any. */
  lastRefreshFailure?: SessionRefreshError;
  authorizing?: Promise<void>;
}

const MAX_REFRESHES_WITHOUT_SUCCESS = 2;
const sessionStates = new WeakMap<Connection, SessionState>();

function stateOf(conn: Connection): SessionState {
  let state = sessionStates.get(conn);
  if (!state) {
    state = { refreshesWithoutSuccess: 0 };
    sessionStates.set(conn, state);
  }
  return state;
}

/** Why the last session refresh failed (for jsforce's wrapped "Unable to refresh session" errors). */
export const lastRefreshFailure = (conn: Connection): SessionRefreshError | undefined =>
  stateOf(conn).lastRefreshFailure;

/** Requests an access token with the client-credentials grant and installs it on the connection. */
async function requestSession(conn: Connection): Promise<{ accessToken: string; response: unknown }> {
  const state = stateOf(conn);
  if (state.refreshesWithoutSuccess >= MAX_REFRESHES_WITHOUT_SUCCESS) {
    // Fresh tokens keep being refused: fail this call instead of looping token → 401 → token
    // (jsforce would repeat forever), and give the next call a fresh start.
    state.refreshesWithoutSuccess = 0;
    state.lastRefreshFailure = new SessionRefreshError(
      'Salesforce refused new sessions right after issuing them',
      { status: 401 },
      true,
    );
    throw state.lastRefreshFailure;
  }
  const log: CallLog = {};
  try {
    const response = await callLogs.run(log, () =>
      conn.oauth2.requestToken({ grant_type: 'client_credentials' }),
    );
    // Only issued tokens count: a token endpoint that is briefly down must stay retryable.
    state.refreshesWithoutSuccess += 1;
    state.lastRefreshFailure = undefined;
    conn.instanceUrl = response.instance_url;
    conn.accessToken = response.access_token;
    return { accessToken: response.access_token, response };
  } catch (err) {
    const exchange = log.last?.status === 200 || !log.last ? { networkError: err } : log.last;
    // The OAuth error name (e.g. invalid_client) says why without echoing credentials.
    const reason = exchange.status ? `HTTP ${exchange.status} ${(err as Error).name || ''}` : 'network error';
    state.lastRefreshFailure = new SessionRefreshError(
      `Salesforce token request failed: ${reason.trim()}`,
      exchange,
    );
    throw state.lastRefreshFailure;
  }
}

/** Authorizes a connection that has no session yet (once, however many calls are waiting). */
export async function ensureSession(conn: Connection): Promise<void> {
  if (conn.accessToken) return;
  const state = stateOf(conn);
  state.authorizing ??= requestSession(conn)
    .then(() => undefined)
    .finally(() => {
      state.authorizing = undefined;
    });
  await state.authorizing;
}

export function createSalesforceConnection(config: AppConfig['salesforce']): Connection {
  const conn: Connection = new Connection({
    loginUrl: config.loginUrl,
    // Client-credentials sessions live on the My Domain host that issued them; the token
    // response's instance_url replaces this on every (re)authorization.
    instanceUrl: config.loginUrl,
    version: config.apiVersion,
    oauth2: { loginUrl: config.loginUrl, clientId: config.clientId, clientSecret: config.clientSecret },
    refreshFn: (c, callback) => {
      requestSession(c).then(
        ({ accessToken, response }) =>
          callback(null, accessToken, response as Parameters<typeof callback>[2]),
        (err: Error) => callback(err),
      );
    },
  });
  const state = stateOf(conn);
  conn._transport = new ObservedTransport((response) => {
    if (response.statusCode !== 401) state.refreshesWithoutSuccess = 0;
  });
  conn.oauth2._transport = new ObservedTransport();
  return conn;
}
