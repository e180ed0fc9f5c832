import type { Route } from '../../common/http-app';
import { json } from '../../common/http-app';
import { apiRoute, type ApiRequest, type ZendeskContext } from '../api';
import { ZendeskApiError } from '../errors';
import { ticketPriorities, ticketStatuses } from '../model';
import { offsetPage, pageSize } from '../pagination';
import { matchesAll, organizationMatcher, ticketMatcher, userMatcher } from '../search-match';
import { parseSearchQuery } from '../search-query';

/** The Search API returns at most this many results per query (later pages are refused). */
export const SEARCH_RESULT_LIMIT = 1000;

interface Hit {
  id: number;
  type: 'ticket' | 'user' | 'organization';
  created_at: string;
  updated_at: string;
  priority?: string | null;
  status?: string;
  ticketType?: string | null;
  wire: () => Record<string, unknown>;
}

const searchLimitError = (): ZendeskApiError =>
  new ZendeskApiError(422, {
    error: 'invalid',
    description: 'Invalid search: Requested response size was greater than Search Response Limits',
  });

/**
 * The Search API (https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/):
 * `GET /api/v2/search.json?query=…` with offset pagination (`page`, `per_page` ≤ 100,
 * `next_page`), `sort_by`/`sort_order`, results tagged with `result_type`, and the 1,000-result
 * limit answered 422 as Zendesk does. `GET /api/v2/search/count.json` counts.
 */
export function searchRoutes(ctx: ZendeskContext): Route[] {
  const { state } = ctx;

  const hits = (req: ApiRequest): Hit[] => {
    const query = req.query.get('query') ?? '';
    const terms = parseSearchQuery(query);
    if (terms.length === 0) {
      throw new ZendeskApiError(400, { error: 'invalid', description: 'Invalid search: query is required' });
    }
    const types = new Set(
      terms.filter((t) => t.key === 'type' && !t.negate).map((t) => t.value.toLowerCase()),
    );
    const wanted = (type: Hit['type']): boolean => types.size === 0 || types.has(type);
    const rest = terms.filter((t) => t.key !== 'type');
    const out: Hit[] = [];
    if (wanted('ticket')) {
      const matcher = ticketMatcher(state);
      for (const t of state.tickets.values()) {
        if (!matchesAll(t, rest, matcher)) continue;
        out.push({
          id: t.id,
          type: 'ticket',
          created_at: t.created_at,
          updated_at: t.updated_at,
          priority: t.priority,
          status: t.status,
          ticketType: t.type,
          wire: () => ({ ...req.ser.ticket(t), result_type: 'ticket' }),
        });
      }
    }
    if (wanted('user')) {
      const matcher = userMatcher(state);
      for (const u of state.users.values()) {
        if (!matchesAll(u, rest, matcher)) continue;
        out.push({ ...u, type: 'user', wire: () => ({ ...req.ser.user(u), result_type: 'user' }) });
      }
    }
    if (wanted('organization')) {
      for (const o of state.organizations.values()) {
        if (!matchesAll(o, rest, organizationMatcher)) continue;
        out.push({
          ...o,
          type: 'organization',
          wire: () => ({ ...req.ser.organization(o), result_type: 'organization' }),
        });
      }
    }
    return sortHits(out, req.query.get('sort_by'), req.query.get('sort_order'));
  };

  return [
    apiRoute(ctx, 'GET', '/search.json', (req) => {
      const all = hits(req);
      const perPage = pageSize(req.query.get('per_page'), 'per_page');
      const page = offsetPage(req.query.get('page'));
      const start = (page - 1) * perPage;
      if (start >= SEARCH_RESULT_LIMIT) throw searchLimitError();
      const end = Math.min(start + perPage, SEARCH_RESULT_LIMIT);
      const link = (n: number): string => {
        const q = new URLSearchParams(req.query);
        q.set('page', String(n));
        q.set('per_page', String(perPage));
        return `${req.apiUrl}/search.json?${q.toString()}`;
      };
      return json(200, {
        results: all.slice(start, end).map((hit) => hit.wire()),
        facets: null,
        next_page: end < Math.min(all.length, SEARCH_RESULT_LIMIT) ? link(page + 1) : null,
        previous_page: page > 1 ? link(page - 1) : null,
        count: all.length,
      });
    }),
    apiRoute(ctx, 'GET', '/search/count.json', (req) => json(200, { count: hits(req).length })),
  ];
}

function sortHits(hits: Hit[], sortBy: string | null, sortOrder: string | null): Hit[] {
  const rank = (order: readonly string[], value: string | null | undefined): number =>
    value ? order.indexOf(value) : -1;
  const key: ((h: Hit) => string | number) | undefined = {
    created_at: (h: Hit) => h.created_at,
    updated_at: (h: Hit) => h.updated_at,
    priority: (h: Hit) => rank(ticketPriorities, h.priority),
    status: (h: Hit) => rank(ticketStatuses, h.status),
    ticket_type: (h: Hit) => h.ticketType ?? '',
  }[sortBy ?? ''];
  const typeOrder = ['ticket', 'user', 'organization'];
  const sorted = [...hits].sort(
    (a, b) => typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type) || a.id - b.id,
  );
  if (!key) return sorted;
  const direction = sortOrder === 'asc' ? 1 : -1;
  return sorted.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * direction || a.id - b.id;
  });
}
