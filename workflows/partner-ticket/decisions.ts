import type { Decision, PartnerTicketState } from './types';

/** The decisions the status shows; older ones are counted in `decisionCounts` only. */
export const DECISIONS_KEPT = 100;

/**
 * Records a decision: the recent window grows to `DECISIONS_KEPT` and then drops its oldest, the
 * counts by rule keep the whole story, so a ticket open for months stays small to carry.
 */
export function recordDecision(state: PartnerTicketState, decision: Decision): void {
  state.decisions.push(decision);
  if (state.decisions.length > DECISIONS_KEPT)
    state.decisions.splice(0, state.decisions.length - DECISIONS_KEPT);
  state.decisionCounts[decision.rule] = (state.decisionCounts[decision.rule] ?? 0) + 1;
}
