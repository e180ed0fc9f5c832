import { zendeskTime } from './clock';
import { ticketIdOf, type ZendeskWebhookPayload } from './webhook-payload';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, zendeskWebhookSignature } from './webhook-signature';

/** The header naming the webhook that sent a request (as Zendesk's). */
export const WEBHOOK_ID_HEADER = 'x-zendesk-webhook-id';
/** The webhook id sent when none is configured (Zendesk's ids are ULIDs). */
export const DEFAULT_WEBHOOK_ID = '01JSIMULATEDZENDESKWEBHOOK';

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Sent as `X-Zendesk-Webhook-Id` (default DEFAULT_WEBHOOK_ID). */
  webhookId?: string;
  /** Event types sent (`zen:event-type:ticket.status_changed`, …); all when absent, as a webhook subscribed to each. */
  subscriptions?: readonly string[];
  /** Deliver every event twice (same event id and body), as Zendesk's at-least-once delivery may. */
  duplicates?: boolean;
  /** Hold events and deliver each held batch in reverse order. */
  outOfOrder?: boolean;
  /** With `outOfOrder`: each held batch in random order instead (a chaos run's storm). */
  shuffle?: boolean;
  /** Deliver every event 1 to `maxCopies` times (uniformly; same event id and body), e.g. 3. */
  maxCopies?: number;
  /**
   * This share of events is never delivered (0 to 1): a webhook Zendesk gave up on (retries
   * exhausted, the webhook deactivated meanwhile). Recorded as a failed delivery with no attempt.
   */
  lossRate?: number;
  /** Random source for `shuffle`, `maxCopies` and `lossRate` (seeded in chaos runs). */
  random?: () => number;
  /** With `outOfOrder`: how long events are held before their batch goes out (default 250 ms). */
  holdMs?: number;
  /** Attempts per delivery (default 4), the first retry after `retryDelayMs` (default 200 ms, doubling). */
  maxAttempts?: number;
  retryDelayMs?: number;
  /** The longest wait between two attempts (default: none, the delay keeps doubling). */
  maxRetryDelayMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
}

export interface WebhookAttempt {
  at: string;
  /** HTTP status answered; null when the connection failed or timed out. */
  status: number | null;
  error?: string;
}

/** One delivery of one event (a duplicate is a delivery of its own), for tests to assert on. */
export interface WebhookDelivery {
  id: number;
  eventId: string;
  type: ZendeskWebhookPayload['type'];
  ticketId: number;
  url: string;
  body: string;
  duplicate: boolean;
  /** Never sent (`lossRate`): only Zendesk's export still tells of it. */
  lost?: true;
  status: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
  deliveredAt: string | null;
}

/**
 * Sends the simulator's ticket events to the configured webhook URL, signed as Zendesk signs
 * them. First attempts go out one at a time in event order (reversed per batch with
 * `outOfOrder`); a failed attempt (non-2xx, connection error, timeout) is retried with back-off
 * on its own, without holding up later events. Every delivery is recorded in the state.
 */
export class WebhookDispatcher {
  private options: WebhookOptions | undefined;
  private held: ZendeskWebhookPayload[] = [];
  private holdTimer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private closed = false;
  private nextId = 1;

  constructor(private readonly state: { webhookDeliveries: WebhookDelivery[] }) {}

  configure(options: WebhookOptions | undefined): void {
    this.flush();
    this.options = options;
  }

  /** The delivery options in force (undefined: no webhook target). */
  get current(): WebhookOptions | undefined {
    return this.options;
  }

  get configured(): boolean {
    return this.options !== undefined;
  }

  publish(all: ZendeskWebhookPayload[]): void {
    const options = this.options;
    const payloads = options?.subscriptions
      ? all.filter((payload) => options.subscriptions?.includes(payload.type))
      : all;
    if (!options || this.closed || payloads.length === 0) return;
    if (options.outOfOrder) {
      this.held.push(...payloads);
      this.holdTimer ??= setTimeout(() => this.flush(), options.holdMs ?? 250);
      return;
    }
    this.enqueue(payloads, options);
  }

  /** Sends the held batch now (reversed), instead of waiting for `holdMs`. */
  flush(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    const random = this.options?.random ?? Math.random;
    const batch = this.options?.shuffle ? shuffled(this.held, random) : this.held.reverse();
    this.held = [];
    if (this.options && batch.length > 0) this.enqueue(batch, this.options);
  }

  /** Drops held events (the world they describe was reset). */
  discardHeld(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.held = [];
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.held = [];
    this.abort.abort();
    await Promise.allSettled([this.chain, ...this.inflight]);
  }

  private enqueue(payloads: ZendeskWebhookPayload[], options: WebhookOptions): void {
    const random = options.random ?? Math.random;
    for (const payload of payloads) {
      const lost = options.lossRate !== undefined && random() < options.lossRate;
      const extra = lost
        ? 0
        : options.maxCopies
          ? Math.floor(random() * Math.max(1, options.maxCopies))
          : options.duplicates
            ? 1
            : 0;
      const copies = [false, ...Array.from({ length: extra }, () => true)];
      for (const duplicate of copies) {
        const delivery: WebhookDelivery = {
          id: this.nextId++,
          eventId: payload.id,
          type: payload.type,
          ticketId: ticketIdOf(payload),
          url: options.url,
          body: JSON.stringify(payload),
          duplicate,
          ...(lost ? { lost: true as const } : {}),
          status: lost ? 'failed' : 'pending',
          attempts: [],
          deliveredAt: null,
        };
        this.state.webhookDeliveries.push(delivery);
        if (!lost) this.chain = this.chain.then(() => this.attempt(delivery, options));
      }
    }
  }

  private async attempt(delivery: WebhookDelivery, options: WebhookOptions): Promise<void> {
    if (this.closed) return;
    const timestamp = zendeskTime(new Date());
    const record: WebhookAttempt = { at: new Date().toISOString(), status: null };
    delivery.attempts.push(record);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Zendesk Webhook',
          [WEBHOOK_ID_HEADER]: options.webhookId ?? DEFAULT_WEBHOOK_ID,
          [SIGNATURE_HEADER]: zendeskWebhookSignature(options.secret, timestamp, delivery.body),
          [SIGNATURE_TIMESTAMP_HEADER]: timestamp,
        },
        body: delivery.body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(options.timeoutMs ?? 10_000)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
      if (response.ok) {
        delivery.status = 'delivered';
        delivery.deliveredAt = record.at;
        return;
      }
    } catch (err) {
      record.error = (err as Error).name === 'TimeoutError' ? 'timeout' : String((err as Error).message);
    }
    this.retryLater(delivery, options);
  }

  private retryLater(delivery: WebhookDelivery, options: WebhookOptions): void {
    const maxAttempts = options.maxAttempts ?? 4;
    if (this.closed || delivery.attempts.length >= maxAttempts) {
      delivery.status = 'failed';
      return;
    }
    const delay = Math.min(
      options.maxRetryDelayMs ?? Number.POSITIVE_INFINITY,
      (options.retryDelayMs ?? 200) * 2 ** (delivery.attempts.length - 1),
    );
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const running = this.attempt(delivery, options).finally(() => this.inflight.delete(running));
      this.inflight.add(running);
    }, delay);
    this.timers.add(timer);
  }
}

/** Fisher–Yates on a copy. */
function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
