import { parseZendeskWebhook } from '../../client/server/zendesk-webhook/zendesk-events';
import { verifyZendeskSignature } from '../../client/server/zendesk-webhook/signature';
import {
  buildActionPayloads,
  eventDetail,
  ticketEventPayload,
  zendeskEventTime,
  type ZendeskEventChange,
} from '../../simulators/zendesk/webhook-payload';
import { zendeskWebhookSignature } from '../../simulators/zendesk/webhook-signature';

const context = { fields: { impact: 360011000001, partnerSituation: 360011000002 } };

describe('the Zendesk webhook contract (simulator side)', () => {
  test('the signature matches an independently computed HMAC', () => {
    // printf '%s%s' "$timestamp" "$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64
    expect(
      zendeskWebhookSignature(
        'local-zendesk-webhook-secret',
        '2026-11-20T09:00:00Z',
        '{"event_id":"zd-1-2-ticket.created"}',
      ),
    ).toBe('xXXV0VDUg1aCmSCNgWMxA0NcfO+fFi/2bk6kB1ru3WQ=');
  });

  test('an action’s events share one sequence, numbered, in Zendesk’s envelope', () => {
    const ticket = {
      id: 123456,
      subject: 'Runners offline',
      description: 'All runners offline',
      status: 'pending',
      priority: 'high',
      type: null,
      requester_id: 2003,
      submitter_id: 2003,
      assignee_id: 1001,
      organization_id: 4002,
      group_id: 3002,
      ticket_form_id: 360001172559,
      brand_id: null,
      external_id: null,
      tags: ['partner'],
      created_at: '2026-11-20T08:00:00Z',
      updated_at: '2026-11-20T09:00:00Z',
    };
    const [comment, status] = buildActionPayloads(
      'ticket-123456-audit-7',
      new Date('2026-11-20T09:00:00.120Z'),
      eventDetail(ticket, 1001),
      [
        {
          type: 'comment_added',
          comment: {
            id: '9',
            body: 'On it',
            is_public: true,
            author: { id: '1001', is_staff: true, name: 'Agent' },
          },
        },
        { type: 'status_changed', current: 'PENDING', previous: 'OPEN' },
      ],
    );
    expect(status).toEqual({
      type: 'zen:event-type:ticket.status_changed',
      account_id: expect.any(Number),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      time: '2026-11-20T09:00:00.120000000Z',
      zendesk_event_version: '2022-11-06',
      subject: 'zen:ticket:123456',
      detail: expect.objectContaining({
        id: '123456',
        actor_id: '1001',
        requester_id: '2003',
        status: 'PENDING',
        priority: 'HIGH',
        form_id: '360001172559',
        organization_id: '4002',
      }),
      event: {
        current: 'PENDING',
        previous: 'OPEN',
        meta: { sequence: { id: expect.stringMatching(/^[0-9A-F]{32}$/), position: 2, total: 2 } },
      },
    });
    expect(comment.event.meta.sequence).toEqual({ ...status.event.meta.sequence, position: 1 });
    expect(comment.id).not.toBe(status.id);
  });

  test('zendeskEventTime writes nanoseconds, as Zendesk does', () => {
    expect(zendeskEventTime('2026-11-20T09:00:00.005Z')).toBe('2026-11-20T09:00:00.005000000Z');
  });

  test('what the simulator sends, the webhook server accepts (payload and signature) and maps', () => {
    const changes: Array<[ZendeskEventChange, string]> = [
      [{ type: 'created' }, 'ticket.created'],
      [
        {
          type: 'comment_added',
          comment: {
            id: '1',
            body: 'Help',
            is_public: true,
            author: { id: '2003', is_staff: false, name: 'C' },
          },
        },
        'comment.public',
      ],
      [{ type: 'status_changed', current: 'PENDING', previous: 'OPEN' }, 'status.changed'],
      [{ type: 'status_changed', current: 'SOLVED', previous: 'OPEN' }, 'ticket.solved'],
      [
        {
          type: 'custom_field_changed',
          custom_field: { id: '360011000001', title: 'Impact', type: 'tagger' },
          current: { value: 'low' },
          previous: { value: 'medium' },
        },
        'impact.changed',
      ],
      [{ type: 'priority_changed', current: 'LOW', previous: null }, 'priority.changed'],
      [{ type: 'form_changed', current: '360000837100', previous: null }, 'form.changed'],
      [{ type: 'soft_deleted' }, 'ticket.deleted'],
      [{ type: 'marked_as_spam' }, 'ticket.deleted'],
    ];
    for (const [change, type] of changes) {
      const payload = ticketEventPayload({ ticketId: 1, change });
      const body = JSON.stringify(payload);
      expect(parseZendeskWebhook(JSON.parse(body), context)).toMatchObject({
        ok: true,
        // The dedupe key is derived from the change (domain/zendesk-change-ids.ts), not the UUID.
        mapped: { kind: 'event', event: { eventId: expect.stringMatching(/^zd-1-/), ticketId: 1, type } },
      });
      const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const signature = zendeskWebhookSignature('s3cret-s3cret', timestamp, body);
      expect(
        verifyZendeskSignature({
          secret: 's3cret-s3cret',
          signature,
          timestamp,
          rawBody: Buffer.from(body),
          now: new Date(),
        }),
      ).toMatchObject({ ok: true });
    }
  });
});
