import fc from 'fast-check';

/**
 * Building blocks for the fuzz tests: JSON values of every type but one, strings that break a
 * given format, and mutations of a valid payload written as data (a path and a value), so that a
 * counterexample prints as what was changed.
 */

/** Any short string: ASCII most of the time, any code point (emoji, accents, controls) sometimes. */
export const anyText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'binary', maxLength }));

/**
 * Without `__proto__` or `constructor` keys, which the server's JSON parser refuses before any
 * schema sees them (400 MalformedJson): those are named cases of the bad-input table.
 */
const withoutPrototypeKeys = (value: unknown): boolean =>
  !/"(__proto__|constructor)"\s*:/.test(JSON.stringify(value));
export const plainJson = (maxDepth = 2): fc.Arbitrary<unknown> =>
  fc.jsonValue({ maxDepth }).filter(withoutPrototypeKeys);
const smallJson = plainJson();
const anyArray = fc.array(smallJson, { maxLength: 3 });
const anyObject = fc
  .dictionary(fc.string({ maxLength: 6 }), smallJson, { maxKeys: 3 })
  .filter(withoutPrototypeKeys);

/** JSON values of every type but the one named (objects and arrays count as different types). */
export const jsonOtherThan = (
  type: 'string' | 'number' | 'boolean' | 'object' | 'array',
  { withNull = true }: { withNull?: boolean } = {},
): fc.Arbitrary<unknown> => {
  const byType: Record<string, fc.Arbitrary<unknown>> = {
    string: anyText(),
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    boolean: fc.boolean(),
    object: anyObject,
    array: anyArray,
  };
  const others = Object.entries(byType)
    .filter(([name]) => name !== type)
    .map(([, arbitrary]) => arbitrary);
  return fc.oneof(...others, ...(withNull ? [fc.constant(null)] : []));
};

/** Strings of blanks only (empty included): what a `.trim().min(1)` refuses. */
export const blank = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r'), maxLength: 5 });

/** Strings with no blanks at either end, longer than `max` once trimmed. */
export const tooLong = (max: number): fc.Arbitrary<string> =>
  fc.integer({ min: max + 1, max: max + 50 }).map((length) => 'x'.repeat(length));

/** A number that is not a whole number (JSON has no NaN or Infinity). */
export const fraction = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })
  .filter((value) => !Number.isInteger(value));

/** A change to a JSON payload: the value at `path` replaced, or removed. */
export interface Mutation {
  label: string;
  path: readonly string[];
  /** Absent: the key is removed. */
  value?: unknown;
  remove?: true;
}

export const setTo = (label: string, path: readonly string[], value: fc.Arbitrary<unknown>) =>
  value.map((v): Mutation => ({ label, path, value: v }));
export const removed = (path: readonly string[]): fc.Arbitrary<Mutation> =>
  fc.constant({ label: `without ${path.join('.')}`, path, remove: true });

/** A deep copy of `payload` with the mutation applied (missing objects on the path are created). */
export function applyMutation<T>(payload: T, mutation: Mutation): T {
  const copy = structuredClone(payload) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of mutation.path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = mutation.path[mutation.path.length - 1];
  if (mutation.remove) delete node[last];
  else node[last] = mutation.value;
  return copy as T;
}

/** Syntax errors: a serialized JSON object cut short, or followed by something that is not blank. */
export const brokenJson = (serialized: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min: 1, max: serialized.length - 1 }).map((end) => serialized.slice(0, end)),
    fc
      .tuple(fc.constantFrom('x', '}', ',', '{', '"', 'null', ']'), fc.string({ maxLength: 10 }))
      .map(([first, rest]) => `${serialized}${first}${rest}`),
  );

/** Arbitrary bytes as a body (not necessarily UTF-8). */
export const randomBytes = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes));

/** Header-safe strings (visible ASCII): what a client can put in a header at all. */
export const headerText = (maxLength = 60): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
