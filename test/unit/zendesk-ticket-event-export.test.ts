import { eventsOfExportPage, exportPageSchema } from '../../activities/zendesk-reconcile/export-events';
import { withMarker } from '../../activities/zendesk/comment-marker';
import {
  parseZendeskWebhook,
  type ZendeskEventContext,
} from '../../client/server/zendesk-webhook/zendesk-events';
import { epochSecondOf, zendeskChangeId } from '../../domain/zendesk-change-ids';
import * as recorded from './fixtures/zendesk-ticket-events';

const REQUESTER = 8447388090494;
const AGENT = 8447388090111;
const context: ZendeskEventContext = {
  fields: { impact: recorded.IMPACT_FIELD_ID, partnerSituation: recorded.SITUATION_FIELD_ID },
  integrationUserId: recorded.INTEGRATION_USER_ID,
};
const mapping = { ...context, requesterOf: (id: number) => (id === 5158 ? REQUESTER : undefined) };
const SECOND = 1795165200; // 2026-11-20T09:00:00Z, the recorded webhook events' second

const audit = (
  id: number,
  updater: number,
  children: Array<Record<string, unknown>>,
  timestamp = SECOND,
) => ({
  id,
  ticket_id: 5158,
  timestamp,
  created_at: new Date(timestamp * 1000).toISOString().replace('.000Z', 'Z'),
  updater_id: updater,
  via: 'Web form',
  system: {},
  event_type: 'Audit',
  merged_ticket_ids: [],
  child_events: children.map((child) => ({ via: 'Web form', via_reference_id: null, ...child })),
});
const page = (...records: unknown[]) =>
  exportPageSchema.parse({
    ticket_events: records,
    end_time: SECOND,
    end_of_stream: true,
    count: records.length,
  });
const webhookEventId = (body: unknown): string | undefined => {
  const parsed = parseZendeskWebhook(body, context);
  return parsed.ok && parsed.mapped.kind === 'event' ? parsed.mapped.event.eventId : undefined;
};

describe('Zendesk change ids (both paths)', () => {
  test('epoch seconds of Zendesk instants, nanoseconds or whole seconds', () => {
    expect(epochSecondOf('2026-11-20T09:00:00.672717030Z')).toBe(SECOND);
    expect(epochSecondOf('2026-11-20T09:00:00Z')).toBe(SECOND);
    expect(epochSecondOf('not a time')).toBeUndefined();
  });

  test('one key per kind of change; value and second distinguish changes of the same kind', () => {
    expect(zendeskChangeId(1, SECOND, { kind: 'created' })).toBe('zd-1-created');
    expect(zendeskChangeId(1, SECOND, { kind: 'comment', commentId: 7 })).toBe('zd-1-comment-7');
    expect(zendeskChangeId(1, SECOND, { kind: 'status', status: 'OPEN' })).toBe(`zd-1-status-open@${SECOND}`);
    expect(zendeskChangeId(1, SECOND + 1, { kind: 'status', status: 'open' })).not.toBe(
      zendeskChangeId(1, SECOND, { kind: 'status', status: 'open' }),
    );
    expect(zendeskChangeId(1, SECOND, { kind: 'field', fieldId: 9, value: 'a b' })).toBe(
      `zd-1-field-9-a%20b@${SECOND}`,
    );
    expect(zendeskChangeId(1, SECOND, { kind: 'field', fieldId: 9 })).toBe(`zd-1-field-9--@${SECOND}`);
  });
});

describe('incremental ticket event export page → TicketEvents', () => {
  test('the same change read from the export has the webhook event id', () => {
    const events = eventsOfExportPage(
      page(
        audit(1, REQUESTER, [{ id: 11, event_type: 'Create', status: 'new' }]),
        audit(2, REQUESTER, [
          { id: 9876543210, event_type: 'Comment', body: 'Still down', public: true, author_id: REQUESTER },
        ]),
        audit(3, AGENT, [{ id: 31, event_type: 'Change', status: 'pending', previous_value: 'open' }]),
        audit(4, AGENT, [
          {
            id: 41,
            event_type: 'Change',
            custom_ticket_fields: { [recorded.IMPACT_FIELD_ID]: 'emergency' },
            previous_value: 'degraded',
          },
        ]),
        audit(5, AGENT, [{ id: 51, event_type: 'Change', priority: 'urgent', previous_value: 'normal' }]),
        audit(6, AGENT, [
          { id: 61, event_type: 'Change', ticket_form_id: 360000837100, previous_value: null },
        ]),
        audit(7, -1, [{ id: 71, event_type: 'Change', status: 'closed', previous_value: 'solved' }]),
      ),
      mapping,
    );
    expect(events.map((e) => [e.type, e.actor, e.eventId])).toEqual([
      ['ticket.created', 'end_user', webhookEventId(recorded.ticketCreated)],
      ['comment.public', 'end_user', webhookEventId(recorded.publicCommentByRequester)],
      ['status.changed', 'agent', webhookEventId(recorded.statusChangedToPending)],
      ['impact.changed', 'agent', webhookEventId(recorded.impactChanged)],
      ['priority.changed', 'agent', webhookEventId(recorded.priorityChanged)],
      ['form.changed', 'agent', webhookEventId(recorded.formChanged)],
      ['ticket.closed', 'system', webhookEventId(recorded.statusChangedToClosed)],
    ]);
    expect(events[0]).toMatchObject({ ticketId: 5158, status: 'new', occurredAt: '2026-11-20T09:00:00Z' });
    expect(events[3]).toMatchObject({ impact: 'emergency' });
  });

  test('a creation is one ticket.created (its description is not a comment event), as the webhook sends it', () => {
    const events = eventsOfExportPage(
      page(
        audit(1, REQUESTER, [
          { id: 11, event_type: 'Create', status: 'new' },
          { id: 12, event_type: 'Create', priority: 'high' },
          { id: 13, event_type: 'Comment', body: 'Runners offline', public: true, author_id: REQUESTER },
        ]),
      ),
      mapping,
    );
    expect(events.map((e) => e.type)).toEqual(['ticket.created']);
  });

  test('our own comments are skipped; an agent note is private; other fields and statuses are ignored', () => {
    const events = eventsOfExportPage(
      page(
        audit(1, recorded.INTEGRATION_USER_ID, [
          {
            id: 21,
            event_type: 'Comment',
            body: 'note',
            public: false,
            author_id: recorded.INTEGRATION_USER_ID,
          },
        ]),
        audit(2, AGENT, [
          {
            id: 22,
            event_type: 'Comment',
            body: withMarker('triage', 'triage-5158'),
            public: false,
            author_id: AGENT,
          },
          { id: 23, event_type: 'Comment', body: 'looking', public: false, author_id: AGENT },
          { id: 24, event_type: 'Change', tags: ['x'], previous_value: [] },
          { id: 25, event_type: 'Change', custom_ticket_fields: { '123': 'x' }, previous_value: null },
        ]),
        audit(3, AGENT, [{ id: 31, event_type: 'Change', status: 'deleted', previous_value: 'open' }]),
      ),
      mapping,
    );
    expect(events.map((e) => [e.type, e.actor, e.eventId])).toEqual([
      ['comment.private', 'agent', 'zd-5158-comment-23'],
      ['ticket.deleted', 'agent', `zd-5158-soft_deleted@${SECOND}`],
    ]);
  });

  // The webhook's tags_changed for the same change: an agent adds a request tag, removes another.
  const tagsChangedByAgent = (tagsAdded: string[], tagsRemoved: string[]) => ({
    ...recorded.tagsChanged,
    detail: { ...recorded.tagsChanged.detail, actor_id: String(AGENT) },
    event: { ...recorded.tagsChanged.event, tags_added: tagsAdded, tags_removed: tagsRemoved },
  });

  test('a tag change adding request_partner_files is a tags.changed with the webhook event id', () => {
    const webhook = parseZendeskWebhook(tagsChangedByAgent(['request_partner_files'], ['partner']), context);
    const fromWebhook = webhook.ok && webhook.mapped.kind === 'event' ? webhook.mapped.event : undefined;
    const [fromExport, fromAuditShape] = eventsOfExportPage(
      page(
        // Zendesk's export: the new tags, with what was added and removed.
        audit(8, AGENT, [
          {
            id: 81,
            event_type: 'Change',
            tags: ['request_partner_files'],
            added_tags: ['request_partner_files'],
            removed_tags: ['partner'],
            previous_value: ['partner'],
          },
        ]),
        // Only the new and previous tags (the Ticket Audits shape), a second later: diffed.
        audit(
          9,
          AGENT,
          [{ id: 91, event_type: 'Change', tags: ['request_partner_files'], previous_value: ['partner'] }],
          SECOND + 1,
        ),
      ),
      mapping,
    );
    const { occurredAt: _webhookTime, ...sameChange } = fromWebhook ?? { occurredAt: '' };
    expect(fromExport).toEqual({ ...sameChange, occurredAt: '2026-11-20T09:00:00Z' });
    expect(fromExport).toMatchObject({
      eventId: `zd-5158-tags-request_partner_files@${SECOND}`,
      type: 'tags.changed',
      actor: 'agent',
      tagsAdded: ['request_partner_files'],
      tagsRemoved: ['partner'],
    });
    expect(fromAuditShape).toMatchObject({
      eventId: `zd-5158-tags-request_partner_files@${SECOND + 1}`,
      tagsAdded: ['request_partner_files'],
      tagsRemoved: ['partner'],
    });
  });

  test('a tag change adding only other tags is nothing, as on the webhook path', () => {
    expect(parseZendeskWebhook(tagsChangedByAgent(['vip'], ['request_large_upload']), context)).toMatchObject(
      {
        ok: true,
        mapped: { kind: 'ignored', reason: 'untracked_tags' },
      },
    );
    const events = eventsOfExportPage(
      page(
        audit(8, AGENT, [
          {
            id: 81,
            event_type: 'Change',
            tags: ['partner', 'vip'],
            added_tags: ['vip'],
            removed_tags: ['request_large_upload'],
            previous_value: ['partner', 'request_large_upload'],
          },
        ]),
      ),
      mapping,
    );
    expect(events).toEqual([]);
  });

  test('a page that is not the documented shape is refused by the schema', () => {
    expect(exportPageSchema.safeParse({ tickets: [] }).success).toBe(false);
  });
});
