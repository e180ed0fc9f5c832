import type { ContactStatus } from '../../domain/intake';
import type { Program } from '../../domain/programs';
import type { ClockKind, Impact, SlaPolicy, SupportLevel } from '../../domain/sla/policy';
import type { ClockStatus, SlaClock, TicketSlaState } from '../../domain/sla/clock';
import type { Star, StarSource, StarUrgency } from '../../domain/star';
import type { TicketEvent } from '../../domain/ticket-events';

export type SlaState = TicketSlaState;
export type TicketPhase = 'intake' | 'awaiting_situation' | 'open' | 'solved' | 'closed';

export interface Decision {
  /** The rule the decision applies, e.g. `S6(a)`, or `SLA` for clock decisions. */
  rule: string;
  summary: string;
  at: string;
}

/** A STAR side effect waiting for the main loop (update handlers only change state). */
export interface StarAction {
  type: 'raised' | 'coalesced' | 'acknowledged' | 'unstarred' | 'lapsed';
  at: number;
  /** Index of the request it concerns, for raised/coalesced. */
  requestIndex?: number;
}

export interface StarView {
  status: Star['status'];
  urgency: StarUrgency;
  emergency: boolean;
  raisedAt: string;
  acknowledgeBy?: string;
  escalationLevel: number;
  acknowledgedBy?: string;
  unstarReason?: string;
  requests: Array<{
    at: string;
    submitter: string;
    source: string;
    reason: string;
    desiredActions: string;
    requestId?: string;
  }>;
}

export interface EscalationInput {
  reason: string;
  desiredActions: string;
  submitter: string;
  source: StarSource;
  urgency?: StarUrgency;
  emergency?: boolean;
  requestId?: string;
}

export interface EscalationResult {
  outcome: 'raised' | 'coalesced';
  star: StarView;
}

/** Everything the workflow knows; carried over continue-as-new as it is. */
export interface PartnerTicketState {
  ticketId: number;
  phase: TicketPhase;
  subject?: string;
  ticketStatus?: string;
  program?: Program;
  supportLevel: SupportLevel | null;
  impact: Impact;
  contactStatus: ContactStatus;
  requesterEmail?: string;
  partnerAccountId?: string | null;
  accountOwnerEmail?: string | null;
  organizationNotes: string | null;
  tags: string[];
  clocks: SlaClock[];
  decisions: Decision[];
  star?: Star;
  starActions: StarAction[];
  policy?: SlaPolicy;
  /** The last status change applied, so that an older one arriving late is ignored. */
  lastStatusChangeAt?: string;
  /** Recent event ids, for de-duplication of redelivered webhooks (bounded). */
  seenEventIds: string[];
  pendingEvents: TicketEvent[];
  eventsSeen: number;
  /** When the next periodic S2 contact re-check is due (epoch ms). */
  nextContactCheckAt?: number;
  /** How many times this run has continued as new. */
  generation: number;
}

export interface PartnerTicketInput {
  ticketId: number;
  /** State carried over by continue-as-new. */
  carried?: PartnerTicketState;
  /** History length after which the run continues as new (tests set it low). */
  continueAsNewAfter?: number;
}

export interface ClockView {
  kind: ClockKind;
  /** Business time allowed, in ms (the `target` text says the same for people). */
  targetMs: number;
  /** Business time consumed up to the status's `asOf`, in ms. */
  consumedMs: number;
  /** While running: when the current running segment began (business time counts from it). */
  runningSince?: string;
  status: ClockStatus;
  target: string;
  calendar: string;
  startedAt: string;
  deadline?: string;
  warningAt?: string;
  warned: boolean;
  breachedAt?: string;
  metAt?: string;
  consumedMinutes: number;
}

/**
 * What the `status` query returns: the whole state, readable. `asOf` is the time of the
 * workflow's last task (a query cannot read the clock): callers compute live remaining time
 * from `asOf`, the deadlines and the calendar with `liveClockTimes` (domain/sla/live-times).
 */
export interface PartnerTicketStatus {
  ticketId: number;
  asOf: string;
  /** The SLA policy version the ticket's clocks run on. */
  policyVersion?: string;
  phase: TicketPhase;
  subject?: string;
  ticketStatus?: string;
  program?: Program;
  supportLevel: SupportLevel | null;
  impact: Impact;
  contactStatus: ContactStatus;
  slaState: SlaState;
  clocks: ClockView[];
  nextDeadline?: { kind: ClockKind; type: 'warning' | 'breach'; at: string };
  decisions: Decision[];
  organizationNotes: string | null;
  tags: string[];
  starred: boolean;
  star?: StarView;
  eventsSeen: number;
  pendingEvents: number;
  generation: number;
}

/** How a ticket's workflow ended. */
export type TicketEnding =
  /** Closed in Zendesk: terminal, its workflow ID never starts a new lifecycle. */
  | 'closed'
  /** Deleted (or marked spam) in Zendesk: terminal. */
  | 'deleted'
  /**
   * Solved and quiet for the policy's `solvedTicketEndsAfter`: the run ended to free resources;
   * a later reopen starts a new run with `carried` as its input state (not a fresh intake).
   */
  | 'dormant';

/** The workflow's result. */
export interface PartnerTicketOutcome extends PartnerTicketStatus {
  ending: TicketEnding;
  /** Only for `dormant`: the state a reopening run continues from. */
  carried?: PartnerTicketState;
}

export interface PolicyReloadResult {
  previousVersion?: string;
  version: string;
  /** Clocks whose deadline moved. */
  retargetedClocks: number;
}
