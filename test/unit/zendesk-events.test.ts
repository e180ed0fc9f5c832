import { isMarkedComment, withMarker } from '../../activities/zendesk/comment-marker';
import {
  actorOf,
  parseZendeskWebhook,
  type ZendeskEventContext,
} from '../../client/server/zendesk-webhook/zendesk-events';
import * as recorded from './fixtures/zendesk-ticket-events';

const context: ZendeskEventContext = {
  fields: { impact: recorded.IMPACT_FIELD_ID, partnerSituation: recorded.SITUATION_FIELD_ID },
  integrationUserId: recorded.INTEGRATION_USER_ID,
};
const base = { ticketId: 5158, occurredAt: '2026-11-20T09:00:00.672717030Z' };

/** A deep copy with one change, for mutations of the recorded shapes. */
function mutate<T>(fixture: T, change: (copy: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(fixture) as Record<string, unknown>;
  change(copy);
  return copy;
}
const eventOf = (copy: Record<string, unknown>) => copy.event as Record<string, unknown>;
const detailOf = (copy: Record<string, unknown>) => copy.detail as Record<string, unknown>;

describe('parseZendeskWebhook: Zendesk ticket events → TicketEvent', () => {
  test.each<[string, unknown, Record<string, unknown>]>([
    [
      'ticket created',
      recorded.ticketCreated,
      { type: 'ticket.created', actor: 'end_user', status: 'new', eventId: 'zd-5158-created' },
    ],
    [
      'public comment by the requester',
      recorded.publicCommentByRequester,
      { type: 'comment.public', actor: 'end_user', eventId: 'zd-5158-comment-9876543210' },
    ],
    [
      'private note by an agent',
      recorded.privateNoteByAgent,
      { type: 'comment.private', actor: 'agent', eventId: 'zd-5158-comment-9876543211' },
    ],
    [
      'status → pending',
      recorded.statusChangedToPending,
      {
        type: 'status.changed',
        actor: 'agent',
        status: 'pending',
        eventId: 'zd-5158-status-pending@1795165200',
      },
    ],
    [
      'status → solved',
      recorded.statusChangedToSolved,
      {
        type: 'ticket.solved',
        actor: 'agent',
        status: 'solved',
        eventId: 'zd-5158-status-solved@1795165200',
      },
    ],
    [
      'status → closed (by Zendesk)',
      recorded.statusChangedToClosed,
      {
        type: 'ticket.closed',
        actor: 'system',
        status: 'closed',
        eventId: 'zd-5158-status-closed@1795165200',
      },
    ],
    [
      'impact field',
      recorded.impactChanged,
      {
        type: 'impact.changed',
        actor: 'agent',
        impact: 'emergency',
        eventId: `zd-5158-field-${recorded.IMPACT_FIELD_ID}-emergency@1795165200`,
      },
    ],
    [
      'partner situation field',
      recorded.situationChanged,
      {
        type: 'situation.changed',
        actor: 'end_user',
        situation: 'partner_internal',
        eventId: `zd-5158-field-${recorded.SITUATION_FIELD_ID}-partner_internal@1795165200`,
      },
    ],
    [
      'priority',
      recorded.priorityChanged,
      {
        type: 'priority.changed',
        actor: 'agent',
        priority: 'urgent',
        eventId: 'zd-5158-priority-urgent@1795165200',
      },
    ],
    [
      'form',
      recorded.formChanged,
      {
        type: 'form.changed',
        actor: 'agent',
        formId: 360000837100,
        eventId: 'zd-5158-form-360000837100@1795165200',
      },
    ],
    [
      'soft deletion',
      recorded.softDeleted,
      {
        type: 'ticket.deleted',
        actor: 'agent',
        deletion: 'soft_deleted',
        eventId: 'zd-5158-soft_deleted@1795165200',
      },
    ],
    [
      'marked as spam',
      recorded.markedAsSpam,
      {
        type: 'ticket.deleted',
        actor: 'agent',
        deletion: 'marked_as_spam',
        eventId: 'zd-5158-marked_as_spam@1795165200',
      },
    ],
  ])('%s', (_label, body, expected) => {
    const parsed = parseZendeskWebhook(body, context);
    expect(parsed).toEqual({
      ok: true,
      mapped: {
        kind: 'event',
        zendeskType: (body as { type: string }).type,
        event: { ...base, ...expected },
        // Recorded creations carry an empty `event` (no sequence).
        ...(body === recorded.ticketCreated
          ? {}
          : { sequence: expect.objectContaining({ id: 'C20565CD20591B5E81E2206E91ADFB2A' }) }),
      },
    });
  });

  test('the dedupe key is derived from the change (as the reconciliation derives it), the time kept to the nanosecond', () => {
    const parsed = parseZendeskWebhook(recorded.statusChangedToPending, context);
    expect(parsed.ok && parsed.mapped.kind === 'event' && parsed.mapped.event).toMatchObject({
      eventId: 'zd-5158-status-pending@1795165200',
      occurredAt: '2026-11-20T09:00:00.672717030Z',
    });
    // A redelivery (same change, another delivery) has the same key.
    const again = parseZendeskWebhook({ ...recorded.statusChangedToPending, id: 'another-uuid' }, context);
    expect(again.ok && again.mapped.kind === 'event' && again.mapped.event.eventId).toBe(
      'zd-5158-status-pending@1795165200',
    );
  });

  test('a cleared impact is an impact.changed without impact; a cleared form a form.changed without formId', () => {
    const cleared = mutate(recorded.impactChanged, (c) => (eventOf(c).current = { value: null }));
    const noForm = mutate(recorded.formChanged, (c) => (eventOf(c).current = null));
    const impact = parseZendeskWebhook(cleared, context);
    const form = parseZendeskWebhook(noForm, context);
    expect(impact.ok && impact.mapped.kind === 'event' && impact.mapped.event).not.toHaveProperty('impact');
    expect(impact.ok && impact.mapped.kind === 'event' && impact.mapped.event.type).toBe('impact.changed');
    expect(form.ok && form.mapped.kind === 'event' && form.mapped.event).not.toHaveProperty('formId');
  });

  test.each<[string, unknown, string]>([
    ['our own comment (marker line)', recorded.ownTriageNote, 'own_comment'],
    [
      'our own comment without a marker (the integration user wrote it)',
      mutate(recorded.ownTriageNote, (c) => {
        (eventOf(c).comment as { body: string }).body = 'Hello';
      }),
      'own_comment',
    ],
    ['a custom field the workflow does not track', recorded.caseNumberChanged, 'untracked_custom_field'],
    ['a tag change other than the S5 request', recorded.tagsChanged, 'untracked_tags'],
    [
      'a ticket event type it does not map',
      mutate(recorded.tagsChanged, (c) => (c.type = 'zen:event-type:ticket.subject_changed')),
      'unsupported_event_type',
    ],
    ['a non-ticket event', recorded.userActiveChanged, 'unsupported_event_type'],
    [
      'a status without a workflow transition',
      mutate(recorded.statusChangedToPending, (c) => (eventOf(c).current = 'ARCHIVED')),
      'untracked_status',
    ],
  ])('acknowledges and ignores %s', (_label, body, reason) => {
    const parsed = parseZendeskWebhook(body, context);
    expect(parsed).toMatchObject({ ok: true, mapped: { kind: 'ignored', reason } });
  });

  test('our own comment is recognised by its marker even without the integration user id', () => {
    const parsed = parseZendeskWebhook(recorded.ownTriageNote, { fields: context.fields });
    expect(parsed).toMatchObject({ ok: true, mapped: { kind: 'ignored', reason: 'own_comment' } });
  });

  test.each<[string, unknown, string]>([
    ['an array body', [recorded.ticketCreated], 'must be a JSON object'],
    ['a string body', 'zen:event-type:ticket.created', 'must be a JSON object'],
    ['a missing type', mutate(recorded.ticketCreated, (c) => delete c.type), 'type is required'],
    [
      'a type outside Zendesk’s',
      mutate(recorded.ticketCreated, (c) => (c.type = 'ticket.created')),
      'type must start with zen:event-type:',
    ],
    ['a missing id', mutate(recorded.ticketCreated, (c) => delete c.id), 'id is required'],
    ['a blank id', mutate(recorded.ticketCreated, (c) => (c.id = '  ')), 'id must not be empty'],
    ['a missing time', mutate(recorded.statusChangedToPending, (c) => delete c.time), 'time is required'],
    [
      'a time without a zone',
      mutate(recorded.statusChangedToPending, (c) => (c.time = '2026-11-20T09:00:00')),
      'time must be an ISO-8601',
    ],
    [
      'a missing subject',
      mutate(recorded.statusChangedToPending, (c) => delete c.subject),
      'subject is required',
    ],
    [
      'a subject that is not a ticket',
      mutate(recorded.statusChangedToPending, (c) => (c.subject = 'zen:user:5158')),
      'subject must be zen:ticket:<id>',
    ],
    [
      'a detail.id of another ticket',
      mutate(recorded.statusChangedToPending, (c) => (detailOf(c).id = '9999')),
      'detail.id 9999 is not the ticket',
    ],
    [
      'a missing account_id',
      mutate(recorded.statusChangedToPending, (c) => delete c.account_id),
      'account_id is required',
    ],
    ['a missing event', mutate(recorded.statusChangedToPending, (c) => delete c.event), 'event is required'],
    [
      'an unknown status',
      mutate(recorded.statusChangedToPending, (c) => (eventOf(c).current = 'PARKED')),
      'event.current must be one of',
    ],
    [
      'a status change without its status',
      mutate(recorded.statusChangedToPending, (c) => delete eventOf(c).current),
      'event.current is required',
    ],
    [
      'an unknown detail.status',
      mutate(recorded.ticketCreated, (c) => (detailOf(c).status = 'LIMBO')),
      'detail.status must be one of',
    ],
    [
      'a comment without is_public',
      mutate(
        recorded.publicCommentByRequester,
        (c) => delete (eventOf(c).comment as Record<string, unknown>).is_public,
      ),
      'event.comment.is_public is required',
    ],
    [
      'a comment without author.is_staff',
      mutate(
        recorded.publicCommentByRequester,
        (c) =>
          delete ((eventOf(c).comment as Record<string, unknown>).author as Record<string, unknown>).is_staff,
      ),
      'event.comment.author.is_staff is required',
    ],
    [
      'a comment_added without a comment',
      mutate(recorded.publicCommentByRequester, (c) => delete eventOf(c).comment),
      'event.comment is required',
    ],
    [
      'a custom field change without the field',
      mutate(recorded.impactChanged, (c) => delete eventOf(c).custom_field),
      'event.custom_field is required',
    ],
    [
      'an unknown priority',
      mutate(recorded.priorityChanged, (c) => (eventOf(c).current = 'SEVERE')),
      'event.current must be one of',
    ],
  ])('refuses %s with a message naming the field', (_label, body, message) => {
    const parsed = parseZendeskWebhook(body, context);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(message);
  });
});

describe('actorOf', () => {
  const ctx = { integrationUserId: 1001 };
  test('the requester is the end user, anyone else an agent, Zendesk itself and we are the system', () => {
    expect(actorOf(2003, 2003, ctx)).toBe('end_user');
    expect(actorOf(7, 2003, ctx)).toBe('agent');
    expect(actorOf(undefined, 2003, ctx)).toBe('system');
    expect(actorOf(1001, 2003, ctx)).toBe('system');
  });
});

describe('isMarkedComment', () => {
  test('a comment written with a marker is ours; a reference elsewhere in a comment is not', () => {
    expect(isMarkedComment(withMarker('Triage done', 's6-ask-5158'))).toBe(true);
    expect(isMarkedComment('Our ref: ABC-1 is in the subject\nThanks')).toBe(false);
    expect(isMarkedComment('ref:')).toBe(false);
    expect(isMarkedComment('')).toBe(false);
  });
});
