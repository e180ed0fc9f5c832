import { IncomingWebhookHTTPError, IncomingWebhookRequestError, type IncomingWebhook } from '@slack/webhook';
import { Context } from '@temporalio/activity';
import { httpFailure, networkFailure } from '../errors';

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
    return httpFailure({ system: SYSTEM, operation: OPERATION, status: err.statusCode, detail });
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
 * the heartbeat reaching the server — can be recognised. Slack's 429 answers carry Retry-After,
 * but @slack/webhook 8 drops response headers, so those retries use Temporal's back-off.
 */
export function createSlackActivities(deps: Record<SlackChannel, IncomingWebhook>) {
  return {
    async postSlackMessage(input: SlackMessageInput): Promise<{ sent: boolean }> {
      const context = activityContext();
      if (alreadySent(context, input.idempotencyKey)) return { sent: false };
      const section =
        input.text.length > SECTION_LIMIT ? `${input.text.slice(0, SECTION_LIMIT - 1)}…` : input.text;
      try {
        await deps[input.channel].send({
          text: input.text,
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: section } },
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
