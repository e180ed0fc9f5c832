/**
 * Our own SOQL literal encoding: every value that reaches a query goes through `soqlString` (or
 * the `soql` tagged template that applies it), never string concatenation. jsforce's escaper
 * only doubles quotes, so a value ending in a backslash swallows the closing quote; here the
 * backslash is escaped first, per the SOQL reference ("Quoted String Escape Sequences",
 * "Reserved Characters"): `\\ \' \" \n \r \t \b \f`, and `\uXXXX` for every other control
 * character and for unpaired UTF-16 surrogates (which `encodeURIComponent` cannot send).
 */

const escapes: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

const unicodeEscape = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** A quoted SOQL string literal for any JavaScript string. */
export function soqlString(value: string): string {
  let out = "'";
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    const code = value.charCodeAt(i);
    if (c in escapes) {
      out += escapes[c];
    } else if (code < 0x20 || code === 0x7f) {
      out += unicodeEscape(code);
    } else if (isHighSurrogate(code) && isLowSurrogate(value.charCodeAt(i + 1))) {
      out += c + value[i + 1];
      i += 1;
    } else if (isHighSurrogate(code) || isLowSurrogate(code)) {
      out += unicodeEscape(code);
    } else {
      out += c;
    }
  }
  return `${out}'`;
}

export type SoqlScalar = string | number | boolean | null;
export type SoqlValue = SoqlScalar | readonly SoqlScalar[];

function literal(value: SoqlScalar): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return soqlString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value) && !/e/i.test(String(value))) return String(value);
  throw new TypeError(`not a SOQL literal: ${String(value)}`);
}

/** A value as SOQL: a literal, or a parenthesised list for `IN (…)` (never empty: SOQL refuses `IN ()`). */
export function soqlValue(value: SoqlValue): string {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new TypeError('an IN list needs at least one value');
    return `(${value.map(literal).join(', ')})`;
  }
  return literal(value as SoqlScalar);
}

/**
 * A query with every interpolated value encoded, e.g.
 * soql`SELECT Id FROM Contact WHERE Email = ${email} LIMIT 2`.
 * Field and object names are never interpolated: they are part of the template.
 */
export function soql(strings: TemplateStringsArray, ...values: SoqlValue[]): string {
  return strings.reduce(
    (query, part, i) => query + part + (i < values.length ? soqlValue(values[i]) : ''),
    '',
  );
}
