import { parseZendeskWebhook } from '../../client/server/zendesk-webhook/payload';

const event = {
  event_id: 'zd-123456-1',
  type: 'status.changed',
  ticket_id: 123456,
  occurred_at: '2026-11-20T09:00:00Z',
  actor: 'agent',
  status: 'pending',
};

describe('parseZendeskWebhook', () => {
  test('turns a valid event into the TicketEvent the workflow receives, keeping the event id', () => {
    expect(parseZendeskWebhook(event)).toEqual({
      ok: true,
      events: [
        {
          eventId: 'zd-123456-1',
          ticketId: 123456,
          type: 'status.changed',
          occurredAt: '2026-11-20T09:00:00Z',
          actor: 'agent',
          status: 'pending',
        },
      ],
    });
  });

  test('drops null optional values and fields it does not know', () => {
    const parsed = parseZendeskWebhook({ ...event, status: null, impact: null, brand_id: 7 });
    expect(parsed.ok && parsed.events[0]).toEqual({
      eventId: 'zd-123456-1',
      ticketId: 123456,
      type: 'status.changed',
      occurredAt: '2026-11-20T09:00:00Z',
      actor: 'agent',
    });
  });

  test.each<[string, unknown, string]>([
    ['an unknown event type', { ...event, type: 'ticket.deleted' }, 'type must be one of'],
    ['a missing ticket_id', { ...event, ticket_id: undefined }, 'ticket_id is required'],
    ['a string ticket_id', { ...event, ticket_id: '123456' }, 'ticket_id must be a number'],
    ['a negative ticket_id', { ...event, ticket_id: -4 }, 'ticket_id must be positive'],
    ['a fractional ticket_id', { ...event, ticket_id: 1.5 }, 'ticket_id must be an integer'],
    ['a missing event_id', { ...event, event_id: undefined }, 'event_id is required'],
    ['a blank event_id', { ...event, event_id: '  ' }, 'event_id must not be empty'],
    ['a non-ISO occurred_at', { ...event, occurred_at: 'yesterday' }, 'occurred_at must be an ISO-8601'],
    ['an unknown actor', { ...event, actor: 'robot' }, 'actor must be one of'],
    ['an unknown status', { ...event, status: 'archived' }, 'status must be one of'],
    ['an unknown impact', { ...event, impact: 'catastrophic' }, 'impact must be one of'],
    ['an array body', [event], 'must be a JSON object'],
    ['a string body', 'ticket.created', 'must be a JSON object'],
    ['an empty batch', { events: [] }, 'events must not be empty'],
    ['a batch of 101', { events: Array.from({ length: 101 }, () => event) }, 'at most 100'],
    [
      'a bad event inside a batch',
      { events: [event, { ...event, type: 'x' }] },
      'events[1]: type must be one of',
    ],
  ])('refuses %s with a message naming the field', (_label, body, message) => {
    const parsed = parseZendeskWebhook(body);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(message);
  });

  test('accepts a batch of events, in order', () => {
    const parsed = parseZendeskWebhook({
      events: [event, { ...event, event_id: 'zd-123456-2', type: 'comment.public', status: undefined }],
    });
    expect(parsed.ok && parsed.events.map((e) => e.eventId)).toEqual(['zd-123456-1', 'zd-123456-2']);
  });
});
