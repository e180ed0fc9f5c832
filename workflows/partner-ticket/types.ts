import type { ZendeskTicketWrite } from '../../activities/lifecycle-contract';
import type { ContactStatus } from '../../domain/intake';
import type { Program } from '../../domain/programs';
import type { Impact, SupportLevel } from '../../domain/sla/policy';
import type { SlaClock, TicketSlaState } from '../../domain/sla/clock';
import type { Star, StarSource, StarUrgency } from '../../domain/star';
import type { TicketEvent } from '../../domain/ticket-events';
import type { SupportUpload, UploaderRequest, UploaderState } from './uploader-types';

export type SlaState = TicketSlaState;
export type TicketPhase = 'intake' | 'awaiting_situation' | 'open' | 'solved' | 'closed' | 'deleted';

/**
 * A write to Zendesk or Slack the lifecycle has decided on. Effects wait in the state, in order,
 * and run in the background, so that clocks never wait behind a retrying side effect; each
 * carries what makes its retry harmless (an idempotency key, or set semantics for tags).
 */
export type TicketEffect =
  | ZendeskTicketWrite
  | { kind: 'alert'; key: string; text: string }
  | { kind: 'notifyOwner'; key: string; ownerEmail: string; text: string };

/** A public comment on the ticket, as the reply clocks follow it (epoch ms). */
export interface PublicComment {
  by: 'agent' | 'end_user';
  at: number;
}

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

export interface EscalationInput {
  reason: string;
  desiredActions: string;
  submitter: string;
  source: StarSource;
  urgency?: StarUrgency;
  emergency?: boolean;
  requestId?: string;
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
  /** The recent public comments in the order written (bounded), for webhooks delivered late. */
  comments?: PublicComment[];
  /** The recent status changes in the order made (bounded), late ones too: the status at a comment's instant. */
  statusChanges?: Array<{ status: string; at: number }>;
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
  /** A5: partner file retrievals started from this ticket (child workflows `file-retrieval-<id>-<n>`). */
  fileRetrievals?: number;
  /** Retention: when the ticket's files were deleted from the support bucket (epoch ms). */
  filesDeletedAt?: number;
  /** S5: the current Support Uploader, if one was issued. */
  uploader?: UploaderState;
  /** S5: every file received through the uploader (key, size, SHA-256), oldest first. */
  uploads: SupportUpload[];
  /** S5: uploads reported (the page's callback, the backstop listing) and not yet recorded. */
  pendingUploadKeys: string[];
  /** S5: requests for an uploader waiting for the uploader loop. */
  uploaderRequests: UploaderRequest[];
  /** S5: the 20 MB rule issues an uploader by itself once per ticket. */
  uploaderAutoIssued?: boolean;
}

/** A5: an agent asks for the partner's files (API, CLI). The partner's own Account is always used. */
export interface FileRetrievalRequest {
  requestedBy: string;
  /** Narrows the partner's prefix (relative to it); never widens it. */
  prefix?: string;
  maxObjects?: number;
  maxBytes?: number;
}

export interface FileRetrievalStarted {
  workflowId: string;
  runId: string;
  /** n in `file-retrieval-<ticketId>-<n>`. */
  retrieval: number;
}

export interface PartnerTicketInput {
  ticketId: number;
  /** State carried over by continue-as-new. */
  carried?: PartnerTicketState;
  /** History length after which the run continues as new (tests set it low). */
  continueAsNewAfter?: number;
}

export type {
  ClockView,
  EscalationResult,
  PartnerTicketOutcome,
  PartnerTicketStatus,
  PolicyReloadResult,
  StarView,
  TicketEnding,
} from './views';
