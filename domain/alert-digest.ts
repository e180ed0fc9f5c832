/**
 * Alert digests: a storm of support alerts (SLA warnings and breaches, STARs) leaves as few Slack
 * messages as Slack's pace allows, about one per second per incoming webhook, instead of one
 * message per alert. Pure rules; the `slackAlertDigest` workflow applies them.
 */

/** One ticket's alert as the ticket workflow hands it over. */
export interface SupportAlert {
  ticketId: number;
  /** The ticket's idempotency key for the alert (unique per ticket, not across tickets). */
  key: string;
  text: string;
  /** The workflow to tell if the alert can never be delivered (the ticket's lifecycle). */
  replyTo?: string;
}

export interface DigestSettings {
  /** Shortest time between two messages to the webhook (Slack: about one a second). */
  minIntervalMs: number;
  /** Most alerts in one message (Slack truncates a message's text past 40,000 characters). */
  maxAlertsPerMessage: number;
  /** How many alert keys are remembered to drop a redelivered alert. */
  dedupeWindow: number;
}

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  minIntervalMs: 1_000,
  maxAlertsPerMessage: 50,
  dedupeWindow: 5_000,
};

/** The digest's memory, carried across continue-as-new. */
export interface DigestState {
  pending: SupportAlert[];
  /** `<ticketId>/<key>` of the alerts accepted lately, oldest first (bounded by `dedupeWindow`). */
  seen: string[];
  /** Messages posted so far (also numbers the next message's idempotency key). */
  sequence: number;
  received: number;
  duplicates: number;
  lastPostAt?: number;
}

export const emptyDigestState = (): DigestState => ({
  pending: [],
  seen: [],
  sequence: 0,
  received: 0,
  duplicates: 0,
});

/**
 * An alert's identity across tickets (a ticket's keys are unique only within the ticket): what
 * the digest deduplicates by, and the key a lone alert carries in Slack, where readers drop a
 * repeated post by it.
 */
export const alertIdentity = (alert: Pick<SupportAlert, 'ticketId' | 'key'>): string =>
  `${alert.ticketId}/${alert.key}`;

/** Takes an alert unless the same ticket's key was taken already (a redelivery). */
export function acceptAlert(state: DigestState, alert: SupportAlert, settings: DigestSettings): boolean {
  const identity = alertIdentity(alert);
  if (state.seen.includes(identity)) {
    state.duplicates += 1;
    return false;
  }
  state.seen.push(identity);
  if (state.seen.length > settings.dedupeWindow)
    state.seen.splice(0, state.seen.length - settings.dedupeWindow);
  state.pending.push(alert);
  state.received += 1;
  return true;
}

/** When the next message may leave (epoch ms): at once, or `minIntervalMs` after the last one. */
export const nextPostAt = (state: DigestState, settings: DigestSettings, now: number): number =>
  state.lastPostAt === undefined ? now : Math.max(now, state.lastPostAt + settings.minIntervalMs);

/** The next message: the oldest pending alerts, in the order they arrived. */
export const nextBatch = (state: DigestState, settings: DigestSettings): SupportAlert[] =>
  state.pending.slice(0, settings.maxAlertsPerMessage);

export interface DigestMessage {
  idempotencyKey: string;
  text: string;
}

/**
 * One alert reads as it always did (its own text, its key named with its ticket); several become one message headed by
 * their count, one alert a line, each naming its ticket as `#<ticketId>`.
 */
export function digestMessage(channel: string, sequence: number, batch: SupportAlert[]): DigestMessage {
  if (batch.length === 1) return { idempotencyKey: alertIdentity(batch[0]), text: batch[0].text };
  const tickets = new Set(batch.map((alert) => alert.ticketId)).size;
  const header = `:bell: ${batch.length} support alerts on ${tickets} ticket${tickets === 1 ? '' : 's'} (digest):`;
  return {
    idempotencyKey: `digest-${channel}-${sequence}`,
    text: [header, ...batch.map((alert) => `• ${alert.text}`)].join('\n'),
  };
}
