import type { AppConfig } from '../../config';
import { unexpectedBody } from './request';
import type { ZendeskOrganization, ZendeskTicket, ZendeskUser } from './types';

/** The Support API's JSON, as far as the activities read it. */
export interface WireTicket {
  id: number;
  subject?: string | null;
  description?: string | null;
  status: string;
  priority?: string | null;
  requester_id: number;
  organization_id?: number | null;
  group_id?: number | null;
  ticket_form_id?: number | null;
  tags?: string[];
  created_at: string;
  custom_fields?: Array<{ id: number; value: unknown }>;
  result_type?: string;
}

export interface WireUser {
  id: number;
  name: string;
  email?: string | null;
  role: string;
  organization_id?: number | null;
  created_at: string;
}

export interface WireOrganization {
  id: number;
  name: string;
  external_id?: string | null;
  notes?: string | null;
  tags?: string[];
  organization_fields?: Record<string, unknown> | null;
}

export interface WireComment {
  id: number;
  body?: string;
  plain_body?: string;
  public: boolean;
}

type Fields = AppConfig['zendesk']['fields'];

const hasId = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'number';

const text = (value: unknown): string | null => {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return String(value);
  return null;
};

export function fieldValue(ticket: Pick<WireTicket, 'custom_fields'>, id: number): unknown {
  return ticket.custom_fields?.find((field) => field.id === id)?.value ?? null;
}

export function toTicket(wire: unknown, fields: Fields, operation: string): ZendeskTicket {
  if (!hasId(wire)) throw unexpectedBody(operation);
  const t = wire as WireTicket;
  const nfr = fieldValue(t, fields.nfrSoftware);
  return {
    id: t.id,
    subject: t.subject ?? '',
    description: t.description ?? '',
    status: t.status,
    priority: t.priority ?? null,
    requesterId: t.requester_id,
    organizationId: t.organization_id ?? null,
    groupId: t.group_id ?? null,
    formId: t.ticket_form_id ?? null,
    tags: [...(t.tags ?? [])],
    createdAt: t.created_at,
    customFields: {
      impact: text(fieldValue(t, fields.impact)),
      partnerSituation: text(fieldValue(t, fields.partnerSituation)),
      partnerCaseNumber: text(fieldValue(t, fields.partnerCaseNumber)),
      nfrSoftware: nfr === true || nfr === 'true',
    },
  };
}

export function toUser(wire: unknown, operation: string): ZendeskUser {
  if (!hasId(wire)) throw unexpectedBody(operation);
  const u = wire as WireUser;
  return {
    id: u.id,
    name: u.name,
    email: u.email ?? '',
    role: u.role,
    organizationId: u.organization_id ?? null,
    createdAt: u.created_at,
  };
}

export function toOrganization(wire: unknown, operation: string): ZendeskOrganization {
  if (!hasId(wire)) throw unexpectedBody(operation);
  const o = wire as WireOrganization;
  return {
    id: o.id,
    name: o.name,
    externalId: o.external_id ?? null,
    notes: o.notes ?? '',
    partnerProgram: text(o.organization_fields?.partner_program),
    tags: [...(o.tags ?? [])],
  };
}
