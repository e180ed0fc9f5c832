import { ActivityFailure, ApplicationFailure, condition, patched } from '@temporalio/workflow';
import type { TicketWritesOutcome, ZendeskTicketWrite } from '../../activities/lifecycle-contract';
import { alertsThroughDigest, queueAlert, registerUndeliveredAlerts } from './alert-digest';
import {
  decide,
  enqueueEffect,
  ticketActivities,
  ticketSlackActivities,
  type TicketContext,
} from './context';
import {
  describeEffect,
  effectFailedDecision,
  slackDeliveryFailedNote,
  ticketClosedDecision,
  ticketDeletedDecision,
  zendeskWriteFailedAlert,
} from './messages';
import { conditionAtNextCheck } from './next-check';
import { endLifecycle } from './sla-clocks';
import type { TicketEffect } from './types';

const isSlackEffect = (effect: TicketEffect): boolean =>
  effect.kind === 'alert' || effect.kind === 'notifyOwner';
const isZendeskWrite = (effect: TicketEffect): effect is ZendeskTicketWrite => !isSlackEffect(effect);

/** At most this many writes in one activity, so that its input stays small in the history. */
const WRITES_TOGETHER = 10;

/** Each write as its activity, named in the Temporal UI by what it does. */
function perform(ticketId: number, effect: TicketEffect): Promise<void> {
  const a = ticketActivities;
  const options = { summary: describeEffect(effect) };
  switch (effect.kind) {
    case 'addTags':
      return a.addTicketTags.executeWithOptions(options, [{ ticketId, tags: effect.tags }]);
    case 'removeTags':
      return a.removeTicketTags.executeWithOptions(options, [{ ticketId, tags: effect.tags }]);
    case 'route':
      return a.routeTicket.executeWithOptions(options, [
        { ticketId, formId: effect.formId, groupId: effect.groupId },
      ]);
    case 'internalNote':
      return a.addInternalNote.executeWithOptions(options, [
        { ticketId, idempotencyKey: effect.key, body: effect.body },
      ]);
    case 'publicComment':
      return a.addPublicComment.executeWithOptions(options, [
        { ticketId, idempotencyKey: effect.key, body: effect.body },
      ]);
    case 'setPriority':
      return a.setTicketPriority.executeWithOptions(options, [{ ticketId, priority: effect.priority }]);
    case 'solve':
      return a.solveTicket.executeWithOptions(options, [{ ticketId }]);
    case 'alert':
      if (alertsThroughDigest()) return queueAlert(ticketId, effect, options.summary);
      return ticketSlackActivities.sendSupportAlert.executeWithOptions(options, [
        { ticketId, idempotencyKey: effect.key, text: effect.text },
      ]);
    case 'notifyOwner':
      return ticketSlackActivities.notifyAccountOwner.executeWithOptions(options, [
        { ticketId, idempotencyKey: effect.key, ownerEmail: effect.ownerEmail, text: effect.text },
      ]);
  }
}

/** An activity's failure as its type and message (what the decisions record). */
export function failureOf(err: unknown): { type: string; message: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? 'Error', message: cause.message };
  return { type: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}

/** Records a failure the activity will not retry; the lifecycle goes on (or ends, if the ticket did). */
function onEffectFailed(
  ctx: TicketContext,
  effect: TicketEffect,
  failure: { type: string; message: string },
): void {
  const { state } = ctx;
  if (!isSlackEffect(effect) && failure.type === 'NotFound') {
    decide(ctx, 'LIFECYCLE', ticketDeletedDecision(state.ticketId));
    endLifecycle(ctx, 'deleted', Date.now());
    return;
  }
  if (!isSlackEffect(effect) && failure.type === 'TicketClosed') {
    decide(ctx, 'LIFECYCLE', ticketClosedDecision(effect));
    endLifecycle(ctx, 'closed', Date.now());
    return;
  }
  decide(ctx, 'EFFECT', effectFailedDecision(effect, failure.message));
  const reportKey = `${isSlackEffect(effect) ? 'slack' : 'zendesk'}-${failure.type}`;
  if (state.reportedFailures.includes(reportKey)) return;
  state.reportedFailures.push(reportKey);
  // Report through the other system: a Slack failure on the ticket, a Zendesk failure in Slack.
  if (isSlackEffect(effect)) {
    const key = `failure-${reportKey}-${state.ticketId}`;
    enqueueEffect(ctx, { kind: 'internalNote', key, body: slackDeliveryFailedNote(failure.message) });
  } else {
    const key = `failure-${reportKey}-${state.ticketId}`;
    enqueueEffect(ctx, { kind: 'alert', key, text: zendeskWriteFailedAlert(state, failure.message) });
  }
}

/** Zendesk writes and Slack messages queue separately: a Slack outage does not hold up the ticket's notes. */
type Lane = (effect: TicketEffect) => boolean;
const slackLane: Lane = isSlackEffect;
const zendeskLane: Lane = isZendeskWrite;
const anyLane: Lane = () => true;

/** Runs the lane's oldest effect; it leaves the queue once done or recorded as failed. */
async function runOldest(ctx: TicketContext, lane: Lane): Promise<void> {
  const { state } = ctx;
  const effect = state.effects.find(lane);
  if (!effect) return;
  ctx.effectsInFlight += 1;
  try {
    await perform(state.ticketId, effect);
  } catch (err) {
    onEffectFailed(ctx, effect, failureOf(err));
  } finally {
    ctx.effectsInFlight -= 1;
  }
  const index = state.effects.indexOf(effect);
  if (index >= 0) state.effects.splice(index, 1);
  dropWritesIfEnded(ctx);
}

/** A closed or deleted ticket takes no Zendesk write: only Slack effects remain worth doing. */
function dropWritesIfEnded(ctx: TicketContext): void {
  const { state } = ctx;
  if (state.phase === 'closed' || state.phase === 'deleted')
    state.effects = state.effects.filter(isSlackEffect);
}

/**
 * The Zendesk writes waiting, oldest first, in one activity (a ticket's intake queues its routing,
 * tags and triage note together): each leaves the queue once done, or refused and recorded.
 */
async function runZendeskWrites(ctx: TicketContext): Promise<void> {
  const { state } = ctx;
  const writes = state.effects.filter(isZendeskWrite).slice(0, WRITES_TOGETHER);
  ctx.effectsInFlight += 1;
  let outcome: TicketWritesOutcome;
  try {
    outcome = await ticketActivities.applyTicketWrites.executeWithOptions(
      { summary: writes.map(describeEffect).join('; ') },
      [{ ticketId: state.ticketId, writes }],
    );
  } catch (err) {
    // Only a failure no retry fixes ends the activity: the first write is the one refused.
    outcome = { done: 0, refused: failureOf(err) };
  } finally {
    ctx.effectsInFlight -= 1;
  }
  const settled: TicketEffect[] = writes.slice(0, outcome.refused ? outcome.done + 1 : outcome.done);
  const refusedWrite = outcome.refused ? writes[outcome.done] : undefined;
  if (outcome.refused && refusedWrite) onEffectFailed(ctx, refusedWrite, outcome.refused);
  state.effects = state.effects.filter((effect) => !settled.includes(effect));
  dropWritesIfEnded(ctx);
}

/** Legacy replays: the effects decided so far, inline and in order. */
export async function runEffectsInline(ctx: TicketContext): Promise<void> {
  while (ctx.state.effects.length > 0) await runOldest(ctx, anyLane);
}

async function runLane(ctx: TicketContext, lane: Lane, finished: () => boolean): Promise<void> {
  for (;;) {
    const waiting = (): boolean => ctx.state.effects.some(lane);
    const ready = (): boolean => (waiting() && !ctx.holdEffects) || finished();
    await (ctx.lanesWaitForCheck ? conditionAtNextCheck(ready) : condition(ready));
    if (!waiting() || ctx.holdEffects) return;
    // Histories recorded before writes went together replay one activity per write.
    if (lane === zendeskLane && patched('zendesk-writes-together')) await runZendeskWrites(ctx);
    else await runOldest(ctx, lane);
  }
}

/** The background loops that do the ticket's side effects: in order, one at a time per system. */
export async function runEffectsInBackground(ctx: TicketContext, finished: () => boolean): Promise<void> {
  // An alert the digest could not deliver comes back here, to be recorded like any failed alert.
  registerUndeliveredAlerts((effect, failure) => onEffectFailed(ctx, effect, failure));
  await Promise.all([runLane(ctx, zendeskLane, finished), runLane(ctx, slackLane, finished)]);
}
