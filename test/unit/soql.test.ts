import fc from 'fast-check';
import { createSOQL } from 'jsforce/lib/soql-builder';
import { soql, soqlString, soqlValue } from '../../activities/salesforce/soql';
import type { Condition } from '../../simulators/salesforce/soql/parser';
import { parseSoql } from '../../simulators/salesforce/soql/parser';

/** The WHERE clause the simulator's SOQL parser (the reference unescape) reads from a query. */
const whereOf = (query: string): Condition | undefined => parseSoql(query).where;

/** The literal the parser decodes from `Email = <literal>`, or a failure if the structure changed. */
function decoded(literal: string): string {
  const where = whereOf(`SELECT Id FROM Contact WHERE Email = ${literal}`);
  if (where?.kind !== 'compare' || where.value.kind !== 'string') {
    throw new Error(`the literal changed the query's structure: ${JSON.stringify(where)}`);
  }
  return where.value.value;
}

// Every UTF-16 code unit, including unpaired surrogates and control characters.
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const anyString = fc.string({ unit: anyCodeUnit, maxLength: 40 });

describe('soqlString: SOQL string literals', () => {
  test.each([
    ['plain', 'alice@acme-consulting.example', "'alice@acme-consulting.example'"],
    ['quote', "Bob's BBQ", "'Bob\\'s BBQ'"],
    ['trailing backslash', 'x\\', "'x\\\\'"],
    ['backslash before a quote', "\\' OR Name != '", "'\\\\\\' OR Name != \\''"],
    ['double quote', 'say "hi"', '\'say \\"hi\\"\''],
    ['newline, CR, tab', 'a\nb\rc\td', "'a\\nb\\rc\\td'"],
    ['backspace and form feed', 'a\bb\fc', "'a\\bb\\fc'"],
    ['other control characters', 'a\u0000b\u001fc\u007f', "'a\\u0000b\\u001fc\\u007f'"],
    ['accents and emoji stay as they are', 'Zoë 🚀 東京', "'Zoë 🚀 東京'"],
    ['unpaired surrogate', 'a\ud800b', "'a\\ud800b'"],
  ])('%s', (_name, input, expected) => {
    expect(soqlString(input)).toBe(expected);
    expect(decoded(soqlString(input))).toBe(input);
  });

  test.each([
    "' OR Name != '",
    "x' OR Email != '",
    "\\' OR Email != null OR Email = \\'",
    'x\\',
    "') OR (Email != '",
  ])('injection attempt %p stays one literal', (attempt) => {
    const where = whereOf(soql`SELECT Id FROM Contact WHERE Email = ${attempt}`);
    expect(where).toEqual({
      kind: 'compare',
      field: expect.objectContaining({ text: 'Email' }),
      op: '=',
      value: { kind: 'string', value: attempt },
    });
  });

  test("jsforce's own escaping leaves a trailing backslash that swallows the closing quote", () => {
    const theirs = createSOQL({ table: 'Contact', fields: ['Id'], conditions: { Email: 'x\\' } });
    expect(() => parseSoql(theirs)).toThrow(/unterminated string literal/);
    expect(decoded(soqlString('x\\'))).toBe('x\\');
  });

  test('property: the SOQL parser decodes exactly the original string', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        expect(decoded(soqlString(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  test('property: two values never change the structure of the condition', () => {
    fc.assert(
      fc.property(anyString, anyString, (email, name) => {
        const where = whereOf(soql`SELECT Id FROM Contact WHERE Email = ${email} AND Name = ${name}`);
        expect(where?.kind).toBe('and');
        if (where?.kind !== 'and') return;
        expect(where.items.map((c) => (c.kind === 'compare' ? c.value : null))).toEqual([
          { kind: 'string', value: email },
          { kind: 'string', value: name },
        ]);
      }),
      { numRuns: 1000 },
    );
  });

  test('property: every encoded query can be URL-encoded (jsforce sends it as ?q=)', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        expect(() => encodeURIComponent(soql`SELECT Id FROM Contact WHERE Email = ${value}`)).not.toThrow();
      }),
    );
  });
});

describe('soqlValue and the soql template', () => {
  test('other literal types and IN lists', () => {
    expect(soqlValue(true)).toBe('true');
    expect(soqlValue(null)).toBe('null');
    expect(soqlValue(42)).toBe('42');
    expect(soqlValue(['a', "b'c"])).toBe("('a', 'b\\'c')");
    expect(soql`SELECT Id FROM Account WHERE Id IN ${['001000000000001AAA']} LIMIT ${1}`).toBe(
      "SELECT Id FROM Account WHERE Id IN ('001000000000001AAA') LIMIT 1",
    );
  });

  test('refuses what SOQL cannot express', () => {
    expect(() => soqlValue([])).toThrow(/at least one/);
    expect(() => soqlValue(Number.NaN)).toThrow(TypeError);
    expect(() => soqlValue(1e21)).toThrow(TypeError);
  });
});
