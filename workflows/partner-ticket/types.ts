import type { ContactStatus } from '../../domain/intake';
import type { Program } from '../../domain/programs';
import type { ClockKind, Impact, SupportLevel } from '../../domain/sla/policy';
import type { ClockStatus, SlaClock, TicketSlaState } from '../../domain/sla/clock';
import type { Star, StarSource, StarUrgency } from '../../domain/star';
import type { TicketEvent } from '../../domain/ticket-events';

export type SlaState = TicketSlaState;
export type TicketPhase = 'intake' | 'awaiting_situation' | 'open' | 'solved' | 'closed' | 'deleted';

/**
 * A write to Zendesk or Slack the lifecycle has decided on. Effects wait in the state, in order,
 * and run in the background, so that clocks never wait behind a retrying side effect; each
 * carries what makes its retry harmless (an idempotency key, or set semantics for tags).
 */
export type TicketEffect =
  | { kind: 'addTags'; tags: string[] }
  | { kind: 'removeTags'; tags: string[] }
  | { kind: 'route'; formId?: number; groupId?: number }
  | { kind: 'internalNote'; key: string; body: string }
  | { kind: 'publicComment'; key: string; body: string }
  | { kind: 'setPriority'; priority: 'urgent' }
  | { kind: 'solve' }
  | { kind: 'alert'; key: string; text: string }
  | { kind: 'notifyOwner'; key: string; ownerEmail: string; text: string };

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

/** Everything the workflow knows and the next run needs; carried over continue-as-new as it is. */
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
  /** The most recent decisions (a bounded window); `decisionCounts` counts all of them by rule. */
  decisions: Decision[];
  decisionCounts: Record<string, number>;
  star?: Star;
  starActions: StarAction[];
  /** The SLA policy version the clocks run on; the policy itself is loaded by version per run. */
  policyVersion?: string;
  /** The last status change applied (epoch ms), so that an older one arriving late is ignored. */
  lastStatusChangeAt?: number;
  /** Recent event ids, for de-duplication of redelivered webhooks (bounded). */
  seenEventIds: string[];
  pendingEvents: TicketEvent[];
  eventsSeen: number;
  /** Side effects decided and not yet done, oldest first. */
  effects: TicketEffect[];
  /** Failure kinds already alerted, so that a failing system is reported once per ticket. */
  reportedFailures: string[];
  /** S2: a re-check of the contact was asked for (signal, or the periodic timer). */
  contactRecheckRequested: boolean;
  /** When the next periodic S2 contact re-check is due (epoch ms). */
  nextContactCheckAt?: number;
  /** Since when a solved ticket has been quiet (epoch ms); its run ends after the policy's period. */
  solvedQuietSince?: number;
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
  /** Every decision taken, by rule (`decisions` shows the most recent ones). */
  decisionCounts: Record<string, number>;
  organizationNotes: string | null;
  tags: string[];
  starred: boolean;
  /** Side effects waiting to be written (Zendesk or Slack down, or in progress). */
  pendingEffects: number;
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
