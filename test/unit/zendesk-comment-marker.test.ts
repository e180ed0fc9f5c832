import {
  hasMarker,
  isValidIdempotencyKey,
  markerLine,
  withMarker,
} from '../../activities/zendesk/comment-marker';

describe('idempotent comment markers', () => {
  test('the comment ends with a readable reference line', () => {
    expect(withMarker('Re-routed to the Select form.\n\n', 's1-route-123456')).toBe(
      'Re-routed to the Select form.\n\nref: s1-route-123456',
    );
    expect(markerLine('k')).toBe('ref: k');
  });

  test('a comment carries a key only as a whole line, in body or plain_body', () => {
    const body = withMarker('Hello', 'note-1');
    expect(hasMarker({ body }, 'note-1')).toBe(true);
    expect(hasMarker({ plain_body: body }, 'note-1')).toBe(true);
    expect(hasMarker({ body: body.replace(/\n/g, '\r\n') }, 'note-1')).toBe(true);
    expect(hasMarker({ body }, 'note-10')).toBe(false);
    expect(hasMarker({ body: withMarker('Hello', 'note-10') }, 'note-1')).toBe(false);
    expect(hasMarker({ body: 'We discussed ref: note-1 earlier' }, 'note-1')).toBe(false);
    expect(hasMarker({}, 'note-1')).toBe(false);
  });

  test.each([
    ['s6-ask-123456', true],
    ['star-ack-123456-2026-11-20T09:00:00Z', true],
    ['with inner space', true],
    ['', false],
    [' leading', false],
    ['trailing ', false],
    ['two\nlines', false],
    ['tab\there', false],
    ['x'.repeat(200), true],
    ['x'.repeat(201), false],
  ])('key %j valid: %s', (key, valid) => {
    expect(isValidIdempotencyKey(key)).toBe(valid);
  });
});
