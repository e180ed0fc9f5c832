import { parseZendeskWebhook } from '../../client/server/zendesk-webhook/payload';
import { verifyZendeskSignature } from '../../client/server/zendesk-webhook/signature';
import { buildWebhookPayload, toTicketEvent } from '../../simulators/zendesk/webhook-payload';
import { zendeskWebhookSignature } from '../../simulators/zendesk/webhook-signature';

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

  test('payloads omit absent fields and map onto the workflow’s TicketEvent', () => {
    const payload = buildWebhookPayload({
      eventId: 'zd-123456-20000000002-comment.public',
      type: 'comment.public',
      ticketId: 123456,
      occurredAt: new Date('2026-11-20T09:00:00.120Z'),
      actor: 'end_user',
    });
    expect(payload).toEqual({
      event_id: 'zd-123456-20000000002-comment.public',
      type: 'comment.public',
      ticket_id: 123456,
      occurred_at: '2026-11-20T09:00:00.120Z',
      actor: 'end_user',
    });
    expect(toTicketEvent(payload)).toEqual({
      eventId: 'zd-123456-20000000002-comment.public',
      ticketId: 123456,
      type: 'comment.public',
      occurredAt: '2026-11-20T09:00:00.120Z',
      actor: 'end_user',
      status: undefined,
      impact: undefined,
    });
  });

  test('what the simulator sends, the webhook server accepts (payload and signature)', () => {
    const payloads = [
      buildWebhookPayload({
        eventId: 'a',
        type: 'ticket.created',
        ticketId: 1,
        occurredAt: new Date(),
        actor: 'end_user',
        status: 'new',
        impact: 'medium',
      }),
      buildWebhookPayload({
        eventId: 'b',
        type: 'status.changed',
        ticketId: 1,
        occurredAt: new Date(),
        actor: 'agent',
        status: 'pending',
      }),
      buildWebhookPayload({
        eventId: 'c',
        type: 'impact.changed',
        ticketId: 1,
        occurredAt: new Date(),
        actor: 'agent',
      }),
      buildWebhookPayload({
        eventId: 'd',
        type: 'ticket.solved',
        ticketId: 1,
        occurredAt: new Date(),
        actor: 'agent',
        status: 'solved',
      }),
    ];
    for (const payload of payloads) {
      const body = JSON.stringify(payload);
      expect(parseZendeskWebhook(JSON.parse(body))).toMatchObject({
        ok: true,
        events: [{ eventId: payload.event_id }],
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
