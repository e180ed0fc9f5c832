/**
 * The Zendesk simulator's records, kept in the Support API's own (snake_case) wire shape so
 * that serving them is a copy, and tests read the same shapes node-zendesk receives.
 */

export const ticketStatuses = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const userRoles = ['end-user', 'agent', 'admin'] as const;
export type UserRole = (typeof userRoles)[number];

export interface CustomFieldValue {
  id: number;
  value: unknown;
}

export interface Via {
  channel: string;
  source: { from: Record<string, unknown>; to: Record<string, unknown>; rel: string | null };
}

export interface SimTicket {
  id: number;
  external_id: string | null;
  type: string | null;
  subject: string;
  raw_subject: string;
  description: string;
  priority: TicketPriority | null;
  status: TicketStatus;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  ticket_form_id: number | null;
  brand_id: number | null;
  tags: string[];
  custom_fields: CustomFieldValue[];
  due_at: string | null;
  collaborator_ids: number[];
  follower_ids: number[];
  email_cc_ids: number[];
  via: Via;
  created_at: string;
  updated_at: string;
}

export interface SimComment {
  id: number;
  type: 'Comment';
  ticket_id: number;
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  attachment_ids: number[];
  audit_id: number;
  via: Via;
  created_at: string;
}

export interface SimUser {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  organization_id: number | null;
  external_id: string | null;
  tags: string[];
  notes: string;
  details: string;
  phone: string | null;
  time_zone: string;
  locale: string;
  active: boolean;
  verified: boolean;
  suspended: boolean;
  user_fields: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface SimOrganization {
  id: number;
  name: string;
  external_id: string | null;
  notes: string;
  details: string;
  tags: string[];
  domain_names: string[];
  group_id: number | null;
  shared_tickets: boolean;
  shared_comments: boolean;
  organization_fields: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface SimGroup {
  id: number;
  name: string;
  description: string;
  default: boolean;
  deleted: boolean;
  is_public: boolean;
  created_at: string;
  updated_at: string;
}

export interface SimTicketForm {
  id: number;
  name: string;
  raw_name: string;
  display_name: string;
  raw_display_name: string;
  active: boolean;
  default: boolean;
  end_user_visible: boolean;
  position: number;
  in_all_brands: boolean;
  restricted_brand_ids: number[];
  ticket_field_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface SimTicketField {
  id: number;
  /** The name the fixture world uses for the field, e.g. `partner_case_number`. */
  key: string;
  type: 'text' | 'tagger' | 'checkbox';
  title: string;
  raw_title: string;
  active: boolean;
  required: boolean;
  position: number;
  custom_field_options?: Array<{
    id: number;
    name: string;
    raw_name: string;
    value: string;
    default: boolean;
  }>;
  created_at: string;
  updated_at: string;
}

export interface SimAttachment {
  id: number;
  /** The download token in `content_url` (`/attachments/token/<token>/?name=<file_name>`). */
  token: string;
  file_name: string;
  content_type: string;
  size: number;
  inline: boolean;
  deleted: boolean;
}

export interface SimUpload {
  token: string;
  attachment_ids: number[];
  expires_at: string;
  /** The ticket comment that consumed the upload, once attached. */
  used_by_comment_id: number | null;
}
