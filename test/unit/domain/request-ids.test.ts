import { parseRequestId } from '../../../domain/request-ids';

describe('A6 request IDs', () => {
  test.each([
    ['123456', { kind: 'ticket', ticketId: 123456 }],
    ['  123456 ', { kind: 'ticket', ticketId: 123456 }],
    ['T123456789', { kind: 'case', caseNumber: 'T123456789' }],
  ])('%j is accepted', (raw, value) => {
    expect(parseRequestId(raw)).toEqual({ ok: true, value });
  });

  test.each([
    '#123456',
    'ticket 123456',
    'T-12',
    '',
    '   ',
    't123',
    '0',
    '123 456',
    'T',
    '12345678901234567',
  ])('%j is refused with both forms shown', (raw) => {
    const result = parseRequestId(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/123456.*T123456789/);
  });

  test('a non-string is refused', () => {
    expect(parseRequestId(42).ok).toBe(false);
  });
});
