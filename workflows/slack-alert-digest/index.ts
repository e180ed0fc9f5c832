import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { AlertDigestActivities } from '../../activities/alert-digest-contract';
import {
  acceptAlert,
  DEFAULT_DIGEST_SETTINGS,
  digestMessage,
  emptyDigestState,
  nextBatch,
  nextPostAt,
  type DigestSettings,
  type DigestState,
  type SupportAlert,
} from '../../domain/alert-digest';
import { alertDigestQuery, supportAlertSignal, supportAlertUndeliveredSignal } from './definitions';
import type { SlackAlertDigestInput } from './types';

/** A post retries until Slack takes it (429s after their Retry-After); only a refusal for good stops it. */
const { postAlertDigest } = proxyActivities<AlertDigestActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const CONTINUE_AS_NEW_AFTER_HISTORY_EVENTS = 5_000;

function failureOf(err: unknown): { type: string; message: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? 'Error', message: cause.message };
  return { type: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}

/** A message Slack refused for good: each ticket in it records its own alert as not done. */
async function reportUndelivered(batch: SupportAlert[], err: unknown): Promise<void> {
  const failure = failureOf(err);
  log.warn('alert digest not delivered', { alerts: batch.length, failure: failure.message });
  for (const alert of batch) {
    if (!alert.replyTo) continue;
    try {
      await getExternalWorkflowHandle(alert.replyTo).signal(supportAlertUndeliveredSignal, {
        key: alert.key,
        text: alert.text,
        failureType: failure.type,
        reason: failure.message,
      });
    } catch {
      // The ticket's lifecycle has ended since: nobody is left to tell.
    }
  }
}

/**
 * The digest of one Slack destination (workflow ID `slack-alert-digest-<channel>`): ticket
 * workflows hand it their alerts; it posts them at Slack's pace, one message per second at
 * most, each message carrying every alert that arrived meanwhile (up to `maxAlertsPerMessage`).
 * A lone alert leaves at once, as its own text. Alerts are deduplicated by ticket and key, kept
 * until posted (never dropped), and carried across continue-as-new.
 */
export async function slackAlertDigest(input: SlackAlertDigestInput): Promise<void> {
  const settings: DigestSettings = { ...DEFAULT_DIGEST_SETTINGS, ...input.settings };
  const state: DigestState = input.carried ?? emptyDigestState();
  const historyLimit = input.continueAsNewAfter ?? CONTINUE_AS_NEW_AFTER_HISTORY_EVENTS;
  setHandler(supportAlertSignal, (alert) => {
    acceptAlert(state, alert, settings);
  });
  setHandler(alertDigestQuery, () => ({
    channel: input.channel,
    pending: state.pending.length,
    received: state.received,
    duplicates: state.duplicates,
    messages: state.sequence,
    lastPostAt: state.lastPostAt === undefined ? undefined : new Date(state.lastPostAt).toISOString(),
  }));
  const historyFull = (): boolean => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > historyLimit;
  };

  for (;;) {
    await condition(() => state.pending.length > 0 || historyFull());
    if (historyFull()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof slackAlertDigest>({ ...input, carried: state });
    }
    const wait = nextPostAt(state, settings, Date.now()) - Date.now();
    if (wait > 0) await sleep(wait);
    const batch = nextBatch(state, settings);
    const message = digestMessage(input.channel, state.sequence, batch);
    // Paced from each post's start, as Slack counts messages.
    const startedAt = Date.now();
    try {
      await postAlertDigest(message);
    } catch (err) {
      await reportUndelivered(batch, err);
    }
    state.pending.splice(0, batch.length);
    state.sequence += 1;
    state.lastPostAt = startedAt;
  }
}
