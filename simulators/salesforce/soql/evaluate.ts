import { SalesforceError } from '../errors';
import {
  fieldDef,
  isSalesforceId,
  relationshipDef,
  sameId,
  sobjectDef,
  type FieldDef,
  type SObjectDef,
} from '../schema';
import type { SfRecord } from '../store';
import type { CompareOp, Condition, FieldRef, Literal, SoqlQuery } from './parser';

export interface RecordSource {
  all(type: string): SfRecord[];
  get(type: string, id: string): SfRecord | undefined;
}

/** A field path resolved against the schema: the lookups to follow, then the field to read. */
interface ResolvedField {
  ref: FieldRef;
  lookups: FieldDef[];
  field: FieldDef;
}

const invalidField = (message: string): SalesforceError => new SalesforceError(400, 'INVALID_FIELD', message);
const invalidFilter = (message: string): SalesforceError =>
  new SalesforceError(400, 'INVALID_QUERY_FILTER_OPERATOR', message);

function resolve(base: SObjectDef, ref: FieldRef): ResolvedField {
  const path =
    ref.path.length > 1 && ref.path[0].toLowerCase() === base.name.toLowerCase()
      ? ref.path.slice(1)
      : ref.path;
  const lookups: FieldDef[] = [];
  let def = base;
  for (const name of path.slice(0, -1)) {
    const lookup = relationshipDef(def, name);
    const target = lookup?.referenceTo ? sobjectDef(lookup.referenceTo) : undefined;
    if (!lookup || !target) {
      throw invalidField(
        `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
      );
    }
    lookups.push(lookup);
    def = target;
  }
  const last = path[path.length - 1];
  const field = fieldDef(def, last);
  if (!field) {
    throw invalidField(
      `No such column '${last}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
    );
  }
  return { ref, lookups, field };
}

/** The records along a path's lookups (undefined where a lookup is empty or dangling). */
function follow(source: RecordSource, record: SfRecord, lookups: FieldDef[]): Array<SfRecord | undefined> {
  const chain: Array<SfRecord | undefined> = [];
  let current: SfRecord | undefined = record;
  for (const lookup of lookups) {
    const id: unknown = current?.[lookup.name];
    current = typeof id === 'string' && lookup.referenceTo ? source.get(lookup.referenceTo, id) : undefined;
    chain.push(current);
  }
  return chain;
}

function valueOf(source: RecordSource, record: SfRecord, resolved: ResolvedField): unknown {
  const chain = follow(source, record, resolved.lookups);
  const owner = resolved.lookups.length === 0 ? record : chain[chain.length - 1];
  return owner?.[resolved.field.name] ?? null;
}

const isText = (field: FieldDef): boolean => ['string', 'email', 'picklist', 'textarea'].includes(field.type);
const isIdLike = (field: FieldDef): boolean => field.type === 'id' || field.type === 'reference';

/** Literal type checks, as Salesforce does them before running a filter. */
function checkLiteral(field: FieldDef, literal: Literal): void {
  if (literal.kind === 'null') return;
  if (isIdLike(field)) {
    if (literal.kind !== 'string') {
      throw invalidFilter(
        `value of filter criterion for field '${field.name}' must be of type id and should be enclosed in quotes`,
      );
    }
    if (!isSalesforceId(literal.value)) throw invalidFilter(`invalid ID field: ${literal.value}`);
  } else if (isText(field) && literal.kind !== 'string') {
    throw invalidFilter(
      `value of filter criterion for field '${field.name}' must be of type string and should be enclosed in quotes`,
    );
  } else if (field.type === 'boolean' && literal.kind !== 'boolean') {
    throw invalidFilter(
      `value of filter criterion for field '${field.name}' must be of type boolean and should not be enclosed in quotes`,
    );
  } else if (field.type === 'date' || field.type === 'datetime') {
    throw invalidFilter(`value of filter criterion for field '${field.name}' must be a date literal`);
  }
}

/** Orders two non-null values: text case-insensitively (as SOQL compares), Ids by their 15-char form. */
function order(field: FieldDef, a: unknown, b: unknown): number {
  if (isIdLike(field)) return String(a).slice(0, 15).localeCompare(String(b).slice(0, 15));
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return Number(a) - Number(b);
}

function equals(field: FieldDef, actual: unknown, literal: Literal): boolean {
  if (literal.kind === 'null') return actual === null;
  if (actual === null) return false;
  if (isIdLike(field)) return sameId(String(actual), String(literal.value));
  return order(field, actual, literal.value) === 0;
}

function compare(field: FieldDef, actual: unknown, op: CompareOp, literal: Literal): boolean {
  if (op === '=') return equals(field, actual, literal);
  if (op === '!=') return !equals(field, actual, literal);
  if (field.type === 'boolean') throw invalidFilter(`invalid operator on boolean field: ${op}`);
  if (literal.kind === 'null' || actual === null) return false;
  const c = order(field, actual, literal.value);
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

function matcher(base: SObjectDef, source: RecordSource, condition: Condition): (r: SfRecord) => boolean {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      const parts = condition.items.map((item) => matcher(base, source, item));
      return condition.kind === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
    }
    case 'not': {
      const inner = matcher(base, source, condition.item);
      return (r) => !inner(r);
    }
    default:
      break;
  }
  const resolved = resolve(base, condition.field);
  const { field } = resolved;
  if (!field.filterable) {
    throw invalidField(`field '${field.name}' can not be filtered in a query call`);
  }
  if (condition.kind === 'compare') {
    checkLiteral(field, condition.value);
    return (r) => compare(field, valueOf(source, r, resolved), condition.op, condition.value);
  }
  if (condition.kind === 'in') {
    condition.values.forEach((v) => checkLiteral(field, v));
    return (r) => {
      const actual = valueOf(source, r, resolved);
      const found = condition.values.some((v) => equals(field, actual, v));
      return condition.negated ? !found : found;
    };
  }
  if (!isText(field)) throw invalidFilter(`invalid operator on field '${field.name}': LIKE`);
  return (r) => {
    const actual = valueOf(source, r, resolved);
    return typeof actual === 'string' && condition.pattern.test(actual);
  };
}

const recordUrl = (version: string, type: string, id: string): string =>
  `/services/data/${version}/sobjects/${type}/${id}`;

/** One result row in the REST shape: `attributes`, fields, and nested relationship objects. */
function row(source: RecordSource, version: string, record: SfRecord, type: string, fields: ResolvedField[]) {
  const out: Record<string, unknown> = { attributes: { type, url: recordUrl(version, type, record.Id) } };
  for (const resolved of fields) {
    const chain = follow(source, record, resolved.lookups);
    let target = out;
    let reachable = true;
    resolved.lookups.forEach((lookup, i) => {
      if (!reachable) return;
      const related = chain[i];
      const name = lookup.relationshipName as string;
      if (!related) {
        target[name] = null;
        reachable = false;
        return;
      }
      const relatedType = lookup.referenceTo as string;
      const existing = target[name] as Record<string, unknown> | null | undefined;
      target[name] = existing ?? {
        attributes: { type: relatedType, url: recordUrl(version, relatedType, related.Id) },
      };
      target = target[name] as Record<string, unknown>;
    });
    if (reachable) target[resolved.field.name] = valueOf(source, record, resolved);
  }
  return out;
}

/** Runs a parsed query: validation errors are SalesforceErrors in the REST API's error shape. */
export function evaluate(
  source: RecordSource,
  query: SoqlQuery,
  version: string,
): Array<Record<string, unknown>> {
  const base = sobjectDef(query.from.name);
  if (!base) {
    throw new SalesforceError(
      400,
      'INVALID_TYPE',
      `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
    );
  }
  const fields = query.fields.map((ref) => resolve(base, ref));
  const seen = new Set<string>();
  for (const f of fields) {
    const key = [...f.lookups.map((l) => l.relationshipName), f.field.name].join('.').toLowerCase();
    if (seen.has(key))
      throw new SalesforceError(400, 'MALFORMED_QUERY', `duplicate field selected: ${f.ref.text}`);
    seen.add(key);
  }
  const where = query.where ? matcher(base, source, query.where) : () => true;
  const sorts = query.orderBy.map((o) => ({ ...o, resolved: resolve(base, o.field) }));
  if (query.offset !== undefined && query.offset > 2000) {
    throw new SalesforceError(400, 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
  }

  let matches = source.all(base.name).filter(where);
  if (sorts.length > 0) {
    matches = [...matches].sort((a, b) => {
      for (const s of sorts) {
        const x = valueOf(source, a, s.resolved);
        const y = valueOf(source, b, s.resolved);
        if (x === null && y === null) continue;
        if (x === null || y === null) return (x === null) === s.nullsLast ? 1 : -1;
        const c = order(s.resolved.field, x, y);
        if (c !== 0) return s.descending ? -c : c;
      }
      return 0;
    });
  }
  const start = query.offset ?? 0;
  const end = query.limit !== undefined ? start + query.limit : undefined;
  return matches.slice(start, end).map((r) => row(source, version, r, base.name, fields));
}
