import { IncomingWebhookHTTPError, IncomingWebhookRequestError, type IncomingWebhook } from '@slack/webhook';
import { Context } from '@temporalio/activity';
import { httpFailure, networkFailure } from '../errors';
import { SlackRateLimitedError } from './webhook-client';

export type SlackChannel = 'alerts' | 'owners';

export interface SlackMessageInput {
  channel: SlackChannel;
  /** Shown in the message's context line and metadata; also the heartbeat marker for retries. */
  idempotencyKey: string;
  text: string;
}

/** What a successful post leaves in the activity's heartbeat details, for the next attempt to see. */
export interface SlackSentMarker {
  sent: true;
  key: string;
}

const SYSTEM = 'Slack';
const OPERATION = 'incoming webhook post';
/** Slack refuses a section block's text above 3,000 characters; the full text stays in `text`. */
const SECTION_LIMIT = 3000;
/** A message holds at most 50 blocks; one is the context line. */
const MAX_SECTIONS = 49;

const clip = (text: string): string =>
  text.length > SECTION_LIMIT ? `${text.slice(0, SECTION_LIMIT - 1)}…` : text;

/** The text as section blocks, cut between lines (a digest's alerts stay whole), each within Slack's limit. */
export function sectionTexts(text: string): string[] {
  const sections: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (joined.length <= SECTION_LIMIT) current = joined;
    else {
      if (current !== '') sections.push(current);
      current = clip(line);
    }
  }
  sections.push(current);
  if (sections.length <= MAX_SECTIONS) return sections;
  return [...sections.slice(0, MAX_SECTIONS - 1), clip(sections.slice(MAX_SECTIONS - 1).join('\n'))];
}

/** The activity context when running as an activity; undefined in a plain function call. */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

function alreadySent(context: Context | undefined, key: string): boolean {
  const details = context?.info.heartbeatDetails as Partial<SlackSentMarker> | undefined;
  return details?.sent === true && details.key === key;
}

/** @slack/webhook's errors through activities/errors.ts; Slack's answer string is the detail. */
function slackFailure(err: unknown): unknown {
  if (err instanceof IncomingWebhookHTTPError) {
    const detail = typeof err.body === 'string' ? err.body.trim().slice(0, 100) : undefined;
    const retryAfter = err instanceof SlackRateLimitedError ? err.retryAfter : undefined;
    return httpFailure({ system: SYSTEM, operation: OPERATION, status: err.statusCode, detail, retryAfter });
  }
  if (err instanceof IncomingWebhookRequestError) return networkFailure(SYSTEM, OPERATION, err.original);
  return err;
}

/**
 * Slack messages through incoming webhooks (one per channel). Incoming webhooks take no
 * idempotency key, so a retry must not post twice: right after a successful post the activity
 * heartbeats `{ sent: true, key }`, and a retried attempt that finds that marker in
 * `heartbeatDetails` skips the post. The key also travels in the message (context line and
 * message metadata) so a duplicate that slipped through — the worker dying between the post and
 * the heartbeat reaching the server — can be recognised. A 429's Retry-After becomes the next
 * retry's delay when the webhook client is built by `createSlackWebhook` (webhook-client.ts).
 */
export function createSlackActivities(deps: Record<SlackChannel, IncomingWebhook>) {
  return {
    async postSlackMessage(input: SlackMessageInput): Promise<{ sent: boolean }> {
      const context = activityContext();
      if (alreadySent(context, input.idempotencyKey)) return { sent: false };
      try {
        await deps[input.channel].send({
          text: input.text,
          blocks: [
            ...sectionTexts(input.text).map((section) => ({
              type: 'section' as const,
              text: { type: 'mrkdwn' as const, text: section },
            })),
            { type: 'context', elements: [{ type: 'mrkdwn', text: `ref \`${input.idempotencyKey}\`` }] },
          ],
          metadata: {
            event_type: 'partner_support_message',
            event_payload: { idempotency_key: input.idempotencyKey },
          },
        });
      } catch (err) {
        throw slackFailure(err);
      }
      const marker: SlackSentMarker = { sent: true, key: input.idempotencyKey };
      context?.heartbeat(marker);
      return { sent: true };
    },
  };
}

export type SlackActivities = ReturnType<typeof createSlackActivities>;
