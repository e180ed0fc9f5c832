import { ticketSlaState } from '../../domain/sla/clock';
import { describeDuration } from '../../domain/sla/duration';
import { isStarred } from '../../domain/star';
import type { PartnerTicketState } from './types';

const RECENT_DECISIONS_SHOWN = 5;
const clockLabel = { first_reply: 'First reply', next_reply: 'Next reply' } as const;
const utc = (ms: number | undefined): string =>
  ms === undefined ? '—' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
/** Table cells and list items stay on one line and keep their pipes literal. */
const cell = (text: string): string => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');

/**
 * The ticket's card in the Temporal UI (the workflow's current details, Markdown): phase, SLA,
 * clocks and deadlines, STAR, pending writes and the last decisions, so that a support manager
 * reads the ticket's state without decoding its history.
 */
export function ticketDetailsCard(state: PartnerTicketState): string {
  const lines = [
    `### Ticket #${state.ticketId}${state.subject ? ` — ${cell(state.subject)}` : ''}`,
    `**Phase** ${state.phase} · **Program** ${state.program ?? 'unknown'} · **Support** ${state.supportLevel ?? 'none'} · **Impact** ${state.impact} · **SLA** ${ticketSlaState(state.clocks)}`,
  ];
  if (state.clocks.length > 0) {
    lines.push('', '| clock | target | status | deadline |', '| --- | --- | --- | --- |');
    for (const clock of state.clocks) {
      const when = clock.metAt ?? clock.breachedAt ?? clock.deadline;
      lines.push(
        `| ${clockLabel[clock.kind]} | ${describeDuration(clock.targetMs)} ${clock.calendar} | ${clock.status}${clock.warned && clock.status === 'running' ? ' (warned)' : ''} | ${utc(when)} |`,
      );
    }
  }
  const star = state.star;
  lines.push(
    '',
    star && isStarred(star)
      ? `**STAR** ${star.status} (${star.urgency}${star.emergency ? ', emergency' : ''}, level ${star.escalationLevel})${star.status === 'raised' ? `, acknowledge by ${utc(star.acknowledgeBy)}` : ''}`
      : '**STAR** none',
  );
  if (state.effects.length > 0) lines.push(`**Writes in progress** ${state.effects.length} (Zendesk, Slack)`);
  const recent = state.decisions.slice(-RECENT_DECISIONS_SHOWN);
  if (recent.length > 0) {
    lines.push('', '**Recent decisions**');
    for (const decision of recent) lines.push(`- \`${decision.rule}\` ${cell(decision.summary)}`);
  }
  return lines.join('\n');
}
