import { describeDuration } from '../../domain/sla/duration';
import type { ClockEvent, SlaClock } from '../../domain/sla/clock';
import type { PartnerTicketState } from './types';

const clockLabel = { first_reply: 'first reply', next_reply: 'next reply' } as const;

function levelLabel(state: PartnerTicketState): string {
  return state.supportLevel === 'priority' ? 'Priority' : 'Standard';
}

/** The internal note, Slack alert and tag for a warning or breach, with keys that make each write once. */
export function slaEventActions(state: PartnerTicketState, clock: SlaClock, event: ClockEvent) {
  const what = `${levelLabel(state)} ${clockLabel[clock.kind]} target (${describeDuration(clock.targetMs)}, ${clock.calendar}, impact ${state.impact})`;
  const key = `sla-${event.type}-${clock.kind}-${clock.startedAt}`;
  const at = new Date(event.at).toISOString();
  if (event.type === 'warning') {
    return {
      key,
      tag: 'sla_warning',
      note: `SLA warning: the ${what} is due ${clock.deadline ? new Date(clock.deadline).toISOString() : 'soon'}; ${Math.round(clock.warningAtFraction * 100)}% of it has elapsed.`,
      alert: `:warning: SLA warning on ticket #${state.ticketId} "${state.subject ?? ''}": ${what} due ${clock.deadline ? new Date(clock.deadline).toISOString() : 'soon'}.`,
    };
  }
  return {
    key,
    tag: 'sla_breached',
    note: `SLA breach: the ${what} was breached at ${at}.`,
    alert: `:rotating_light: SLA breach on ticket #${state.ticketId} "${state.subject ?? ''}": ${what} breached at ${at}.`,
  };
}
