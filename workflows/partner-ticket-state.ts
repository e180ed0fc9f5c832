export type SlaState = 'none' | 'active' | 'breached' | 'met';
export type TicketPhase = 'intake' | 'open' | 'closed';

export interface Decision {
  /** The rule the decision applies, e.g. `S6(a)`, or `SLA` for clock decisions. */
  rule: string;
  summary: string;
  at: string;
}

export interface PartnerTicketInput {
  ticketId: number;
}

export interface PartnerTicketStatus {
  ticketId: number;
  phase: TicketPhase;
  subject?: string;
  slaState: SlaState;
  firstReplyDeadline?: string;
  decisions: Decision[];
  eventsSeen: number;
}
