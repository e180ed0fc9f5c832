/** A Zendesk ticket as the activities return it (the fields the workflows use). */
export interface ZendeskTicket {
  id: number;
  subject: string;
  description: string;
  status: string;
  priority: string | null;
  requesterId: number;
  organizationId: number | null;
  groupId: number | null;
  formId: number | null;
  tags: string[];
  createdAt: string;
  customFields: {
    impact: string | null;
    partnerSituation: string | null;
    partnerCaseNumber: string | null;
    nfrSoftware: boolean;
  };
}

export interface ZendeskUser {
  id: number;
  name: string;
  email: string;
  role: string;
  organizationId: number | null;
  createdAt: string;
}

export interface ZendeskOrganization {
  id: number;
  name: string;
  externalId: string | null;
  notes: string;
  /** `organization_fields.partner_program` (`select` | `alliance` | null). */
  partnerProgram: string | null;
  tags: string[];
}

export const ticketPriorities = ['urgent', 'high', 'normal', 'low'] as const;
export type ZendeskPriority = (typeof ticketPriorities)[number];

/** Statuses the service sets (`new` and `closed` are Zendesk's own to set). */
export const settableStatuses = ['open', 'pending', 'hold', 'solved'] as const;
export type ZendeskSettableStatus = (typeof settableStatuses)[number];
