import type { PartnerTicketInput, PartnerTicketState } from './types';

export function initialState(ticketId: number): PartnerTicketState {
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
    decisionCounts: {},
    starActions: [],
    seenEventIds: [],
    pendingEvents: [],
    eventsSeen: 0,
    effects: [],
    reportedFailures: [],
    contactRecheckRequested: false,
    generation: 0,
    uploads: [],
    pendingUploadKeys: [],
    uploaderRequests: [],
  };
}

/** The state this run starts from: fresh, or carried (from an older run, with its gaps filled). */
export function startingState(input: PartnerTicketInput): PartnerTicketState {
  const carried = input.carried;
  if (!carried) return initialState(input.ticketId);
  const older = carried as PartnerTicketState & { lastStatusChangeAt?: number | string };
  const counts: Record<string, number> = {};
  for (const decision of carried.decisions) counts[decision.rule] = (counts[decision.rule] ?? 0) + 1;
  return {
    ...initialState(input.ticketId),
    ...carried,
    decisionCounts: carried.decisionCounts ?? counts,
    lastStatusChangeAt:
      typeof older.lastStatusChangeAt === 'string'
        ? Date.parse(older.lastStatusChangeAt)
        : older.lastStatusChangeAt,
  };
}
