import {
  parseZendeskWebhook,
  type ZendeskEventContext,
} from '../../client/server/zendesk-webhook/zendesk-events';
import { IMPACT_FIELD_ID, INTEGRATION_USER_ID, SITUATION_FIELD_ID } from './fixtures/zendesk-ticket-events';

/**
 * S5 triggers in Zendesk's webhook shapes ("Ticket events": ticket.tags_changed carries
 * `tags_added`/`tags_removed`; ticket.attachment_linked_to_comment carries the comment's id and
 * its attachment's id, filename, content_type, content_url and is_public, but no size).
 */
const context: ZendeskEventContext = {
  fields: { impact: IMPACT_FIELD_ID, partnerSituation: SITUATION_FIELD_ID },
  integrationUserId: INTEGRATION_USER_ID,
};

const envelope = (type: string, event: Record<string, unknown>) => ({
  account_id: 22129848,
  detail: { actor_id: '8447388090111', id: '5158', requester_id: '8447388090494', status: 'OPEN', tags: [] },
  event: { ...event, meta: { sequence: { id: 'C20565CD20591B5E81E2206E91ADFB2A', position: 1, total: 1 } } },
  id: '6f1c2a44-92f3-4b7a-9b44-0d3f1e0c5a11',
  subject: 'zen:ticket:5158',
  time: '2026-11-20T09:00:00.672717030Z',
  type: `zen:event-type:ticket.${type}`,
  zendesk_event_version: '2022-11-06',
});

const attachmentLinked = (attachment: Record<string, unknown>) =>
  envelope('attachment_linked_to_comment', {
    comment: {
      id: '8658726228478',
      attachment: {
        content_type: 'application/gzip',
        content_url: 'https://example.zendesk.com/attachments/token/kPgF/?name=gitlabsos.tar.gz',
        filename: 'gitlabsos.tar.gz',
        is_public: true,
        ...attachment,
      },
    },
  });

describe('S5 Zendesk events: the request tag and attachments', () => {
  test('tags_changed adding request_large_upload becomes tags.changed, keyed by the change', () => {
    const parsed = parseZendeskWebhook(
      envelope('tags_changed', { tags_added: ['request_large_upload'], tags_removed: ['needs_info'] }),
      context,
    );
    expect(parsed).toMatchObject({
      ok: true,
      mapped: {
        kind: 'event',
        event: {
          type: 'tags.changed',
          actor: 'agent',
          ticketId: 5158,
          tagsAdded: ['request_large_upload'],
          tagsRemoved: ['needs_info'],
          eventId: 'zd-5158-tags-request_large_upload@1795165200',
        },
      },
    });
  });

  test("tags_changed adding A5's request_partner_files is passed on too", () => {
    const parsed = parseZendeskWebhook(
      envelope('tags_changed', { tags_added: ['request_partner_files'], tags_removed: [] }),
      context,
    );
    expect(parsed).toMatchObject({
      ok: true,
      mapped: { kind: 'event', event: { type: 'tags.changed', tagsAdded: ['request_partner_files'] } },
    });
  });

  test('other tag changes are acknowledged and not signalled', () => {
    const parsed = parseZendeskWebhook(
      envelope('tags_changed', { tags_added: ['sla_warning'], tags_removed: [] }),
      context,
    );
    expect(parsed).toMatchObject({ ok: true, mapped: { kind: 'ignored', reason: 'untracked_tags' } });
  });

  test('attachment_linked_to_comment becomes attachment.linked with the attachment id and file name', () => {
    const parsed = parseZendeskWebhook(attachmentLinked({ id: '8658726230270' }), context);
    expect(parsed).toMatchObject({
      ok: true,
      mapped: {
        kind: 'event',
        event: {
          type: 'attachment.linked',
          attachmentId: 8658726230270,
          fileName: 'gitlabsos.tar.gz',
          eventId: 'zd-5158-attachment-8658726230270',
        },
      },
    });
  });

  test('malformed S5 events are refused naming the field', () => {
    expect(parseZendeskWebhook(attachmentLinked({ id: '' }), context)).toEqual({
      ok: false,
      message: expect.stringContaining('event.comment.attachment.id'),
    });
    expect(
      parseZendeskWebhook(envelope('tags_changed', { tags_added: 'request_large_upload' }), context),
    ).toEqual({
      ok: false,
      message: expect.stringContaining('event.tags_added'),
    });
  });
});
