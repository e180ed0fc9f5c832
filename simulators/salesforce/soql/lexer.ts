import { malformedQuery } from '../errors';

/**
 * SOQL tokens. String literals keep their raw body (between the quotes) so that the parser can
 * decode them for `=`/`IN` or turn them into a LIKE pattern, where `\%` and `\_` differ.
 */
export type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; raw: string; pos: number }
  | { kind: 'number'; text: string; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ','; pos: number }
  | { kind: 'eof'; pos: number };

export const errorAt = (soql: string, pos: number, problem: string): Error =>
  malformedQuery(`\n${soql}\n${' '.repeat(pos)}^\nERROR at Row:1:Column:${pos + 1}\n${problem}`);

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      const start = i;
      i += 1;
      let raw = '';
      for (;;) {
        if (i >= soql.length) throw errorAt(soql, start, 'unterminated string literal');
        const ch = soql[i];
        if (ch === '\\') {
          if (i + 1 >= soql.length) throw errorAt(soql, i, 'unterminated string literal');
          raw += ch + soql[i + 1];
          i += 2;
        } else if (ch === "'") {
          i += 1;
          break;
        } else {
          raw += ch;
          i += 1;
        }
      }
      tokens.push({ kind: 'string', raw, pos: start });
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(soql.slice(i));
      const text = match?.[0] ?? c;
      tokens.push({ kind: 'ident', text, pos: i });
      i += text.length;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(soql[i + 1] ?? ''))) {
      const text = /^-?[0-9]+(?:\.[0-9]+)?/.exec(soql.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'number', text, pos: i });
      i += text.length;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i += 1;
    } else {
      const op = ['!=', '<>', '<=', '>=', '=', '<', '>'].find((o) => soql.startsWith(o, i));
      if (!op) throw errorAt(soql, i, `unexpected token: ${c}`);
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', pos: soql.length });
  return tokens;
}

/** One character of a decoded literal; `wildcard` marks an unescaped `%`/`_` (LIKE only). */
interface LiteralPart {
  text: string;
  wildcard?: '%' | '_';
}

const simpleEscapes: Record<string, string> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/**
 * Decodes a literal's raw body per "Quoted String Escape Sequences" (SOQL and SOSL Reference):
 * `\n \r \t \b \f \" \' \\ \uXXXX`, and `\% \_` in LIKE expressions only; any other use of a
 * backslash is an error.
 */
function scanLiteral(raw: string, like: boolean): LiteralPart[] {
  const parts: LiteralPart[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (c !== '\\') {
      parts.push(like && (c === '%' || c === '_') ? { text: c, wildcard: c } : { text: c });
      continue;
    }
    const next = raw[i + 1];
    i += 1;
    if (next !== undefined && next in simpleEscapes) {
      parts.push({ text: simpleEscapes[next] });
    } else if (like && (next === '%' || next === '_')) {
      parts.push({ text: next });
    } else if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(raw.slice(i + 1, i + 5))) {
      parts.push({ text: String.fromCharCode(parseInt(raw.slice(i + 1, i + 5), 16)) });
      i += 4;
    } else {
      throw malformedQuery(`Invalid string literal '${raw}'. Illegal character sequence '\\${next ?? ''}'`);
    }
  }
  return parts;
}

export function decodeSoqlString(raw: string): string {
  return scanLiteral(raw, false)
    .map((p) => p.text)
    .join('');
}

/** A LIKE pattern as a case-insensitive regular expression (`%` any run, `_` one character). */
export function likePattern(raw: string): RegExp {
  const source = scanLiteral(raw, true)
    .map((p) => {
      if (p.wildcard === '%') return '[\\s\\S]*';
      if (p.wildcard === '_') return '[\\s\\S]';
      return p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, 'i');
}
