import { describeDuration } from '../../../domain/sla/duration';
import { withLiveClocks, type LiveClock } from '../../../domain/sla/live-status';
import { loadSlaPolicyCatalog } from '../../../domain/sla/policy-catalog';
import { partnerTicketWorkflowId } from '../../../domain/ticket-ids';
import type { partnerTicket } from '../../../workflows';
import { statusQuery } from '../../../workflows/definitions';
import type { PartnerTicketStatus } from '../../../workflows/partner-ticket/types';
import { temporalCall, writeJson, type CliContext } from '../context';
import { renderFields, renderTable, shortTime } from '../table';
import { parseTicketId } from '../ticket-arguments';

/**
 * `partner-support status <ticketId>`: the ticket workflow's `status` query, with each clock's
 * live times now (the query's answer is as of the workflow's last task), on the calendars of the
 * ticket's own policy version.
 */
export async function statusCommand(
  context: CliContext,
  rawTicketId: string,
  options: { json?: boolean },
): Promise<void> {
  const ticketId = parseTicketId(rawTicketId);
  const status = await temporalCall(
    context,
    (client) =>
      client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId)).query(statusQuery),
    `Ticket ${ticketId} has no workflow (no Zendesk event has been received for it).`,
  );
  const live = withLiveClocks(status, loadSlaPolicyCatalog(), Date.now());
  if (options.json) return writeJson(context, live);
  context.stdout.write(formatStatus(live));
}

export type StatusWithLive = ReturnType<typeof withLiveClocks<PartnerTicketStatus>>;

/** Business time left, for the clocks that still count it. */
function remainingText(status: string, live: LiveClock | null): string {
  if (!live || (status !== 'running' && status !== 'paused')) return '-';
  const text = describeDuration(live.remainingMs);
  return status === 'paused' ? `${text} (paused)` : text;
}

/** Wall time to the deadline, or how late the clock is. */
function dueText(live: LiveClock | null): string {
  if (!live || live.untilDeadlineMs === null) return '-';
  return live.untilDeadlineMs >= 0
    ? `in ${describeDuration(live.untilDeadlineMs)}`
    : `${describeDuration(-live.untilDeadlineMs)} ago`;
}

export function formatStatus(status: StatusWithLive): string {
  const next = status.nextDeadline
    ? `${status.nextDeadline.kind} ${status.nextDeadline.type} at ${shortTime(status.nextDeadline.at)}`
    : '-';
  const star = status.star
    ? `${status.star.status}, ${status.star.urgency}${status.star.emergency ? ', emergency' : ''}` +
      (status.star.acknowledgeBy && status.star.status === 'raised'
        ? `, acknowledge by ${shortTime(status.star.acknowledgeBy)}`
        : '') +
      (status.star.escalationLevel > 0 ? `, escalated ${status.star.escalationLevel}x` : '')
    : 'no';
  const sections = [
    `Ticket ${status.ticketId}${status.subject ? ` — ${status.subject}` : ''}\n`,
    renderFields([
      ['Phase', status.phase],
      ['Zendesk status', status.ticketStatus ?? '-'],
      ['Program', status.program ?? 'unknown'],
      ['Support level', status.supportLevel ?? 'none'],
      ['Impact', status.impact],
      ['Contact', status.contactStatus],
      ['SLA', status.slaState],
      ['SLA policy', status.policyVersion ?? '-'],
      ['Next deadline', next],
      ['Starred', star],
      ['Tags', status.tags.length > 0 ? status.tags.join(', ') : '-'],
      ['Events seen', String(status.eventsSeen)],
    ]),
  ];
  if (status.organizationNotes) sections.push(`\nOrganization notes\n  ${status.organizationNotes}\n`);
  if (status.clocks.length > 0) {
    sections.push(
      '\nSLA clocks\n',
      renderTable(
        ['CLOCK', 'STATUS', 'TARGET', 'CALENDAR', 'REMAINING', 'DEADLINE', 'DUE', 'BREACHED', 'MET'],
        status.clocks.map((clock) => [
          clock.kind,
          clock.status,
          clock.target,
          clock.calendar,
          remainingText(clock.status, clock.live),
          shortTime(clock.deadline),
          dueText(clock.live),
          shortTime(clock.breachedAt),
          shortTime(clock.metAt),
        ]),
      ),
    );
  }
  if (status.decisions.length > 0) {
    sections.push(
      '\nDecisions\n',
      renderTable(
        ['AT', 'RULE', 'DECISION'],
        status.decisions.map((decision) => [shortTime(decision.at), decision.rule, decision.summary]),
      ),
    );
  }
  return sections.join('');
}
