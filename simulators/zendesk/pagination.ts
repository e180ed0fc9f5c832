import { ZendeskApiError } from './errors';

/**
 * The Support API's two pagination styles
 * (https://developer.zendesk.com/api-reference/introduction/pagination/):
 * - cursor pagination, chosen by any `page[size]`, `page[after]` or `page[before]` parameter:
 *   `{ <key>: [...], meta: { has_more, after_cursor, before_cursor }, links: { next, prev } }`;
 * - offset pagination otherwise (`page`, `per_page`): `{ <key>: [...], next_page, previous_page, count }`.
 * Page sizes are at most 100.
 */
export interface PageRequest {
  query: URLSearchParams;
  /** The absolute URL of the list, without query string, for the `next`/`prev` links. */
  url: string;
  key: string;
}

const MAX_PAGE_SIZE = 100;

const encodeCursor = (id: number): string => Buffer.from(`id:${id}`).toString('base64url');
const decodeCursor = (cursor: string): number => {
  const match = /^id:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new ZendeskApiError(400, { error: 'InvalidPaginationParameter', description: 'Invalid cursor' });
  }
  return Number(match[1]);
};

export function pageSize(raw: string | null, name: string): number {
  if (raw === null || raw === '') return MAX_PAGE_SIZE;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new ZendeskApiError(400, {
      error: 'InvalidPaginationParameter',
      description: `${name} must be an integer between 1 and ${MAX_PAGE_SIZE}`,
    });
  }
  return size;
}

function linkWith(request: PageRequest, params: Record<string, string>): string {
  const query = new URLSearchParams(request.query);
  for (const name of ['page[size]', 'page[after]', 'page[before]', 'page', 'per_page']) query.delete(name);
  for (const [name, value] of Object.entries(params)) query.set(name, value);
  return `${request.url}?${query.toString()}`;
}

export const usesCursor = (query: URLSearchParams): boolean =>
  query.has('page[size]') || query.has('page[after]') || query.has('page[before]');

/** One page of `items` (already in the order to serve, each with a unique `id`). */
export function paginate<T extends { id: number }>(
  items: T[],
  request: PageRequest,
  serialize: (item: T) => unknown,
): Record<string, unknown> {
  const { query } = request;
  if (usesCursor(query)) {
    const size = pageSize(query.get('page[size]'), 'page[size]');
    const after = query.get('page[after]');
    const before = query.get('page[before]');
    let start = 0;
    let end = Math.min(items.length, size);
    if (after) {
      const id = decodeCursor(after);
      const index = items.findIndex((item) => item.id === id);
      start = index + 1;
      end = Math.min(items.length, start + size);
    } else if (before) {
      const id = decodeCursor(before);
      const index = items.findIndex((item) => item.id === id);
      end = index < 0 ? 0 : index;
      start = Math.max(0, end - size);
    }
    const page = items.slice(start, end);
    const hasMore = before ? start > 0 : end < items.length;
    const afterCursor = page.length > 0 ? encodeCursor(page[page.length - 1].id) : null;
    const beforeCursor = page.length > 0 ? encodeCursor(page[0].id) : null;
    return {
      [request.key]: page.map(serialize),
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
      links: {
        next:
          end < items.length && afterCursor
            ? linkWith(request, { 'page[after]': afterCursor, 'page[size]': String(size) })
            : null,
        prev:
          start > 0 && beforeCursor
            ? linkWith(request, { 'page[before]': beforeCursor, 'page[size]': String(size) })
            : null,
      },
    };
  }
  const perPage = pageSize(query.get('per_page'), 'per_page');
  const pageNumber = offsetPage(query.get('page'));
  const start = (pageNumber - 1) * perPage;
  const page = items.slice(start, start + perPage);
  return {
    [request.key]: page.map(serialize),
    next_page:
      start + perPage < items.length
        ? linkWith(request, { page: String(pageNumber + 1), per_page: String(perPage) })
        : null,
    previous_page:
      pageNumber > 1 ? linkWith(request, { page: String(pageNumber - 1), per_page: String(perPage) }) : null,
    count: items.length,
  };
}

export function offsetPage(raw: string | null): number {
  if (raw === null || raw === '') return 1;
  const page = Number(raw);
  if (!Number.isInteger(page) || page < 1) {
    throw new ZendeskApiError(400, {
      error: 'InvalidPaginationParameter',
      description: 'page must be a positive integer',
    });
  }
  return page;
}
