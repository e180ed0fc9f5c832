import type { SimResponse } from './http-app';

/**
 * A fault to inject on matching requests, set through `POST /__admin/faults`.
 * `route` matches either the route key (`"GET /api/v2/tickets/:id.json"`), an exact path, or,
 * when it starts with `~`, a regular expression on the path. Omit it to match every route.
 */
export interface FaultRule {
  route?: string;
  method?: string;
  /** Answer with this status instead of the real handler (e.g. 429, 500, 503, 401). */
  status?: number;
  /** JSON body for the injected answer; a per-API default is used when absent. */
  body?: unknown;
  /** Seconds for a `Retry-After` header (and the rate-limit headers) on the injected answer. */
  retryAfter?: number;
  headers?: Record<string, string>;
  /** Delay before answering (or before the injected fault). */
  latencyMs?: number;
  /** Drop the TCP connection without an answer. */
  connectionReset?: boolean;
  /** How many matching requests to affect; unlimited when absent. */
  count?: number;
  /** Probability (0..1) that a matching request is affected; 1 when absent. */
  rate?: number;
}

export interface TakenFault {
  status?: number;
  response: SimResponse;
  latencyMs?: number;
  connectionReset?: boolean;
}

interface ActiveFault extends FaultRule {
  id: number;
  remaining: number;
  /** Requests this rule affected so far (a chaos run's table counts injected faults by them). */
  hits: number;
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  /** Per-API default error body for an injected status (set by each simulator). */
  defaultBody: (status: number) => unknown = (status) => ({ error: `HTTP ${status}` });
  /** Random source: replaceable so that tests of rates can be deterministic. */
  random: () => number = Math.random;

  add(rule: FaultRule): ActiveFault {
    if (rule.rate !== undefined && (rule.rate < 0 || rule.rate > 1))
      throw new Error('rate must be between 0 and 1');
    const active: ActiveFault = {
      ...rule,
      id: this.nextId++,
      remaining: rule.count ?? Number.POSITIVE_INFINITY,
      hits: 0,
    };
    this.rules.push(active);
    return active;
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules in force, each with how many requests it affected (`GET /__admin/faults`). */
  active(): readonly ActiveFault[] {
    return this.rules;
  }

  take(method: string, path: string, routeKey: string): TakenFault | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.route && !matches(rule.route, path, routeKey)) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.remaining -= 1;
      rule.hits += 1;
      const headers: Record<string, string> = { ...rule.headers };
      if (rule.retryAfter !== undefined) {
        headers['retry-after'] = String(rule.retryAfter);
        headers['x-rate-limit'] = '700';
        headers['x-rate-limit-remaining'] = '0';
        headers['ratelimit-reset'] = String(rule.retryAfter);
      }
      return {
        status: rule.status,
        latencyMs: rule.latencyMs,
        connectionReset: rule.connectionReset,
        response: {
          status: rule.status ?? 200,
          headers,
          body: rule.status ? (rule.body ?? this.defaultBody(rule.status)) : undefined,
        },
      };
    }
    return undefined;
  }
}

function matches(pattern: string, path: string, routeKey: string): boolean {
  if (pattern.startsWith('~')) return new RegExp(pattern.slice(1)).test(path);
  return pattern === routeKey || pattern === path;
}
