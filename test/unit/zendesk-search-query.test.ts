import fc from 'fast-check';
import { quoteSearchValue } from '../../activities/zendesk/search-terms';
import { parseSearchQuery } from '../../simulators/zendesk/search-query';

describe('Zendesk search queries', () => {
  test('the simulator parses keywords, operators, negation, quoted phrases and bare words', () => {
    expect(
      parseSearchQuery('type:ticket status<solved -tags:spam custom_field_7:"a b" hello "two words"'),
    ).toEqual([
      { key: 'type', op: ':', value: 'ticket', negate: false },
      { key: 'status', op: '<', value: 'solved', negate: false },
      { key: 'tags', op: ':', value: 'spam', negate: true },
      { key: 'custom_field_7', op: ':', value: 'a b', negate: false },
      { key: null, op: ':', value: 'hello', negate: false },
      { key: null, op: ':', value: 'two words', negate: false },
    ]);
    expect(parseSearchQuery('created>=2026-01-01')).toEqual([
      { key: 'created', op: '>=', value: '2026-01-01', negate: false },
    ]);
  });

  test('a quoted value escapes quotes and backslashes', () => {
    expect(quoteSearchValue('T123456789')).toBe('"T123456789"');
    expect(quoteSearchValue('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteSearchValue('line\nbreak')).toBe('"line break"');
  });

  test('any value quoted by the activity stays one term with exactly that value (no injected terms)', () => {
    const printable = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\r\n\t]/.test(s));
    fc.assert(
      fc.property(printable, (value) => {
        const terms = parseSearchQuery(`type:ticket custom_field_42:${quoteSearchValue(value)}`);
        expect(terms).toEqual([
          { key: 'type', op: ':', value: 'ticket', negate: false },
          { key: 'custom_field_42', op: ':', value, negate: false },
        ]);
      }),
    );
  });
});
