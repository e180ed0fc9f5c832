import { decodeSoqlString, errorAt, likePattern, tokenize, type Token } from './lexer';

/**
 * The SOQL subset the simulator understands:
 *   SELECT field[, field…] FROM Type
 *   [WHERE condition] [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST][, …]] [LIMIT n] [OFFSET n]
 * Fields may be relationship paths (`Account.Name`, `Owner.Email`). Conditions: `= != <> < <= > >=`,
 * `[NOT] IN (…)`, `LIKE`, `NOT`, parentheses, and `AND`/`OR` (never mixed without parentheses,
 * as in SOQL). Values: string literals with SOQL escapes, numbers, `true`, `false`, `null`.
 */

export interface FieldRef {
  path: string[];
  text: string;
  pos: number;
}

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'compare'; field: FieldRef; op: CompareOp; value: Literal }
  | { kind: 'in'; field: FieldRef; negated: boolean; values: Literal[] }
  | { kind: 'like'; field: FieldRef; pattern: RegExp }
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition };

export interface OrderBy {
  field: FieldRef;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  fields: FieldRef[];
  from: { name: string; pos: number };
  where?: Condition;
  orderBy: OrderBy[];
  limit?: number;
  offset?: number;
}

class Parser {
  private i = 0;

  constructor(
    private readonly soql: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    const token = this.tokens[this.i];
    if (token.kind !== 'eof') this.i += 1;
    return token;
  }

  private fail(token: Token = this.peek()): never {
    const text =
      token.kind === 'eof' ? '<EOF>' : token.kind === 'string' ? `'${token.raw}'` : (token.text as string);
    throw errorAt(this.soql, token.pos, `unexpected token: ${text}`);
  }

  private isKeyword(word: string, token: Token = this.peek()): boolean {
    return token.kind === 'ident' && token.text.toUpperCase() === word;
  }

  private accept(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.i += 1;
    return true;
  }

  private expect(word: string): void {
    if (!this.accept(word)) this.fail();
  }

  private punct(text: '(' | ')' | ','): boolean {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === text) {
      this.i += 1;
      return true;
    }
    return false;
  }

  query(): SoqlQuery {
    this.expect('SELECT');
    const fields = [this.fieldRef()];
    while (this.punct(',')) fields.push(this.fieldRef());
    this.expect('FROM');
    const from = this.next();
    if (from.kind !== 'ident' || from.text.includes('.')) this.fail(from);
    const query: SoqlQuery = { fields, from: { name: from.text, pos: from.pos }, orderBy: [] };
    if (this.accept('WHERE')) query.where = this.condition();
    if (this.accept('ORDER')) {
      this.expect('BY');
      do query.orderBy.push(this.orderItem());
      while (this.punct(','));
    }
    if (this.accept('LIMIT')) query.limit = this.integer();
    if (this.accept('OFFSET')) query.offset = this.integer();
    if (this.peek().kind !== 'eof') this.fail();
    return query;
  }

  private fieldRef(): FieldRef {
    const token = this.next();
    if (token.kind !== 'ident') this.fail(token);
    return { path: token.text.split('.'), text: token.text, pos: token.pos };
  }

  private integer(): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^[0-9]+$/.test(token.text)) this.fail(token);
    return Number(token.text);
  }

  private orderItem(): OrderBy {
    const field = this.fieldRef();
    const descending = this.accept('DESC');
    if (!descending) this.accept('ASC');
    let nullsLast = descending;
    if (this.accept('NULLS')) {
      if (this.accept('LAST')) nullsLast = true;
      else if (this.accept('FIRST')) nullsLast = false;
      else this.fail();
    }
    return { field, descending, nullsLast };
  }

  /** A list of terms joined by one of AND/OR: SOQL refuses mixing them without parentheses. */
  private condition(): Condition {
    const items = [this.term()];
    let joiner: 'AND' | 'OR' | undefined;
    for (;;) {
      const word = this.isKeyword('AND') ? 'AND' : this.isKeyword('OR') ? 'OR' : undefined;
      if (!word) break;
      if (joiner && joiner !== word) this.fail();
      joiner = word;
      this.i += 1;
      items.push(this.term());
    }
    if (!joiner) return items[0];
    return { kind: joiner === 'AND' ? 'and' : 'or', items };
  }

  private term(): Condition {
    if (this.accept('NOT')) return { kind: 'not', item: this.term() };
    if (this.punct('(')) {
      const inner = this.condition();
      if (!this.punct(')')) this.fail();
      return inner;
    }
    const field = this.fieldRef();
    const token = this.peek();
    if (token.kind === 'op') {
      this.i += 1;
      const op = (token.text === '<>' ? '!=' : token.text) as CompareOp;
      return { kind: 'compare', field, op, value: this.literal() };
    }
    if (this.accept('LIKE')) {
      const pattern = this.next();
      if (pattern.kind !== 'string') this.fail(pattern);
      return { kind: 'like', field, pattern: likePattern(pattern.raw) };
    }
    const negated = this.accept('NOT');
    if (this.accept('IN')) {
      if (!this.punct('(')) this.fail();
      const values = [this.literal()];
      while (this.punct(',')) values.push(this.literal());
      if (!this.punct(')')) this.fail();
      return { kind: 'in', field, negated, values };
    }
    return this.fail();
  }

  private literal(): Literal {
    const token = this.next();
    if (token.kind === 'string') return { kind: 'string', value: decodeSoqlString(token.raw) };
    if (token.kind === 'number') return { kind: 'number', value: Number(token.text) };
    if (this.isKeyword('TRUE', token)) return { kind: 'boolean', value: true };
    if (this.isKeyword('FALSE', token)) return { kind: 'boolean', value: false };
    if (this.isKeyword('NULL', token)) return { kind: 'null' };
    return this.fail(token);
  }
}

/** Parses SOQL; a syntax error is a `MALFORMED_QUERY` SalesforceError. */
export function parseSoql(soql: string): SoqlQuery {
  return new Parser(soql, tokenize(soql)).query();
}
