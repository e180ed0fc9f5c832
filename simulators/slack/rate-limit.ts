import type { SimResponse } from '../common/http-app';

/**
 * Slack's rate limit on incoming webhooks ("Rate limits", api.slack.com/docs/rate-limits):
 * posting messages, about one per second per webhook, short bursts above that tolerated; beyond
 * them, HTTP 429 Too Many Requests with a `Retry-After` header (seconds) and a JSON body
 * (`{"ok":false,"error":"rate_limited","retry_after":1}` as Slack answers it). Slack publishes
 * no burst size, so it is a setting here: a token bucket per webhook path holding `burst`
 * messages, refilled at `perSecond`.
 */
export interface WebhookRateLimit {
  perSecond: number;
  burst: number;
}

/** One message a second, ten at once: a storm of separate posts meets 429s within seconds. */
export const DEFAULT_WEBHOOK_RATE_LIMIT: WebhookRateLimit = { perSecond: 1, burst: 10 };

interface Bucket {
  tokens: number;
  at: number;
}

export type RateLimitAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function validRateLimit(value: unknown): WebhookRateLimit | false | undefined {
  if (value === false) return false;
  if (typeof value !== 'object' || value === null) return undefined;
  const { perSecond, burst } = value as Record<string, unknown>;
  if (typeof perSecond !== 'number' || !(perSecond > 0)) return undefined;
  if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 1) return undefined;
  return { perSecond, burst };
}

/** Token buckets per webhook path, on a monotonic clock (the simulators' business clock may jump). */
export class WebhookRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    public limit: WebhookRateLimit | false = DEFAULT_WEBHOOK_RATE_LIMIT,
    private readonly clockMs: () => number = () => performance.now(),
  ) {}

  configure(limit: WebhookRateLimit | false): void {
    this.limit = limit;
    this.buckets.clear();
  }

  reset(): void {
    this.buckets.clear();
  }

  /** Takes one message's token for the path, or says how long until one is there. */
  take(path: string): RateLimitAnswer {
    if (this.limit === false) return { allowed: true };
    const { perSecond, burst } = this.limit;
    const now = this.clockMs();
    const bucket = this.buckets.get(path) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(path, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    return { allowed: false, retryAfterSeconds };
  }
}

/** Slack's answer to a webhook pushed too fast. */
export function rateLimitedResponse(retryAfterSeconds: number): SimResponse {
  return {
    status: 429,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'retry-after': String(retryAfterSeconds),
    },
    body: JSON.stringify({ ok: false, error: 'rate_limited', retry_after: retryAfterSeconds }),
  };
}
