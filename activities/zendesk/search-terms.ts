/**
 * A user-supplied value as one quoted term of a Zendesk search query, so that it cannot add
 * terms of its own (`T1 type:user`, a stray quote): quotes and backslashes are escaped inside
 * double quotes, and line breaks (which no stored value of ours holds) become spaces. Callers
 * still compare every result with the exact value, since a search is only a candidate list.
 */
export function quoteSearchValue(value: string): string {
  const escaped = value.replace(/[\r\n\t]+/g, ' ').replace(/["\\]/g, (c) => `\\${c}`);
  return `"${escaped}"`;
}
