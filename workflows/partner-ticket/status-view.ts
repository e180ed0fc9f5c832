import { consumedAt, nextClockInstant, ticketSlaState } from '../../domain/sla/clock';
import { describeDuration } from '../../domain/sla/duration';
import type { SlaPolicy } from '../../domain/sla/policy';
import { isStarred, type Star } from '../../domain/star';
import type { ClockView, PartnerTicketState, PartnerTicketStatus, StarView } from './types';

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** The `status` query's answer: the state, with clocks and the next deadline in readable form. */
export function statusView(
  state: PartnerTicketState,
  policy: SlaPolicy | undefined,
  now: number,
): PartnerTicketStatus {
  const clocks: ClockView[] = state.clocks.map((clock) => {
    const calendar = policy?.calendars[clock.calendar];
    const consumedMs = calendar ? consumedAt(clock, now, calendar) : clock.consumedMs;
    return {
      kind: clock.kind,
      targetMs: clock.targetMs,
      consumedMs,
      runningSince: iso(clock.runningSince),
      status: clock.status,
      target: describeDuration(clock.targetMs),
      calendar: clock.calendar,
      startedAt: iso(clock.startedAt) ?? '',
      deadline: iso(clock.deadline),
      warningAt: clock.warned ? undefined : iso(clock.warningAt),
      warned: clock.warned,
      breachedAt: iso(clock.breachedAt),
      metAt: iso(clock.metAt),
      consumedMinutes: Math.floor(consumedMs / 60_000),
    };
  });
  let nextDeadline: PartnerTicketStatus['nextDeadline'];
  for (const clock of state.clocks) {
    const at = nextClockInstant(clock);
    if (at === undefined || (nextDeadline && Date.parse(nextDeadline.at) <= at)) continue;
    nextDeadline = {
      kind: clock.kind,
      type: at === clock.deadline ? 'breach' : 'warning',
      at: new Date(at).toISOString(),
    };
  }
  return {
    ticketId: state.ticketId,
    asOf: new Date(now).toISOString(),
    policyVersion: state.policyVersion,
    phase: state.phase,
    subject: state.subject,
    ticketStatus: state.ticketStatus,
    program: state.program,
    supportLevel: state.supportLevel,
    impact: state.impact,
    contactStatus: state.contactStatus,
    slaState: ticketSlaState(state.clocks),
    clocks,
    nextDeadline,
    decisions: [...state.decisions],
    decisionCounts: { ...state.decisionCounts },
    organizationNotes: state.organizationNotes,
    tags: [...state.tags],
    starred: isStarred(state.star),
    star: state.star ? starView(state.star) : undefined,
    eventsSeen: state.eventsSeen,
    pendingEvents: state.pendingEvents.length,
    pendingEffects: state.effects.length,
    generation: state.generation,
    ...(state.uploader
      ? {
          uploader: {
            sequence: state.uploader.sequence,
            expiresAt: new Date(state.uploader.expiresAt).toISOString(),
          },
        }
      : {}),
    ...(state.uploads?.length
      ? {
          uploads: state.uploads.map((u) => ({
            key: u.key,
            name: u.name,
            size: u.size,
            sha256: u.sha256,
            at: new Date(u.at).toISOString(),
          })),
        }
      : {}),
  };
}

export function starView(star: Star): StarView {
  return {
    status: star.status,
    urgency: star.urgency,
    emergency: star.emergency,
    raisedAt: new Date(star.raisedAt).toISOString(),
    acknowledgeBy: iso(star.acknowledgeBy),
    escalationLevel: star.escalationLevel,
    acknowledgedBy: star.acknowledgedBy,
    unstarReason: star.unstarReason,
    requests: star.requests.map((r) => ({
      at: new Date(r.at).toISOString(),
      submitter: r.submitter,
      source: r.source,
      reason: r.reason,
      desiredActions: r.desiredActions,
      requestId: r.requestId,
    })),
  };
}
