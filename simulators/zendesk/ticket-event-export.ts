import type { Audit, AuditEvent } from './ticket-changes';

/**
 * One record of Zendesk's incremental ticket event export
 * (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-event-export):
 * a ticket's audit with its changes as `child_events`. A change names the field it set as a key
 * (`"status": "open"`, with `previous_value`), a custom field under `custom_ticket_fields`, a tag
 * change also with `added_tags` and `removed_tags`; a comment's text is there only with
 * `include=comment_events`.
 *
 * ```json
 * { "id": 20000000007, "ticket_id": 5158, "timestamp": 1763629200, "created_at": "2026-11-20T09:00:00Z",
 *   "updater_id": 1001, "via": "Web service", "system": { "client": "node-zendesk" }, "event_type": "Audit",
 *   "merged_ticket_ids": [],
 *   "child_events": [ { "id": 20000000008, "via": "Web service", "via_reference_id": null,
 *                       "event_type": "Change", "status": "pending", "previous_value": "open" } ] }
 * ```
 */
export interface ExportedChildEvent {
  id: number;
  via: string;
  via_reference_id: null;
  event_type: 'Create' | 'Change' | 'Comment';
  previous_value?: unknown;
  custom_ticket_fields?: Record<string, unknown>;
  comment_present?: boolean;
  comment_public?: boolean;
  body?: string;
  public?: boolean;
  author_id?: number;
  [field: string]: unknown;
}

export interface ExportedTicketEvent {
  id: number;
  ticket_id: number;
  timestamp: number;
  created_at: string;
  updater_id: number;
  via: string;
  system: Record<string, unknown>;
  event_type: 'Audit';
  merged_ticket_ids: number[];
  child_events: ExportedChildEvent[];
}

const VIA = 'Web service';

/** The export's record of one audit (as recorded; comment text is dropped when serving without `comment_events`). */
export function exportedTicketEvent(audit: Audit): ExportedTicketEvent {
  return {
    id: audit.id,
    ticket_id: audit.ticket_id,
    timestamp: Math.floor(Date.parse(audit.created_at) / 1000),
    created_at: audit.created_at,
    updater_id: audit.author_id,
    via: VIA,
    system: audit.metadata.system,
    event_type: 'Audit',
    merged_ticket_ids: [],
    child_events: audit.events.map((event): ExportedChildEvent => {
      const base = { id: event.id, via: VIA, via_reference_id: null };
      if (event.type === 'Comment') {
        return {
          ...base,
          event_type: 'Comment',
          comment_present: true,
          comment_public: event.public === true,
          body: event.body ?? '',
          public: event.public === true,
          author_id: event.author_id,
        };
      }
      const field = event.field_name ?? 'unknown';
      const value = /^\d+$/.test(field)
        ? { custom_ticket_fields: { [field]: event.value } }
        : {
            [field]: event.value,
            ...(field === 'tags' && event.type === 'Change' ? tagsAddedAndRemoved(event) : {}),
          };
      return {
        ...base,
        event_type: event.type,
        ...value,
        ...(event.type === 'Change' ? { previous_value: event.previous_value ?? null } : {}),
      };
    }),
  };
}

/** A tag change names what it added and removed (`added_tags`, `removed_tags`) besides the new tags. */
function tagsAddedAndRemoved(event: AuditEvent): { added_tags: string[]; removed_tags: string[] } {
  const list = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
  const tags = list(event.value);
  const previous = list(event.previous_value);
  return {
    added_tags: tags.filter((tag) => !previous.includes(tag)),
    removed_tags: previous.filter((tag) => !tags.includes(tag)),
  };
}

/** Without `include=comment_events`, a comment is only flagged (`comment_present`, `comment_public`). */
export function withoutCommentText(record: ExportedTicketEvent): ExportedTicketEvent {
  return {
    ...record,
    child_events: record.child_events.map((child) => {
      if (child.event_type !== 'Comment') return child;
      const { body: _body, public: _public, author_id: _author, ...flags } = child;
      return flags;
    }),
  };
}

/** Records per page before the page is cut (extended to the last second's records, as Zendesk does). */
export const EXPORT_PAGE_SIZE = 1000;

export interface ExportPage {
  ticket_events: ExportedTicketEvent[];
  next_page: string | null;
  count: number;
  end_of_stream: boolean;
  end_time: number;
}

/**
 * A time-based page: every record at or after `startTime`, at most a page (plus the records of
 * the page's last second, so that the next `start_time` never skips one). `end_time` is the last
 * record's time (the next request's `start_time`, which returns that second's records again).
 */
export function exportPage(
  records: ExportedTicketEvent[],
  startTime: number,
  nextUrl: (startTime: number) => string,
  pageSize = EXPORT_PAGE_SIZE,
): ExportPage {
  const after = records.filter((r) => r.timestamp >= startTime).sort((a, b) => a.timestamp - b.timestamp);
  let page = after.slice(0, pageSize);
  const endOfStream = after.length <= pageSize;
  if (!endOfStream) {
    const last = page[page.length - 1].timestamp;
    page = after.filter((r) => r.timestamp <= last);
  }
  const endTime = page.length > 0 ? page[page.length - 1].timestamp : startTime;
  return {
    ticket_events: page,
    next_page: nextUrl(endTime),
    count: page.length,
    end_of_stream: endOfStream,
    end_time: endTime,
  };
}
