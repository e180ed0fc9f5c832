import type {
  SimAttachment,
  SimComment,
  SimGroup,
  SimOrganization,
  SimTicket,
  SimTicketField,
  SimTicketForm,
  SimUser,
} from './model';
import type { ZendeskSimState } from './store';

/**
 * Records as the Support API serves them (https://developer.zendesk.com/api-reference/ticketing/):
 * every resource carries its own `url`; ticket `fields` mirror `custom_fields`; attachments carry
 * a `content_url` this simulator serves. `api` is the base API URL the request reached.
 */
export interface Serializer {
  ticket(t: SimTicket): Record<string, unknown>;
  comment(c: SimComment): Record<string, unknown>;
  user(u: SimUser): Record<string, unknown>;
  organization(o: SimOrganization): Record<string, unknown>;
  group(g: SimGroup): Record<string, unknown>;
  ticketForm(f: SimTicketForm): Record<string, unknown>;
  ticketField(f: SimTicketField): Record<string, unknown>;
  attachment(a: SimAttachment): Record<string, unknown>;
}

export function serializer(state: ZendeskSimState, baseUrl: string): Serializer {
  const api = `${baseUrl}/api/v2`;
  const attachment = (a: SimAttachment): Record<string, unknown> => {
    const contentUrl = `${baseUrl}/attachments/token/${a.token}/?name=${encodeURIComponent(a.file_name)}`;
    return {
      url: `${api}/attachments/${a.id}.json`,
      id: a.id,
      file_name: a.file_name,
      content_url: contentUrl,
      mapped_content_url: contentUrl,
      content_type: a.content_type,
      size: a.size,
      width: null,
      height: null,
      inline: a.inline,
      deleted: a.deleted,
      malware_access_override: false,
      malware_scan_result: 'malware_not_found',
      thumbnails: [],
    };
  };
  return {
    ticket: (t) => ({
      url: `${api}/tickets/${t.id}.json`,
      ...t,
      tags: [...t.tags],
      custom_fields: t.custom_fields.map((f) => ({ ...f })),
      fields: t.custom_fields.map((f) => ({ ...f })),
      recipient: null,
      problem_id: null,
      has_incidents: false,
      is_public: (state.comments.get(t.id) ?? []).some((c) => c.public),
      satisfaction_rating: null,
      sharing_agreement_ids: [],
      followup_ids: [],
      allow_channelback: false,
      allow_attachments: true,
      from_messaging_channel: false,
      generated_timestamp: Math.floor(Date.parse(t.updated_at) / 1000),
    }),
    comment: (c) => {
      const { ticket_id: _ticketId, attachment_ids: attachmentIds, ...wire } = c;
      return {
        ...wire,
        attachments: attachmentIds
          .map((id) => state.attachments.get(id))
          .filter((a): a is SimAttachment => a !== undefined)
          .map(attachment),
        metadata: { system: { client: 'node-zendesk' }, custom: {} },
      };
    },
    user: (u) => ({
      url: `${api}/users/${u.id}.json`,
      ...u,
      tags: [...u.tags],
      iana_time_zone: u.time_zone,
      shared: false,
      shared_agent: false,
      role_type: null,
      custom_role_id: null,
      moderator: u.role !== 'end-user',
      ticket_restriction: u.role === 'end-user' ? 'requested' : null,
      only_private_comments: false,
      restricted_agent: false,
      last_login_at: null,
      two_factor_auth_enabled: false,
      signature: null,
      photo: null,
      alias: null,
      default_group_id: null,
    }),
    organization: (o) => ({ url: `${api}/organizations/${o.id}.json`, ...o, tags: [...o.tags] }),
    group: (g) => ({ url: `${api}/groups/${g.id}.json`, ...g }),
    ticketForm: (f) => ({ url: `${api}/ticket_forms/${f.id}.json`, ...f }),
    ticketField: (f) => {
      const { key: _key, ...wire } = f;
      return { url: `${api}/ticket_fields/${f.id}.json`, ...wire, description: '', visible_in_portal: true };
    },
    attachment,
  };
}
