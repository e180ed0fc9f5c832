import type { SimOrganization, SimTicket, SimUser } from './model';
import { ticketPriorities, ticketStatuses } from './model';
import type { SearchTerm } from './search-query';
import type { ZendeskSimState } from './store';

/** Whether one record matches every term of a query (terms of an unknown keyword match nothing). */
type Matcher<T> = (record: T, term: SearchTerm) => boolean;

const lower = (value: unknown): string => String(value ?? '').toLowerCase();
const eq = (value: unknown, wanted: string): boolean =>
  value !== null && value !== undefined && lower(value) === lower(wanted);
const contains = (value: unknown, wanted: string): boolean => lower(value).includes(lower(wanted));

function ordered(order: readonly string[], value: string | null, term: SearchTerm): boolean {
  const have = value === null ? -1 : order.indexOf(value);
  const want = order.indexOf(lower(term.value));
  if (want < 0) return false;
  switch (term.op) {
    case '<':
      return have >= 0 && have < want;
    case '>':
      return have > want;
    case '<=':
      return have >= 0 && have <= want;
    case '>=':
      return have >= want;
    default:
      return have === want;
  }
}

function dated(value: string, term: SearchTerm): boolean {
  const have = value.slice(0, term.value.length);
  switch (term.op) {
    case '<':
      return have < term.value;
    case '>':
      return have > term.value;
    case '<=':
      return have <= term.value;
    case '>=':
      return have >= term.value;
    default:
      return have === term.value;
  }
}

const idOrName = (id: number | null, name: string | undefined, wanted: string): boolean =>
  id !== null && (String(id) === wanted || (name !== undefined && eq(name, wanted)));

export function ticketMatcher(state: ZendeskSimState): Matcher<SimTicket> {
  return (t, term) => {
    const key = term.key;
    const v = term.value;
    const fields = t.custom_fields;
    if (key === null) {
      const comments = state.comments.get(t.id) ?? [];
      return (
        contains(t.subject, v) || contains(t.description, v) || comments.some((c) => contains(c.body, v))
      );
    }
    const customField = /^custom_field_(\d+)$/.exec(key);
    if (customField) return fields.some((f) => f.id === Number(customField[1]) && eq(f.value, v));
    switch (key) {
      case 'type':
        return lower(v) === 'ticket';
      case 'status':
        return ordered(ticketStatuses, t.status, term);
      case 'priority':
        return ordered(ticketPriorities, t.priority, term);
      case 'tags':
      case 'tag':
        return t.tags.includes(lower(v));
      case 'external_id':
        return eq(t.external_id, v);
      case 'fieldvalue':
        return fields.some((f) => eq(f.value, v));
      case 'subject':
        return contains(t.subject, v);
      case 'description':
        return contains(t.description, v);
      case 'requester':
      case 'requester_id':
        return String(t.requester_id) === v || eq(state.users.get(t.requester_id)?.email, v);
      case 'organization':
      case 'organization_id':
        return idOrName(t.organization_id, state.organizations.get(t.organization_id ?? -1)?.name, v);
      case 'group':
      case 'group_id':
        return idOrName(t.group_id, state.groups.get(t.group_id ?? -1)?.name, v);
      case 'form':
      case 'ticket_form_id':
        return idOrName(t.ticket_form_id, state.ticketForms.get(t.ticket_form_id ?? -1)?.name, v);
      case 'created':
      case 'created_at':
        return dated(t.created_at, term);
      case 'updated':
      case 'updated_at':
        return dated(t.updated_at, term);
      default:
        return false;
    }
  };
}

export function userMatcher(state: ZendeskSimState): Matcher<SimUser> {
  return (u, term) => {
    const v = term.value;
    switch (term.key) {
      case null:
        return contains(u.name, v) || contains(u.email, v);
      case 'type':
        return lower(v) === 'user';
      case 'email':
        return eq(u.email, v);
      case 'name':
        return contains(u.name, v);
      case 'role':
        return eq(u.role, v);
      case 'external_id':
        return eq(u.external_id, v);
      case 'tags':
      case 'tag':
        return u.tags.includes(lower(v));
      case 'organization':
      case 'organization_id':
        return idOrName(u.organization_id, state.organizations.get(u.organization_id ?? -1)?.name, v);
      default:
        return false;
    }
  };
}

export const organizationMatcher: Matcher<SimOrganization> = (o, term) => {
  const v = term.value;
  switch (term.key) {
    case null:
      return contains(o.name, v) || contains(o.notes, v);
    case 'type':
      return lower(v) === 'organization';
    case 'name':
      return eq(o.name, v);
    case 'external_id':
      return eq(o.external_id, v);
    case 'tags':
    case 'tag':
      return o.tags.includes(lower(v));
    case 'notes':
      return contains(o.notes, v);
    default:
      return false;
  }
};

export const matchesAll = <T>(record: T, terms: SearchTerm[], matcher: Matcher<T>): boolean =>
  terms.every((term) => matcher(record, term) !== term.negate);
