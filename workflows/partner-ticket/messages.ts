import { programLabel, type Program } from '../../domain/programs';
import type { ClockEvent, SlaClock } from '../../domain/sla/clock';
import { describeDuration } from '../../domain/sla/duration';
import { starUrgencyLabel, type Star } from '../../domain/star';
import type { PartnerTicketState, StarAction, TicketEffect } from './types';

/** Every text the lifecycle writes to partners, agents and Slack, in one place. */

const iso = (ms: number): string => new Date(ms).toISOString();

/** A4: the answer to an NFR ticket from an Alliance partner. */
export const NFR_POLICY_ANSWER =
  'Thank you for contacting GitLab Support. GitLab provides no support for NFR software issued to Alliance Partners, so we are closing this request. For questions about your NFR licence, please contact your GitLab Alliance partner manager.';

/** S6: asking the partner which situation the ticket is raised under. */
export const SITUATION_QUESTION = [
  'Thank you for your ticket. So that we can give you the right level of support, please tell us the situation under which it is raised (set "Partner situation" on the ticket, or reply):',
  "1. You are raising a concern brought to you by your customer (Priority support, whatever the customer's subscription);",
  '2. You are doing commercial work for a customer (support per the subscription you purchased);',
  '3. Internal training, testing or knowledge building (support per your NFR licence).',
].join('\n');

export const organizationNotesNote = (organizationName: string | undefined, notes: string): string =>
  `A3 — organization notes for ${organizationName ?? 'this partner'}:\n\n${notes}`;

export function unverifiedContactNotice(
  state: PartnerTicketState,
  program: Program,
  contactStatus: 'missing' | 'wrong_account',
  accountName: string | undefined,
): string {
  return `Ticket #${state.ticketId}: ${state.requesterEmail} submitted a ${programLabel[program]} Partner ticket but ${
    contactStatus === 'missing' ? 'has no Contact in Salesforce' : 'is a Contact on another account'
  }. Please add or move the Contact to ${accountName ?? 'the partner account'}.`;
}

const clockLabel = { first_reply: 'first reply', next_reply: 'next reply' } as const;

/** The internal note, Slack alert and tag for a warning or breach, with keys that make each write once. */
export function slaEventActions(state: PartnerTicketState, clock: SlaClock, event: ClockEvent) {
  const level = state.supportLevel === 'priority' ? 'Priority' : 'Standard';
  const what = `${level} ${clockLabel[clock.kind]} target (${describeDuration(clock.targetMs)}, ${clock.calendar}, impact ${state.impact})`;
  const key = `sla-${event.type}-${clock.kind}-${clock.startedAt}`;
  const due = clock.deadline ? iso(clock.deadline) : 'soon';
  if (event.type === 'warning') {
    return {
      key,
      tag: 'sla_warning',
      note: `SLA warning: the ${what} is due ${due}; ${Math.round(clock.warningAtFraction * 100)}% of it has elapsed.`,
      alert: `:warning: SLA warning on ticket #${state.ticketId} "${state.subject ?? ''}": ${what} due ${due}.`,
    };
  }
  return {
    key,
    tag: 'sla_breached',
    note: `SLA breach: the ${what} was breached at ${iso(event.at)}.`,
    alert: `:rotating_light: SLA breach on ticket #${state.ticketId} "${state.subject ?? ''}": ${what} breached at ${iso(event.at)}.`,
  };
}

/** The note and alert texts for a STAR side effect. */
export function starMessages(ticketId: number, subject: string | undefined, star: Star, action: StarAction) {
  const title = `ticket #${ticketId}${subject ? ` "${subject}"` : ''}`;
  const urgency = `${starUrgencyLabel[star.urgency]}${star.emergency ? ', EMERGENCY' : ''}`;
  const due = star.acknowledgeBy ? iso(star.acknowledgeBy) : undefined;
  const request = action.requestIndex !== undefined ? star.requests[action.requestIndex] : undefined;
  const requestText = request
    ? `Requested by ${request.submitter} (${request.source}${request.requestId ? `, request ID ${request.requestId}` : ''})\nReason: ${request.reason}\nDesired actions: ${request.desiredActions}`
    : '';
  switch (action.type) {
    case 'raised':
      return {
        note: `STAR raised (${urgency}). ${requestText}\nA support manager must acknowledge by ${due}.`,
        alert: `:star: STAR on ${title} (${urgency}). ${request?.reason ?? ''} — desired: ${request?.desiredActions ?? ''}. Acknowledge by ${due}.`,
      };
    case 'coalesced':
      return { note: `Additional escalation request joined the STAR. ${requestText}`, alert: undefined };
    case 'acknowledged':
      return { note: `STAR acknowledged by ${star.acknowledgedBy}.`, alert: undefined };
    case 'unstarred':
      return { note: `STAR removed by ${star.unstarredBy}. Reason: ${star.unstarReason}`, alert: undefined };
    case 'lapsed':
      return {
        note: `STAR not acknowledged in time: escalated to level ${star.escalationLevel}. Next acknowledgement due by ${due}.`,
        alert: `:rotating_light: STAR on ${title} NOT acknowledged (${urgency}): escalating to level ${star.escalationLevel}. Acknowledge by ${due}.`,
      };
  }
}

/** What an effect is, for the decision that records its failure. */
export function describeEffect(effect: TicketEffect): string {
  switch (effect.kind) {
    case 'addTags':
      return `Tags ${effect.tags.join(', ')}`;
    case 'removeTags':
      return `Removal of tags ${effect.tags.join(', ')}`;
    case 'route':
      return 'Re-routing (form, group)';
    case 'internalNote':
      return `Internal note "${effect.body.split('\n')[0].slice(0, 60)}"`;
    case 'publicComment':
      return `Public comment "${effect.body.split('\n')[0].slice(0, 60)}"`;
    case 'setPriority':
      return `Priority ${effect.priority}`;
    case 'solve':
      return 'Solving the ticket';
    case 'alert':
      return `Slack alert "${effect.text.slice(0, 60)}"`;
    case 'notifyOwner':
      return `Notice to the account owner ${effect.ownerEmail}`;
  }
}

export const ticketClosedDecision = (effect: TicketEffect): string =>
  `${describeEffect(effect)} not written: the ticket is closed in Zendesk; the lifecycle ends`;

export const ticketDeletedDecision = (ticketId: number): string =>
  `Ticket #${ticketId} no longer exists in Zendesk (deleted): the lifecycle ends`;

export const effectFailedDecision = (effect: TicketEffect, reason: string): string =>
  `${describeEffect(effect)} not done: ${reason}`;

/** Sent once per ticket and failure kind, so that a person fixes what retrying cannot. */
export const zendeskWriteFailedAlert = (state: PartnerTicketState, reason: string): string =>
  `:x: Ticket #${state.ticketId} "${state.subject ?? ''}": a Zendesk write was refused and will not be retried (${reason}). See the ticket's status in Temporal for every decision.`;

export const slackDeliveryFailedNote = (reason: string): string =>
  `Support alerts for this ticket cannot be delivered to Slack (${reason}). Watch this ticket's SLA and STAR state in Temporal until Slack is fixed.`;

/** A5: a retrieval the ticket started, for its decisions. */
export const fileRetrievalStartedDecision = (
  request: { requestedBy: string; prefix?: string },
  workflowId: string,
): string =>
  `Partner S3 files requested by ${request.requestedBy}${request.prefix ? ` (prefix "${request.prefix}")` : ''}: retrieval ${workflowId} started; its note lists the files`;

/** Retention: what was deleted, for the ticket (when Zendesk still takes notes) and its decisions. */
export const filesDeletedNote = (
  deleted: { deleted: number; bytes: number; failed: Array<{ key: string; error: string }> },
  retentionDays: number,
): string => {
  const kept =
    deleted.failed.length === 0
      ? ''
      : ` ${deleted.failed.length} could not be deleted (${deleted.failed
          .slice(0, 5)
          .map((f) => `${f.key}: ${f.error}`)
          .join('; ')}${deleted.failed.length > 5 ? '; …' : ''}).`;
  return `Retention: this ticket's files (Support Uploader uploads and partner S3 copies) were deleted from the support bucket at the end of their ${retentionDays}-day retention after the ticket was solved or closed: ${deleted.deleted} file(s), ${deleted.bytes} bytes.${kept}`;
};
