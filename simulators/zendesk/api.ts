import type { Route, SimRequest, SimResponse } from '../common/http-app';
import { authenticate, type AcceptedCredentials } from './auth';
import type { Now } from './clock';
import { forbidden, missingParameter, notFound, unauthorized, ZendeskApiError } from './errors';
import type { SimUser } from './model';
import { serializer, type Serializer } from './serialize';
import type { ZendeskSimState } from './store';
import type { WebhookDispatcher } from './webhooks';

/** What every route of the simulated API works with. */
export interface ZendeskContext {
  state: ZendeskSimState;
  now: Now;
  credentials: AcceptedCredentials;
  webhooks: WebhookDispatcher;
}

/** A request that passed authentication. */
export interface ApiRequest extends SimRequest {
  user: SimUser;
  /** `<base>/api/v2`, as the client reached it. */
  apiUrl: string;
  ser: Serializer;
  /** The JSON body as an object (`{}` when absent). */
  body: Record<string, unknown>;
}

export type ApiHandler = (req: ApiRequest) => SimResponse | Promise<SimResponse>;

const RATE_LIMIT = 700;
/** Requests counted in the current minute, per simulator (the rate-limit headers report them). */
const rateWindows = new WeakMap<ZendeskContext, { minute: number; used: number }>();

/**
 * A Support API route under `/api/v2`: authenticated (401 otherwise), agents only unless
 * `endUsers` is set (403), errors thrown as `ZendeskApiError` answered as the API answers
 * them, and the rate-limit headers Zendesk sends on every answer.
 */
export function apiRoute(
  ctx: ZendeskContext,
  method: string,
  pattern: string,
  handler: ApiHandler,
  { endUsers = false }: { endUsers?: boolean } = {},
): Route {
  const window = rateWindows.get(ctx) ?? { minute: 0, used: 0 };
  rateWindows.set(ctx, window);
  return {
    method,
    pattern: `/api/v2${pattern}`,
    handler: async (req) => {
      const minute = Math.floor(Date.now() / 60_000);
      if (minute !== window.minute) Object.assign(window, { minute, used: 0 });
      window.used += 1;
      const remaining = String(Math.max(0, RATE_LIMIT - window.used));
      const limits = {
        'x-rate-limit': String(RATE_LIMIT),
        'x-rate-limit-remaining': remaining,
        'ratelimit-limit': String(RATE_LIMIT),
        'ratelimit-remaining': remaining,
        'ratelimit-reset': String(60 - (Math.floor(Date.now() / 1000) % 60)),
      };
      let response: SimResponse;
      try {
        const user = authenticate(req.headers, ctx.state, ctx.credentials);
        if (!user) throw unauthorized();
        if (user.role === 'end-user' && !endUsers) throw forbidden();
        const body =
          req.json !== null && typeof req.json === 'object' && !Array.isArray(req.json)
            ? (req.json as Record<string, unknown>)
            : {};
        response = await handler({
          ...req,
          user,
          apiUrl: `${req.baseUrl}/api/v2`,
          ser: serializer(ctx.state, req.baseUrl),
          body,
        });
      } catch (err) {
        if (!(err instanceof ZendeskApiError)) throw err;
        response = err.toResponse();
      }
      return { ...response, headers: { ...limits, ...response.headers } };
    },
  };
}

/** A numeric path id; anything else is a record that cannot exist. */
export function pathId(raw: string | undefined): number {
  if (!raw || !/^\d{1,18}$/.test(raw)) throw notFound();
  return Number(raw);
}

/** The object under `key` in a request body (`{ "ticket": {...} }`), or 400 ParameterMissing. */
export function bodyObject(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = body[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw missingParameter(key);
  return value as Record<string, unknown>;
}

export const isAgent = (user: SimUser): boolean => user.role === 'agent' || user.role === 'admin';
