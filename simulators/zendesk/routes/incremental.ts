import type { Route } from '../../common/http-app';
import { json } from '../../common/http-app';
import { apiRoute, type ZendeskContext } from '../api';
import { missingParameter, ZendeskApiError } from '../errors';
import { exportPage, withoutCommentText } from '../ticket-event-export';

/** Zendesk's limit for the incremental export endpoints, per account. */
export const INCREMENTAL_EXPORTS_PER_MINUTE = 10;

/**
 * The incremental ticket event export, `GET /api/v2/incremental/ticket_events.json?start_time=`
 * (time-based, `include=comment_events` for comment text; see ticket-event-export.ts), and its own
 * rate limit: 10 requests per minute, then 429 with `Retry-After` (the seconds until a request of
 * the last minute ages out: a sliding window, so a test never depends on the wall clock's minute).
 */
export function incrementalRoutes(ctx: ZendeskContext): Route[] {
  const recent: number[] = [];
  const admit = (): void => {
    const now = Date.now();
    while (recent.length > 0 && recent[0] <= now - 60_000) recent.shift();
    if (recent.length >= INCREMENTAL_EXPORTS_PER_MINUTE) {
      const retryAfter = Math.max(1, Math.ceil((recent[0] + 60_000 - now) / 1000));
      throw new ZendeskApiError(
        429,
        {
          error: 'APIRateLimitExceeded',
          description: 'Number of allowed incremental export API requests per minute exceeded',
        },
        { 'retry-after': String(retryAfter) },
      );
    }
    recent.push(now);
  };
  return [
    apiRoute(ctx, 'GET', '/incremental/ticket_events.json', (req) => {
      admit();
      const raw = req.query.get('start_time');
      if (raw === null || raw === '') throw missingParameter('start_time');
      if (!/^\d{1,12}$/.test(raw)) {
        throw new ZendeskApiError(400, {
          error: 'InvalidValue',
          description: 'start_time must be a Unix epoch time in seconds',
        });
      }
      const withComments = (req.query.get('include') ?? '').split(',').includes('comment_events');
      const records = withComments ? ctx.state.ticketEvents : ctx.state.ticketEvents.map(withoutCommentText);
      const include = withComments ? '&include=comment_events' : '';
      return json(
        200,
        exportPage(
          records,
          Number(raw),
          (next) => `${req.apiUrl}/incremental/ticket_events.json?start_time=${next}${include}`,
        ),
      );
    }),
  ];
}
