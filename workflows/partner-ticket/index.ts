import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { recheckContactSignal, statusQuery, ticketEventSignal } from '../definitions';
import { isTerminal, readPatiently, ticketActivities, type TicketContext } from './context';
import { runEffectsInBackground, runEffectsInline } from './effects';
import { processPendingEvents, receiveEvent } from './events';
import { registerFileRequests } from './file-requests';
import { deleteTicketFiles, filesDue, retainFilesAfterClose } from './file-retention';
import { intake, isFlaggedUnprovisioned, recheckContact, recheckProvisioning } from './intake';
import { registerPolicyRollout } from './policy-rollout';
import { searchAttributePublisher } from './search-attributes';
import { performStarActions, registerStarHandlers } from './star';
import { statusView } from './status-view';
import { registerSupportUploader } from './support-uploader';
import { startingState } from './ticket-state';
import { ticketDetailsCard } from './ui-details';
import type { PartnerTicketInput, PartnerTicketOutcome } from './types';
import { actOnTime, isDormant, keepTime, nextWakeUp } from './wake-ups';

const CONTINUE_AS_NEW_AFTER_HISTORY_EVENTS = 4000;

/**
 * One partner support ticket, from creation to close (workflow ID `partner-ticket-<ticketId>`):
 * intake and routing, entitlement, SLA clocks that act at their deadlines, STAR, and a record of
 * every decision with the rule behind it. Three loops share the state: events (this function),
 * time (`keepTime`) and side effects (`runEffectsInBackground`), so that neither a slow Zendesk
 * nor a Slack outage delays a deadline.
 */
export async function partnerTicket(input: PartnerTicketInput): Promise<PartnerTicketOutcome> {
  const state = startingState(input);
  // Histories recorded before this change ran every effect inline: they replay that way.
  const backgroundEffects = patched('effects-in-background');
  const ctx: TicketContext = {
    state,
    backgroundEffects,
    // Decided once, at the start: runs started before it keep the lanes' old order to their end.
    lanesWaitForCheck: patched('lanes-wait-for-check'),
    holdEffects: false,
    effectsInFlight: 0,
    settle: backgroundEffects ? async () => undefined : () => runEffectsInline(ctx),
  };
  let finished = false;
  const publishAttributes = searchAttributePublisher(state);
  // Visibility (search attributes) and the Temporal UI's card, kept in step with the state.
  const publish = (): void => {
    publishAttributes();
    setCurrentDetails(ticketDetailsCard(state));
  };

  setHandler(statusQuery, () => statusView(state, ctx.policy, Date.now()));
  setHandler(ticketEventSignal, (event) => receiveEvent(ctx, event));
  setHandler(recheckContactSignal, () => {
    state.contactRecheckRequested = true;
  });
  registerStarHandlers(ctx);
  registerPolicyRollout(ctx, publish);
  registerFileRequests(ctx);
  const uploaderDone = registerSupportUploader(ctx, () => finished);
  const effectsDone = backgroundEffects ? runEffectsInBackground(ctx, () => finished) : undefined;

  publish();
  if (state.phase === 'intake') await intake(ctx);
  else if (!ctx.policy) {
    const version = state.policyVersion;
    ctx.policy = await readPatiently(ctx, 'Loading the SLA policy', () =>
      ticketActivities.loadSlaPolicy({ version }),
    );
  }
  await ctx.settle();
  publish();
  const timeKept = backgroundEffects ? keepTime(ctx, publish, () => finished) : undefined;

  const historyTooLong = (): boolean => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength > (input.continueAsNewAfter ?? CONTINUE_AS_NEW_AFTER_HISTORY_EVENTS)
    );
  };
  const ready = (): boolean =>
    state.pendingEvents.length > 0 ||
    state.starActions.length > 0 ||
    state.contactRecheckRequested ||
    isTerminal(state) ||
    isDormant(ctx) ||
    filesDue(ctx) ||
    // S5: the uploader's backstop timers grow the history while nothing else happens.
    (ctx.uploaderEnabled === true && historyTooLong());
  while (!isTerminal(state) && !isDormant(ctx)) {
    if (backgroundEffects) await condition(ready);
    else {
      const wakeAt = nextWakeUp(ctx);
      if (wakeAt === undefined) await condition(ready);
      else await condition(ready, Math.max(1, wakeAt - Date.now()));
    }
    actOnTime(ctx, Date.now(), () => undefined);
    if (state.contactRecheckRequested) {
      state.contactRecheckRequested = false;
      if (state.contactStatus === 'missing' || state.contactStatus === 'wrong_account')
        await recheckContact(ctx);
      // Patched: tickets already running took this signal as a no-op when A1-flagged.
      else if (isFlaggedUnprovisioned(ctx) && patched('a1-recheck-provisioning'))
        await recheckProvisioning(ctx);
    }
    await processPendingEvents(ctx);
    performStarActions(ctx);
    // Retention: a solved ticket's files go the policy's period after the solve.
    if (filesDue(ctx)) await deleteTicketFiles(ctx);
    await ctx.settle();
    publish();

    const info = workflowInfo();
    const historyLimit = input.continueAsNewAfter ?? CONTINUE_AS_NEW_AFTER_HISTORY_EVENTS;
    if (!isTerminal(state) && (info.continueAsNewSuggested || info.historyLength > historyLimit)) {
      // No effect is abandoned half-way: the queue goes over with the state, the one in flight finishes.
      ctx.holdEffects = true;
      await condition(() => allHandlersFinished() && ctx.effectsInFlight === 0);
      state.generation += 1;
      await continueAsNew<typeof partnerTicket>({
        ticketId: state.ticketId,
        carried: state,
        continueAsNewAfter: input.continueAsNewAfter,
      });
    }
  }
  finished = true;
  await ctx.settle();
  await Promise.all([effectsDone, timeKept, uploaderDone]);
  await condition(allHandlersFinished);
  publish();
  // A closed ticket's files outlive its lifecycle by the retention period.
  await retainFilesAfterClose(ctx);
  await condition(allHandlersFinished);
  publish();
  const status = statusView(state, ctx.policy, Date.now());
  if (state.phase === 'closed' || state.phase === 'deleted') return { ...status, ending: state.phase };
  return { ...status, ending: 'dormant', carried: state };
}
