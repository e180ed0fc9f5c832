import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { LifecycleActivities, TicketFacts } from '../../activities/lifecycle-contract';
import { planIntake, triageNote, type IntakePlan } from '../../domain/intake';
import { isPartner, programLabel } from '../../domain/programs';
import type { ZendeskRoutingContract } from '../../domain/routing';
import {
  PartnerProgramAttribute,
  SlaStateAttribute,
  StarredAttribute,
  SupportLevelAttribute,
  TicketIdAttribute,
} from '../../domain/search-attributes';
import {
  advanceClock,
  nextClockInstant,
  pauseClock,
  resumeClock,
  satisfyClock,
  startClock,
  ticketSlaState,
  type ClockEvent,
  type SlaClock,
} from '../../domain/sla/clock';
import { impacts, type ClockKind, type Impact, type SlaPolicy } from '../../domain/sla/policy';
import {
  acknowledgeStar,
  isStarred,
  lapseStar,
  raiseStar,
  starUrgencies,
  unstar,
  type StarRequest,
} from '../../domain/star';
import type { TicketEvent } from '../../domain/ticket-events';
import {
  acknowledgeStarUpdate,
  escalateUpdate,
  recheckContactSignal,
  statusQuery,
  ticketEventSignal,
  unstarUpdate,
} from '../definitions';
import type {
  EscalationInput,
  PartnerTicketInput,
  PartnerTicketState,
  PartnerTicketStatus,
} from './types';
import { slaEventActions } from './sla-actions';
import { starMessages } from './star-messages';
import { starView, statusView } from './status-view';

const activities = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const HOUR_MS = 3_600_000;
/** S2: how often an unverified contact is re-checked without being asked. */
const CONTACT_RECHECK_MS = 4 * HOUR_MS;
/** A first-response breach of this long or more requests a STAR (DESIGN.md). */
const STAR_AFTER_BREACH_MS = HOUR_MS;
const SEEN_EVENT_IDS_KEPT = 500;
const CONTINUE_AS_NEW_AFTER_HISTORY_EVENTS = 4000;

function initialState(ticketId: number): PartnerTicketState {
  return {
    ticketId,
    phase: 'intake',
    supportLevel: null,
    impact: 'medium',
    contactStatus: 'not_applicable',
    organizationNotes: null,
    tags: [],
    clocks: [],
    decisions: [],
    starActions: [],
    seenEventIds: [],
    pendingEvents: [],
    eventsSeen: 0,
    generation: 0,
  };
}

/**
 * One partner support ticket, from creation to close (workflow ID `partner-ticket-<ticketId>`):
 * intake and routing, entitlement, SLA clocks that act at their deadlines, and a record of every
 * decision with the rule behind it.
 */
export async function partnerTicket(input: PartnerTicketInput): Promise<PartnerTicketStatus> {
  const state: PartnerTicketState = input.carried ?? initialState(input.ticketId);
  let recheckRequested = false;
  const published: Record<string, string | boolean> = {};

  setHandler(statusQuery, () => statusView(state, Date.now()));
  setHandler(ticketEventSignal, (event: TicketEvent) => {
    // Webhooks arrive at least once and in any order: a redelivered event changes nothing.
    if (event.ticketId !== state.ticketId || state.seenEventIds.includes(event.eventId)) return;
    state.seenEventIds.push(event.eventId);
    if (state.seenEventIds.length > SEEN_EVENT_IDS_KEPT) state.seenEventIds.shift();
    state.eventsSeen += 1;
    state.pendingEvents.push(event);
  });
  setHandler(recheckContactSignal, () => {
    recheckRequested = true;
  });

  // STAR updates change state at once and answer; their side effects run in the main loop.
  const raise = (request: StarRequest): 'raised' | 'coalesced' => {
    const { star, outcome } = raiseStar(state.star, request, Date.now());
    state.star = star;
    state.starActions.push({ type: outcome, at: Date.now(), requestIndex: star.requests.length - 1 });
    return outcome;
  };
  setHandler(
    escalateUpdate,
    (request: EscalationInput) => {
      const outcome = raise({
        reason: request.reason.trim(),
        desiredActions: request.desiredActions.trim(),
        submitter: request.submitter.trim(),
        source: request.source,
        urgency: request.urgency ?? 'timely',
        emergency: request.emergency ?? false,
        requestId: request.requestId,
      });
      return { outcome, star: starView(state.star!) };
    },
    {
      validator: (request: EscalationInput) => {
        if (state.phase === 'closed') throw new Error('The ticket is closed: it cannot be escalated.');
        if (!request.reason?.trim()) throw new Error('An escalation needs a reason.');
        if (!request.desiredActions?.trim()) throw new Error('An escalation needs the desired actions.');
        if (!request.submitter?.trim()) throw new Error('An escalation needs its submitter.');
        if (request.urgency !== undefined && !starUrgencies.includes(request.urgency)) {
          throw new Error(`Urgency must be one of ${starUrgencies.join(', ')}.`);
        }
      },
    },
  );
  setHandler(
    acknowledgeStarUpdate,
    ({ by }: { by: string }) => {
      const before = state.star?.status;
      state.star = acknowledgeStar(state.star, by, Date.now());
      if (before !== 'acknowledged') state.starActions.push({ type: 'acknowledged', at: Date.now() });
      return starView(state.star);
    },
    { validator: ({ by }: { by: string }) => void acknowledgeStar(state.star, by ?? '', Date.now()) },
  );
  setHandler(
    unstarUpdate,
    ({ by, reason }: { by: string; reason: string }) => {
      state.star = unstar(state.star, by, reason, Date.now());
      state.starActions.push({ type: 'unstarred', at: Date.now() });
      return starView(state.star);
    },
    {
      validator: ({ by, reason }: { by: string; reason: string }) =>
        void unstar(state.star, by ?? '', reason ?? '', Date.now()),
    },
  );

  const decide = (rule: string, summary: string): void => {
    state.decisions.push({ rule, summary, at: new Date().toISOString() });
    log.info('decision', { ticketId: state.ticketId, rule, summary });
  };

  const addTags = async (tags: string[]): Promise<void> => {
    const fresh = tags.filter((tag) => !state.tags.includes(tag));
    if (fresh.length === 0) return;
    await activities.addTicketTags({ ticketId: state.ticketId, tags: fresh });
    state.tags.push(...fresh);
  };

  const publishSearchAttributes = (): void => {
    const wanted: Record<string, string | boolean> = {
      TicketId: String(state.ticketId),
      PartnerProgram: state.program ? programLabel[state.program] : 'Unknown',
      SupportLevel:
        state.supportLevel === 'priority'
          ? 'Priority'
          : state.supportLevel === 'standard'
            ? 'Standard'
            : 'None',
      SlaState: ticketSlaState(state.clocks),
      Starred: isStarred(state.star),
    };
    if (Object.entries(wanted).every(([key, value]) => published[key] === value)) return;
    upsertSearchAttributes([
      { key: TicketIdAttribute, value: wanted.TicketId as string },
      { key: PartnerProgramAttribute, value: wanted.PartnerProgram as string },
      { key: SupportLevelAttribute, value: wanted.SupportLevel as string },
      { key: SlaStateAttribute, value: wanted.SlaState as string },
      { key: StarredAttribute, value: wanted.Starred as boolean },
    ]);
    Object.assign(published, wanted);
  };

  const policy = (): SlaPolicy => {
    if (!state.policy) throw new Error('SLA policy not loaded');
    return state.policy;
  };

  const clockSpec = (kind: ClockKind) => {
    const level = state.supportLevel ?? 'standard';
    const target = policy().targets[level][kind][state.impact];
    return {
      kind,
      targetMs: target.targetMs,
      calendar: policy().calendars[target.calendar],
      warningAtFraction: policy().warningAtFraction,
    };
  };

  const calendarOf = (clock: SlaClock) => policy().calendars[clock.calendar];

  const actOnClockEvents = async (clock: SlaClock, events: ClockEvent[]): Promise<void> => {
    // A clock found already past its deadline (a ticket older than the service, or a long
    // outage) breaches at once: a warning alongside the breach is noise for the on-call manager.
    const breached = events.some((event) => event.type === 'breach');
    const skipWarnings = breached && patched('sla-no-warning-with-breach');
    for (const event of events) {
      if (skipWarnings && event.type === 'warning') continue;
      const action = slaEventActions(state, clock, event);
      decide('SLA', action.note);
      await addTags([action.tag]);
      await activities.addInternalNote({
        ticketId: state.ticketId,
        idempotencyKey: action.key,
        body: action.note,
      });
      await activities.sendSupportAlert({
        ticketId: state.ticketId,
        idempotencyKey: action.key,
        text: action.alert,
      });
    }
  };

  /** Replaces clock i and acts on the warnings/breaches the change surfaced. */
  const updateClock = async (
    index: number,
    result: { clock: SlaClock; events: ClockEvent[] },
  ): Promise<void> => {
    state.clocks[index] = result.clock;
    await actOnClockEvents(result.clock, result.events);
  };

  const advanceClocks = async (now: number): Promise<void> => {
    for (let i = 0; i < state.clocks.length; i++) await updateClock(i, advanceClock(state.clocks[i], now));
  };

  const startReplyClock = (kind: ClockKind, at: number): void => {
    if (!state.supportLevel) return;
    const clock = startClock(clockSpec(kind), at);
    state.clocks.push(clock);
    decide(
      'SLA',
      `${kind === 'first_reply' ? 'First' : 'Next'} reply due by ${new Date(clock.deadline ?? at).toISOString()}`,
    );
  };

  /** A new level or impact: unmet clocks keep the business time consumed and take the new target. */
  const retargetClocks = async (now: number): Promise<void> => {
    for (let i = 0; i < state.clocks.length; i++) {
      const clock = state.clocks[i];
      if (clock.status !== 'running' && clock.status !== 'paused') continue;
      const wasRunning = clock.status === 'running';
      const paused = pauseClock(clock, now, calendarOf(clock));
      await updateClock(i, paused);
      if (paused.clock.status !== 'paused') continue;
      const spec = clockSpec(clock.kind);
      const retargeted = { ...paused.clock, targetMs: spec.targetMs, calendar: spec.calendar.name };
      state.clocks[i] = wasRunning ? resumeClock(retargeted, now, spec.calendar) : retargeted;
    }
  };

  const applyPlan = async (facts: TicketFacts, plan: IntakePlan, key: string): Promise<void> => {
    state.subject = facts.ticket.subject;
    state.ticketStatus = facts.ticket.status;
    state.program = plan.program;
    state.contactStatus = plan.contactStatus;
    state.requesterEmail = facts.requester.email;
    state.partnerAccountId = isPartner(plan.program) ? (plan.account?.id ?? null) : null;
    state.accountOwnerEmail = plan.account?.owner?.email ?? null;
    state.organizationNotes = plan.organizationNotes;
    state.impact = plan.impact;
    for (const decision of plan.decisions) decide(decision.rule, decision.summary);

    if (plan.routing) {
      await activities.routeTicket({
        ticketId: state.ticketId,
        formId: plan.routing.formId,
        groupId: plan.routing.groupId,
      });
    }
    await addTags(plan.tags);
    await activities.addInternalNote({
      ticketId: state.ticketId,
      idempotencyKey: key,
      body: triageNote(plan.decisions),
    });
  };

  const gatherAndPlan = async (): Promise<{
    facts: TicketFacts;
    plan: IntakePlan;
    contract: ZendeskRoutingContract;
  }> => {
    const { facts, contract } = await activities.gatherIntakeFacts(state.ticketId);
    return { facts, contract, plan: planIntake(facts, contract) };
  };

  const intake = async (): Promise<void> => {
    state.policy = await activities.loadSlaPolicy();
    const { facts, plan } = await gatherAndPlan();
    await applyPlan(facts, plan, `triage-${state.ticketId}`);

    if (plan.organizationNotes && isPartner(plan.program)) {
      await activities.addInternalNote({
        ticketId: state.ticketId,
        idempotencyKey: `a3-notes-${state.ticketId}`,
        body: `A3 — organization notes for ${facts.organization?.name ?? 'this partner'}:\n\n${plan.organizationNotes}`,
      });
    }
    if (plan.contactStatus === 'missing' || plan.contactStatus === 'wrong_account') {
      await notifyOwnerOfUnverifiedContact(plan);
      state.nextContactCheckAt = Date.now() + CONTACT_RECHECK_MS;
    }

    if (plan.entitlement.kind === 'no_support_nfr') {
      await activities.addPublicComment({
        ticketId: state.ticketId,
        idempotencyKey: `a4-policy-${state.ticketId}`,
        body: 'Thank you for contacting GitLab Support. GitLab provides no support for NFR software issued to Alliance Partners, so we are closing this request. For questions about your NFR licence, please contact your GitLab Alliance partner manager.',
      });
      await activities.solveTicket({ ticketId: state.ticketId });
      state.phase = 'solved';
      return;
    }
    if (plan.entitlement.kind === 'ask_situation') {
      await askForSituation();
      return;
    }
    state.supportLevel = plan.supportLevel;
    state.phase = 'open';
    startReplyClock('first_reply', Math.min(Date.parse(facts.ticket.createdAt), Date.now()));
  };

  const askForSituation = async (): Promise<void> => {
    state.phase = 'awaiting_situation';
    await activities.addPublicComment({
      ticketId: state.ticketId,
      idempotencyKey: `s6-ask-${state.ticketId}`,
      body: [
        'Thank you for your ticket. So that we can give you the right level of support, please tell us the situation under which it is raised (set "Partner situation" on the ticket, or reply):',
        "1. You are raising a concern brought to you by your customer (Priority support, whatever the customer's subscription);",
        '2. You are doing commercial work for a customer (support per the subscription you purchased);',
        '3. Internal training, testing or knowledge building (support per your NFR licence).',
      ].join('\n'),
    });
  };

  const notifyOwnerOfUnverifiedContact = async (plan: IntakePlan): Promise<void> => {
    const owner = plan.account?.owner?.email;
    if (!owner) {
      decide('S2', 'No account owner on record to notify');
      return;
    }
    await activities.notifyAccountOwner({
      ticketId: state.ticketId,
      idempotencyKey: `s2-owner-${state.ticketId}`,
      ownerEmail: owner,
      text: `Ticket #${state.ticketId}: ${state.requesterEmail} submitted a ${programLabel[plan.program]} Partner ticket but ${
        plan.contactStatus === 'missing' ? 'has no Contact in Salesforce' : 'is a Contact on another account'
      }. Please add or move the Contact to ${plan.account?.name ?? 'the partner account'}.`,
    });
  };

  /** S6 answered, or S2 verified: classify again from fresh facts. */
  const reclassify = async (reason: string): Promise<void> => {
    const { facts, plan } = await gatherAndPlan();
    const before = state.supportLevel;
    if (plan.entitlement.kind === 'ask_situation') return;
    decide(plan.entitlement.rule, `Re-classified (${reason}): ${plan.entitlement.reason}`);
    await applyPlan(facts, plan, `triage-${state.ticketId}-${state.decisions.length}`);
    if (plan.entitlement.kind === 'no_support_nfr') return;
    state.supportLevel = plan.supportLevel;
    if (state.phase === 'awaiting_situation') {
      state.phase = 'open';
      startReplyClock('first_reply', Date.now());
    } else if (before !== state.supportLevel) {
      await retargetClocks(Date.now());
    }
  };

  const recheckContact = async (): Promise<void> => {
    if (!state.requesterEmail || !state.partnerAccountId) return;
    const status = await activities.verifyContact({
      email: state.requesterEmail,
      accountId: state.partnerAccountId,
    });
    if (status === 'verified') {
      state.contactStatus = 'verified';
      state.nextContactCheckAt = undefined;
      decide('S2', `Contact verified: ${state.requesterEmail} is now on the partner's account`);
      await addTags(['s2_contact_verified']);
      await reclassify('S2 contact verified');
    } else {
      state.nextContactCheckAt = Date.now() + CONTACT_RECHECK_MS;
    }
  };

  const unmetClockIndex = (kinds: ClockKind[]): number[] =>
    state.clocks
      .map((clock, index) => ({ clock, index }))
      .filter(({ clock }) => kinds.includes(clock.kind) && clock.metAt === undefined)
      .map(({ index }) => index);

  const handleEvent = async (event: TicketEvent): Promise<void> => {
    const now = Date.now();
    const at = Math.min(Date.parse(event.occurredAt) || now, now);
    switch (event.type) {
      case 'comment.public':
        if (event.actor === 'agent') {
          for (const i of unmetClockIndex(['first_reply', 'next_reply']))
            await updateClock(i, satisfyClock(state.clocks[i], at));
        } else if (event.actor === 'end_user') {
          if (state.phase === 'awaiting_situation') {
            await reclassify('S6 situation answered');
          } else if (
            state.phase === 'open' &&
            state.clocks.length > 0 &&
            unmetClockIndex(['first_reply', 'next_reply']).length === 0
          ) {
            startReplyClock('next_reply', at);
          }
        }
        return;
      case 'status.changed':
        await applyStatus(event, at);
        return;
      case 'impact.changed':
        if (
          event.impact &&
          (impacts as readonly string[]).includes(event.impact) &&
          event.impact !== state.impact
        ) {
          state.impact = event.impact as Impact;
          decide('SLA', `Impact changed to ${state.impact}: clocks re-targeted`);
          await retargetClocks(now);
        }
        return;
      case 'ticket.solved':
        await applyStatus({ ...event, status: 'solved' }, at);
        return;
      case 'ticket.closed':
        await applyStatus({ ...event, status: 'closed' }, at);
        return;
      default:
        return;
    }
  };

  const applyStatus = async (event: TicketEvent, at: number): Promise<void> => {
    // An older status change delivered late must not undo a newer one.
    if (state.lastStatusChangeAt && event.occurredAt < state.lastStatusChangeAt) {
      log.info('stale status change ignored', { eventId: event.eventId });
      return;
    }
    state.lastStatusChangeAt = event.occurredAt;
    state.ticketStatus = event.status;
    switch (event.status) {
      case 'pending':
      case 'hold':
        // Waiting on the requester: next-reply clocks stop counting.
        for (const i of unmetClockIndex(['next_reply'])) {
          await updateClock(i, pauseClock(state.clocks[i], at, calendarOf(state.clocks[i])));
        }
        return;
      case 'new':
      case 'open':
        for (const i of unmetClockIndex(['next_reply']))
          state.clocks[i] = resumeClock(state.clocks[i], at, calendarOf(state.clocks[i]));
        if (state.phase === 'solved') state.phase = 'open';
        return;
      case 'solved':
        for (const i of unmetClockIndex(['first_reply', 'next_reply']))
          await updateClock(i, satisfyClock(state.clocks[i], at));
        if (state.phase !== 'awaiting_situation') state.phase = 'solved';
        return;
      case 'closed':
        for (const i of unmetClockIndex(['first_reply', 'next_reply']))
          await updateClock(i, satisfyClock(state.clocks[i], at));
        state.phase = 'closed';
        return;
      default:
        return;
    }
  };

  const starCheckAt = (): number | undefined => {
    if (state.star) return undefined;
    const first = state.clocks.find((c) => c.kind === 'first_reply');
    if (!first || first.status !== 'breached' || first.metAt !== undefined || first.breachedAt === undefined)
      return undefined;
    return first.breachedAt + STAR_AFTER_BREACH_MS;
  };

  /** A first-response breach of an hour or more raises a STAR by itself. */
  const checkBreachStar = (now: number): void => {
    const due = starCheckAt();
    if (due === undefined || now < due) return;
    const reason = `First response more than ${STAR_AFTER_BREACH_MS / 60_000} minutes past its target`;
    decide('STAR', `STAR raised automatically: ${reason}`);
    raise({
      reason,
      desiredActions: 'Assign an engineer and send the first response now',
      submitter: 'Partner Support Orchestrator',
      source: 'sla_breach',
      urgency: state.impact === 'emergency' ? 'urgent' : 'timely',
      emergency: false,
    });
  };

  const checkStarLapse = (now: number): void => {
    if (!state.star) return;
    const { star, lapsed } = lapseStar(state.star, now);
    if (!lapsed) return;
    state.star = star;
    state.starActions.push({ type: 'lapsed', at: now });
  };

  const performStarActions = async (): Promise<void> => {
    while (state.starActions.length > 0 && state.star) {
      const action = state.starActions[0];
      const key = `star-${action.type}-${action.at}-${action.requestIndex ?? 0}`;
      const { note, alert } = starMessages(state.ticketId, state.subject, state.star, action);
      if (action.type === 'raised') {
        decide('STAR', `STAR raised (${state.star.urgency}${state.star.emergency ? ', emergency' : ''})`);
        await activities.addTicketTags({ ticketId: state.ticketId, tags: ['star'] });
        if (!state.tags.includes('star')) state.tags.push('star');
        if (state.star.emergency)
          await activities.setTicketPriority({ ticketId: state.ticketId, priority: 'urgent' });
      } else if (action.type === 'coalesced') {
        decide('STAR', 'Escalation request joined the STAR already raised');
        if (state.star.emergency)
          await activities.setTicketPriority({ ticketId: state.ticketId, priority: 'urgent' });
      } else if (action.type === 'unstarred') {
        decide('STAR', `STAR removed: ${state.star.unstarReason}`);
        await activities.removeTicketTags({ ticketId: state.ticketId, tags: ['star'] });
        state.tags = state.tags.filter((tag) => tag !== 'star');
      } else if (action.type === 'acknowledged') {
        decide('STAR', `STAR acknowledged by ${state.star.acknowledgedBy}`);
      } else {
        decide('STAR', `STAR acknowledgement lapsed: escalated to level ${state.star.escalationLevel}`);
      }
      await activities.addInternalNote({ ticketId: state.ticketId, idempotencyKey: key, body: note });
      if (alert)
        await activities.sendSupportAlert({ ticketId: state.ticketId, idempotencyKey: key, text: alert });
      state.starActions.shift();
    }
  };

  const nextWakeUp = (): number | undefined => {
    const instants = [
      ...state.clocks.map(nextClockInstant),
      starCheckAt(),
      state.star?.status === 'raised' ? state.star.acknowledgeBy : undefined,
      state.contactStatus === 'missing' || state.contactStatus === 'wrong_account'
        ? state.nextContactCheckAt
        : undefined,
    ].filter((t): t is number => t !== undefined);
    return instants.length > 0 ? Math.min(...instants) : undefined;
  };

  // --- the lifecycle ------------------------------------------------------------------------
  publishSearchAttributes();
  if (state.phase === 'intake') await intake();
  publishSearchAttributes();

  const closed = (): boolean => state.phase === 'closed';
  while (!closed()) {
    const wakeAt = nextWakeUp();
    const ready = (): boolean =>
      state.pendingEvents.length > 0 || state.starActions.length > 0 || recheckRequested;
    if (wakeAt === undefined) await condition(ready);
    else await condition(ready, Math.max(1, wakeAt - Date.now()));

    const now = Date.now();
    await advanceClocks(now);
    checkBreachStar(now);
    checkStarLapse(now);
    await performStarActions();
    if (recheckRequested || (state.nextContactCheckAt !== undefined && now >= state.nextContactCheckAt)) {
      recheckRequested = false;
      if (state.contactStatus === 'missing' || state.contactStatus === 'wrong_account')
        await recheckContact();
    }
    // Apply what arrived in the order it happened, not the order it was delivered.
    state.pendingEvents.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    while (state.pendingEvents.length > 0 && !closed()) {
      const event = state.pendingEvents.shift() as TicketEvent;
      await handleEvent(event);
    }
    await performStarActions();
    publishSearchAttributes();

    const info = workflowInfo();
    if (
      !closed() &&
      (info.continueAsNewSuggested ||
        info.historyLength > (input.continueAsNewAfter ?? CONTINUE_AS_NEW_AFTER_HISTORY_EVENTS))
    ) {
      await condition(allHandlersFinished);
      state.generation += 1;
      await continueAsNew<typeof partnerTicket>({
        ticketId: state.ticketId,
        carried: state,
        continueAsNewAfter: input.continueAsNewAfter,
      });
    }
  }
  publishSearchAttributes();
  return statusView(state, Date.now());
}
