import { invalidField, recordInvalid, type FieldError } from './errors';
import type { SimTicket, SimTicketField } from './model';
import type { ZendeskSimState } from './store';

/** Tags as Zendesk stores them: lower case, split on spaces, without duplicates. */
export function normalizeTags(input: unknown): string[] {
  const raw = Array.isArray(input) ? input : typeof input === 'string' ? [input] : [];
  const tags = raw
    .filter((tag): tag is string | number => typeof tag === 'string' || typeof tag === 'number')
    .flatMap((tag) => String(tag).trim().toLowerCase().split(/\s+/))
    .filter((tag) => tag.length > 0);
  return [...new Set(tags)];
}

function fieldValue(field: SimTicketField, value: unknown): unknown {
  if (value === null || value === undefined) return field.type === 'checkbox' ? false : null;
  switch (field.type) {
    case 'checkbox':
      if (typeof value === 'boolean') return value;
      throw recordInvalid(invalidField('custom_fields', field.title, value));
    case 'tagger': {
      if (value === '') return null;
      const options = field.custom_field_options?.map((option) => option.value) ?? [];
      if (typeof value === 'string' && options.includes(value)) return value;
      throw recordInvalid(invalidField('custom_fields', field.title, value));
    }
    default:
      if (typeof value === 'string') return value === '' ? null : value;
      if (typeof value === 'number') return String(value);
      throw recordInvalid(invalidField('custom_fields', field.title, value));
  }
}

/**
 * Applies `custom_fields` (or its alias `fields`), `[{ id, value }]`, to a ticket; unknown field
 * ids are ignored as Zendesk ignores them; a value a field cannot hold is 422 RecordInvalid.
 * Returns the ids whose value changed, with the previous value.
 */
export function applyCustomFields(
  state: ZendeskSimState,
  ticket: Pick<SimTicket, 'custom_fields'>,
  input: unknown,
): Map<number, unknown> {
  const changed = new Map<number, unknown>();
  if (input === undefined || input === null) return changed;
  if (!Array.isArray(input)) {
    throw recordInvalid({
      field: 'custom_fields',
      description: 'Custom fields: must be a list',
      error: 'InvalidValue',
    });
  }
  for (const entry of input as Array<{ id?: unknown; value?: unknown }>) {
    const id = Number(entry?.id);
    const field = state.ticketFields.get(id);
    if (!field) continue;
    const value = fieldValue(field, entry.value);
    const slot = ticket.custom_fields.find((f) => f.id === id);
    if (!slot) ticket.custom_fields.push({ id, value });
    else if (slot.value !== value) {
      if (!changed.has(id)) changed.set(id, slot.value);
      slot.value = value;
    }
  }
  return changed;
}

/** Checks that a referenced record exists: `null` clears the reference, an unknown id is 422. */
export function reference<T>(
  value: unknown,
  lookup: (id: number) => T | undefined,
  field: string,
  label: string,
  errors: FieldError[],
): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const id = Number(value);
  if (!Number.isInteger(id) || lookup(id) === undefined) {
    errors.push({
      field,
      description: `${label}: ${JSON.stringify(value)} is invalid`,
      error: 'InvalidValue',
    });
    return undefined;
  }
  return id;
}
