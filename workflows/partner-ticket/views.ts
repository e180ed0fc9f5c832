import type { ClockKind } from '../../domain/sla/policy';
import type { ClockStatus } from '../../domain/sla/clock';
import type { Star, StarUrgency } from '../../domain/star';
import type { PartnerTicketState, SlaState } from './types';

/** What clients see of a ticket: the status query, the update answers and the workflow's result. */

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

export interface EscalationResult {
  outcome: 'raised' | 'coalesced';
  star: StarView;
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
export interface PartnerTicketStatus extends Pick<
  PartnerTicketState,
  | 'ticketId'
  | 'policyVersion'
  | 'phase'
  | 'subject'
  | 'ticketStatus'
  | 'program'
  | 'supportLevel'
  | 'impact'
  | 'contactStatus'
  | 'decisions'
  | 'decisionCounts'
  | 'organizationNotes'
  | 'tags'
  | 'eventsSeen'
  | 'generation'
> {
  asOf: string;
  slaState: SlaState;
  clocks: ClockView[];
  nextDeadline?: { kind: ClockKind; type: 'warning' | 'breach'; at: string };
  starred: boolean;
  /** Side effects waiting to be written (Zendesk or Slack down, or in progress). */
  pendingEffects: number;
  star?: StarView;
  pendingEvents: number;
  /** S5: the current Support Uploader (absent: none issued), and the files received through it. */
  uploader?: { sequence: number; expiresAt: string };
  uploads?: Array<{ key: string; name: string; size: number; sha256: string; at: string }>;
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
