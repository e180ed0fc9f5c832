/**
 * Zendesk's search query syntax, the subset the simulator answers
 * (https://support.zendesk.com/hc/en-us/articles/4408886879258): whitespace-separated terms,
 * `keyword:value` (also `<`, `>`, `<=`, `>=`), `-` to negate a term, double-quoted values for
 * phrases (`\"` and `\\` escaped inside quotes), and bare words searched as text.
 */
export interface SearchTerm {
  /** Lower-cased keyword; null for a bare word or phrase. */
  key: string | null;
  op: ':' | '<' | '>' | '<=' | '>=';
  value: string;
  negate: boolean;
}

export function parseSearchQuery(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  let i = 0;
  const n = query.length;
  const readValue = (): string => {
    if (query[i] === '"') {
      i += 1;
      let value = '';
      while (i < n && query[i] !== '"') {
        if (query[i] === '\\' && i + 1 < n) i += 1;
        value += query[i];
        i += 1;
      }
      i += 1;
      return value;
    }
    const start = i;
    while (i < n && !/\s/.test(query[i])) i += 1;
    return query.slice(start, i);
  };
  while (i < n) {
    if (/\s/.test(query[i])) {
      i += 1;
      continue;
    }
    let negate = false;
    if (query[i] === '-' && i + 1 < n && !/\s/.test(query[i + 1])) {
      negate = true;
      i += 1;
    }
    const keyword = /^([A-Za-z_][A-Za-z0-9_]*)(<=|>=|:|<|>)/.exec(query.slice(i));
    if (keyword) {
      i += keyword[0].length;
      terms.push({
        key: keyword[1].toLowerCase(),
        op: keyword[2] as SearchTerm['op'],
        value: readValue(),
        negate,
      });
    } else {
      const value = readValue();
      if (value !== '') terms.push({ key: null, op: ':', value, negate });
    }
  }
  return terms;
}
