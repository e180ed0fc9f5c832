/**
 * The dedupe key of a Zendesk ticket change, derived the same way from both ways a change reaches
 * us: a webhook event (client/server/zendesk-webhook/zendesk-events.ts) and the incremental ticket
 * event export read by the reconciliation (activities/zendesk-reconcile/). The webhook's own event
 * id (a UUID) is not in the export, and the export's audit ids are not in the webhook, so the key is
 * built from what both carry: the ticket, the kind of change, its new value and the second it was
 * made (the export's audit `timestamp`, the webhook's `time` truncated). A comment is keyed by its
 * id (Zendesk's comment id is the id of the audit's Comment event, present on both paths), a
 * creation by the ticket alone. Two identical changes made within the same second collapse into one,
 * which changes nothing the workflow would do.
 */
export type ZendeskChange =
  | { kind: 'created' }
  | { kind: 'comment'; commentId: number }
  | { kind: 'status'; status: string }
  | { kind: 'field'; fieldId: number; value?: string }
  | { kind: 'priority'; priority?: string }
  | { kind: 'form'; formId?: number }
  | { kind: 'deleted'; deletion: string }
  | { kind: 'tags'; added: string[] }
  | { kind: 'attachment'; attachmentId: number };

/** Seconds since the epoch of an ISO instant (nanosecond fractions allowed); undefined if unreadable. */
export function epochSecondOf(instant: string): number | undefined {
  const ms = Date.parse(instant.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

const valuePart = (value: string | number | undefined): string =>
  value === undefined ? '-' : encodeURIComponent(String(value).toLowerCase());

export function zendeskChangeId(ticketId: number, epochSecond: number, change: ZendeskChange): string {
  const prefix = `zd-${ticketId}`;
  switch (change.kind) {
    case 'created':
      return `${prefix}-created`;
    case 'comment':
      return `${prefix}-comment-${change.commentId}`;
    case 'status':
      return `${prefix}-status-${valuePart(change.status)}@${epochSecond}`;
    case 'field':
      return `${prefix}-field-${change.fieldId}-${valuePart(change.value)}@${epochSecond}`;
    case 'priority':
      return `${prefix}-priority-${valuePart(change.priority)}@${epochSecond}`;
    case 'form':
      return `${prefix}-form-${valuePart(change.formId)}@${epochSecond}`;
    case 'deleted':
      return `${prefix}-${change.deletion}@${epochSecond}`;
    case 'tags':
      return `${prefix}-tags-${[...change.added].sort().map(valuePart).join(',')}@${epochSecond}`;
    case 'attachment':
      return `${prefix}-attachment-${change.attachmentId}`;
  }
}
