import { setHandler } from '@temporalio/workflow';
import {
  acknowledgeStar,
  lapseStar,
  raiseStar,
  STAR_AFTER_BREACH_MS,
  starSources,
  starUrgencies,
  unstar,
  type StarRequest,
} from '../../domain/star';
import {
  acknowledgeStarSignal,
  acknowledgeStarUpdate,
  escalateSignal,
  escalateUpdate,
  unstarSignal,
  unstarUpdate,
} from '../definitions';
import { decide, enqueueEffect, isTerminal, type TicketContext } from './context';
import { starMessages } from './messages';
import { starView } from './status-view';
import type { EscalationInput, PartnerTicketState } from './types';

/** STAR updates change state at once and answer; their side effects follow in `performStarActions`. */
function raise(ctx: TicketContext, request: StarRequest): 'raised' | 'coalesced' {
  const { state } = ctx;
  const { star, outcome } = raiseStar(state.star, request, Date.now());
  state.star = star;
  state.starActions.push({ type: outcome, at: Date.now(), requestIndex: star.requests.length - 1 });
  return outcome;
}

function validateEscalation(state: PartnerTicketState, request: EscalationInput): void {
  if (!request || typeof request !== 'object') throw new Error('An escalation needs its fields.');
  if (state.phase === 'closed') throw new Error('The ticket is closed: it cannot be escalated.');
  if (state.phase === 'deleted')
    throw new Error('The ticket was deleted in Zendesk: it cannot be escalated.');
  if (!textOf(request.reason).trim()) throw new Error('An escalation needs a reason.');
  if (!textOf(request.desiredActions).trim()) throw new Error('An escalation needs the desired actions.');
  if (!textOf(request.submitter).trim()) throw new Error('An escalation needs its submitter.');
  if (!starSources.includes(request.source))
    throw new Error(`Source must be one of ${starSources.join(', ')}.`);
  if (request.emergency !== undefined && typeof request.emergency !== 'boolean')
    throw new Error('Emergency must be true or false.');
  if (request.urgency !== undefined && !starUrgencies.includes(request.urgency)) {
    throw new Error(`Urgency must be one of ${starUrgencies.join(', ')}.`);
  }
}

function escalate(ctx: TicketContext, request: EscalationInput) {
  const outcome = raise(ctx, {
    reason: request.reason.trim(),
    desiredActions: request.desiredActions.trim(),
    submitter: request.submitter.trim(),
    source: request.source,
    urgency: request.urgency ?? 'timely',
    emergency: request.emergency ?? false,
    requestId: request.requestId,
  });
  return { outcome, star: starView(ctx.state.star!) };
}

function acknowledge(ctx: TicketContext, by: string) {
  const { state } = ctx;
  const before = state.star?.status;
  state.star = acknowledgeStar(state.star, by, Date.now());
  if (before !== 'acknowledged') state.starActions.push({ type: 'acknowledged', at: Date.now() });
  return starView(state.star);
}

function removeStar(ctx: TicketContext, by: string, reason: string) {
  const { state } = ctx;
  state.star = unstar(state.star, by, reason, Date.now());
  state.starActions.push({ type: 'unstarred', at: Date.now() });
  return starView(state.star);
}

/** A signal has no caller to answer: what the update would refuse is recorded instead. */
function signalled(ctx: TicketContext, what: string, act: () => unknown): void {
  try {
    act();
  } catch (err) {
    decide(ctx, 'STAR', `${what} by signal refused: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function registerStarHandlers(ctx: TicketContext): void {
  const { state } = ctx;
  const validateAcknowledge = (by: unknown) => void acknowledgeStar(state.star, textOf(by), Date.now());
  const validateUnstar = (by: unknown, reason: unknown) =>
    void unstar(state.star, textOf(by), textOf(reason), Date.now());

  setHandler(escalateUpdate, (request: EscalationInput) => escalate(ctx, request), {
    validator: (request: EscalationInput) => validateEscalation(state, request),
  });
  setHandler(acknowledgeStarUpdate, ({ by }: { by: string }) => acknowledge(ctx, by), {
    validator: ({ by }: { by: string }) => validateAcknowledge(by),
  });
  setHandler(unstarUpdate, ({ by, reason }: { by: string; reason: string }) => removeStar(ctx, by, reason), {
    validator: ({ by, reason }: { by: string; reason: string }) => validateUnstar(by, reason),
  });

  setHandler(escalateSignal, (request: EscalationInput) =>
    signalled(ctx, 'Escalation', () => {
      const given = { ...request, source: request?.source ?? 'temporal_ui' };
      validateEscalation(state, given);
      escalate(ctx, given);
    }),
  );
  setHandler(acknowledgeStarSignal, (input: { by: string }) =>
    signalled(ctx, 'Acknowledgement', () => acknowledge(ctx, textOf(input?.by))),
  );
  setHandler(unstarSignal, (input: { by: string; reason: string }) =>
    signalled(ctx, 'Unstarring', () => {
      validateUnstar(input?.by, input?.reason);
      removeStar(ctx, textOf(input?.by), textOf(input?.reason));
    }),
  );
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** When an unmet first-response breach has lasted long enough to raise a STAR by itself. */
export function breachStarDueAt(state: PartnerTicketState): number | undefined {
  if (state.star) return undefined;
  const first = state.clocks.find((c) => c.kind === 'first_reply');
  if (!first || first.status !== 'breached' || first.metAt !== undefined || first.breachedAt === undefined)
    return undefined;
  return first.breachedAt + STAR_AFTER_BREACH_MS;
}

/** A first-response breach of an hour or more raises a STAR by itself. */
export function checkBreachStar(ctx: TicketContext, now: number): void {
  const due = breachStarDueAt(ctx.state);
  if (due === undefined || now < due || isTerminal(ctx.state)) return;
  const reason = `First response more than ${STAR_AFTER_BREACH_MS / 60_000} minutes past its target`;
  decide(ctx, 'STAR', `STAR raised automatically: ${reason}`);
  raise(ctx, {
    reason,
    desiredActions: 'Assign an engineer and send the first response now',
    submitter: 'Partner Support Orchestrator',
    source: 'sla_breach',
    urgency: ctx.state.impact === 'emergency' ? 'urgent' : 'timely',
    emergency: false,
  });
}

export function checkStarLapse(ctx: TicketContext, now: number): void {
  const { state } = ctx;
  if (!state.star) return;
  const { star, lapsed } = lapseStar(state.star, now);
  if (!lapsed) return;
  state.star = star;
  state.starActions.push({ type: 'lapsed', at: now });
}

/** Turns the STAR transitions into decisions, tags, notes and alerts. */
export function performStarActions(ctx: TicketContext): void {
  const { state } = ctx;
  while (state.starActions.length > 0 && state.star) {
    const action = state.starActions.shift()!;
    const star = state.star;
    const key = `star-${action.type}-${action.at}-${action.requestIndex ?? 0}`;
    const { note, alert } = starMessages(state.ticketId, state.subject, star, action);
    if (action.type === 'raised') {
      decide(ctx, 'STAR', `STAR raised (${star.urgency}${star.emergency ? ', emergency' : ''})`);
      // Always written: an earlier STAR's tag may have been removed by hand.
      enqueueEffect(ctx, { kind: 'addTags', tags: ['star'] });
      if (!state.tags.includes('star')) state.tags.push('star');
      if (star.emergency) enqueueEffect(ctx, { kind: 'setPriority', priority: 'urgent' });
    } else if (action.type === 'coalesced') {
      decide(ctx, 'STAR', 'Escalation request joined the STAR already raised');
      if (star.emergency) enqueueEffect(ctx, { kind: 'setPriority', priority: 'urgent' });
    } else if (action.type === 'unstarred') {
      decide(ctx, 'STAR', `STAR removed: ${star.unstarReason}`);
      enqueueEffect(ctx, { kind: 'removeTags', tags: ['star'] });
      state.tags = state.tags.filter((tag) => tag !== 'star');
    } else if (action.type === 'acknowledged') {
      decide(ctx, 'STAR', `STAR acknowledged by ${star.acknowledgedBy}`);
    } else {
      decide(ctx, 'STAR', `STAR acknowledgement lapsed: escalated to level ${star.escalationLevel}`);
    }
    enqueueEffect(ctx, { kind: 'internalNote', key, body: note });
    if (alert) enqueueEffect(ctx, { kind: 'alert', key, text: alert });
  }
}
