import type { SimTicketField } from './model';

/**
 * What the data contract says about each ticket custom field (DESIGN.md, "Data contract"), keyed
 * by the field's name in the fixture world. The world gives the ids; this gives the type, title
 * and drop-down options that `GET /api/v2/ticket_fields.json` serves.
 */
const contract: Record<string, Pick<SimTicketField, 'type' | 'title'> & { options?: string[] }> = {
  impact: {
    type: 'tagger',
    title: 'Impact',
    options: ['emergency', 'highly_degraded', 'medium', 'low'],
  },
  partner_situation: {
    type: 'tagger',
    title: 'Partner situation',
    options: ['customer_issue', 'partner_commercial', 'partner_internal'],
  },
  partner_case_number: { type: 'text', title: 'Partner case number' },
  nfr_software: { type: 'checkbox', title: 'NFR software' },
};

const label = (value: string): string =>
  value.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());

export function ticketFieldRecord(key: string, id: number, position: number, at: string): SimTicketField {
  const known = contract[key] ?? { type: 'text' as const, title: label(key) };
  return {
    id,
    key,
    type: known.type,
    title: known.title,
    raw_title: known.title,
    active: true,
    required: false,
    position,
    custom_field_options: known.options?.map((value, index) => ({
      id: id * 10 + index + 1,
      name: label(value),
      raw_name: label(value),
      value,
      default: false,
    })),
    created_at: at,
    updated_at: at,
  };
}

/** The value a field holds when a ticket never set it: checkboxes are false, the rest null. */
export const emptyValue = (field: SimTicketField): unknown => (field.type === 'checkbox' ? false : null);
