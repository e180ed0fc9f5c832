/**
 * STAR (Support Ticket Attention Request) escalations, as pure state transitions: raise once and
 * coalesce later requests, an acknowledgement clock by urgency, escalate further when it lapses,
 * acknowledge, and unstar with a reason.
 */
export const starUrgencies = ['urgent', 'timely', 'not_urgent'] as const;
export type StarUrgency = (typeof starUrgencies)[number];

/** How long a support manager has to acknowledge a STAR (DESIGN.md, STAR urgency). */
export const starAcknowledgeTargetMs: Record<StarUrgency, number> = {
  urgent: 30 * 60_000,
  timely: 60 * 60_000,
  not_urgent: 120 * 60_000,
};

/** A first-response breach of this long or more requests a STAR by itself (DESIGN.md). */
export const STAR_AFTER_BREACH_MS = 60 * 60_000;

export const starUrgencyLabel: Record<StarUrgency, string> = {
  urgent: 'Urgent',
  timely: 'Timely',
  not_urgent: 'Not urgent',
};

export const starSources = ['slack_form', 'api', 'temporal_ui', 'sla_breach'] as const;
export type StarSource = (typeof starSources)[number];

export interface StarRequest {
  reason: string;
  desiredActions: string;
  submitter: string;
  source: StarSource;
  urgency: StarUrgency;
  emergency: boolean;
  /** The request ID as the requester gave it (ticket ID or case number). */
  requestId?: string;
}

export interface Star {
  status: 'raised' | 'acknowledged' | 'unstarred';
  raisedAt: number;
  urgency: StarUrgency;
  emergency: boolean;
  requests: Array<StarRequest & { at: number }>;
  /** While raised: when the acknowledgement is due. */
  acknowledgeBy?: number;
  /** 0 on raise; +1 each time the acknowledgement clock lapses. */
  escalationLevel: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  unstarredAt?: number;
  unstarredBy?: string;
  unstarReason?: string;
}

export class StarRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StarRuleError';
  }
}

const urgencyRank: Record<StarUrgency, number> = { urgent: 0, timely: 1, not_urgent: 2 };

/** An emergency is always Urgent. */
export function effectiveUrgency(request: Pick<StarRequest, 'urgency' | 'emergency'>): StarUrgency {
  return request.emergency ? 'urgent' : request.urgency;
}

export function isStarred(star: Star | undefined): boolean {
  return star !== undefined && star.status !== 'unstarred';
}

export function raiseStar(
  current: Star | undefined,
  request: StarRequest,
  now: number,
): { star: Star; outcome: 'raised' | 'coalesced' } {
  const urgency = effectiveUrgency(request);
  const entry = { ...request, urgency, at: now };
  if (current && isStarred(current)) {
    // A second request joins the STAR already raised; a more urgent one tightens its clock.
    const moreUrgent = urgencyRank[urgency] < urgencyRank[current.urgency];
    const star: Star = {
      ...current,
      requests: [...current.requests, entry],
      emergency: current.emergency || request.emergency,
      urgency: moreUrgent ? urgency : current.urgency,
    };
    if (moreUrgent && star.status === 'raised') {
      star.acknowledgeBy = Math.min(
        current.acknowledgeBy ?? Infinity,
        now + starAcknowledgeTargetMs[urgency],
      );
    }
    return { star, outcome: 'coalesced' };
  }
  return {
    star: {
      status: 'raised',
      raisedAt: now,
      urgency,
      emergency: request.emergency,
      requests: [entry],
      acknowledgeBy: now + starAcknowledgeTargetMs[urgency],
      escalationLevel: 0,
    },
    outcome: 'raised',
  };
}

/** The acknowledgement clock lapsed: escalate one level further and re-arm the clock. */
export function lapseStar(star: Star, now: number): { star: Star; lapsed: boolean } {
  if (star.status !== 'raised' || star.acknowledgeBy === undefined || now < star.acknowledgeBy) {
    return { star, lapsed: false };
  }
  return {
    star: {
      ...star,
      escalationLevel: star.escalationLevel + 1,
      acknowledgeBy: now + starAcknowledgeTargetMs[star.urgency],
    },
    lapsed: true,
  };
}

export function acknowledgeStar(star: Star | undefined, by: string, now: number): Star {
  if (!star || star.status === 'unstarred')
    throw new StarRuleError('The ticket is not starred: there is nothing to acknowledge.');
  if (star.status === 'acknowledged') return star;
  if (!by.trim()) throw new StarRuleError('An acknowledgement needs the name of who acknowledges.');
  return {
    ...star,
    status: 'acknowledged',
    acknowledgedAt: now,
    acknowledgedBy: by.trim(),
    acknowledgeBy: undefined,
  };
}

export function unstar(star: Star | undefined, by: string, reason: string, now: number): Star {
  if (!star || star.status === 'unstarred') throw new StarRuleError('The ticket is not starred.');
  if (!reason.trim()) throw new StarRuleError('Unstarring needs a reason.');
  if (!by.trim()) throw new StarRuleError('Unstarring needs the name of who unstars.');
  return {
    ...star,
    status: 'unstarred',
    unstarredAt: now,
    unstarredBy: by.trim(),
    unstarReason: reason.trim(),
    acknowledgeBy: undefined,
  };
}
