import type { Route } from '../../common/http-app';
import { json } from '../../common/http-app';
import { apiRoute, bodyObject, pathId, type ApiRequest, type ZendeskContext } from '../api';
import { notFound, ZendeskApiError } from '../errors';
import type { SimAttachment, SimComment, SimTicket } from '../model';
import { paginate } from '../pagination';
import { TicketChanges } from '../ticket-changes';
import { normalizeTags } from '../ticket-fields-input';

/**
 * Tickets (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/), ticket
 * comments (.../tickets/ticket_comments/) and ticket tags (.../ticket-management/tags/).
 */
export function ticketRoutes(ctx: ZendeskContext): Route[] {
  const { state } = ctx;
  const changes = new TicketChanges(state, ctx.now);
  const contentUrl = (req: ApiRequest) => (a: SimAttachment) => String(req.ser.attachment(a).content_url);
  const ticketOf = (req: ApiRequest): SimTicket => {
    const ticket = state.tickets.get(pathId(req.params.id));
    if (!ticket) throw notFound();
    return ticket;
  };
  const listUrl = (req: ApiRequest, path: string): string => `${req.apiUrl}${path}`;

  return [
    apiRoute(ctx, 'GET', '/tickets.json', (req) =>
      json(
        200,
        paginate(
          [...state.tickets.values()],
          { query: req.query, url: listUrl(req, '/tickets.json'), key: 'tickets' },
          req.ser.ticket,
        ),
      ),
    ),
    apiRoute(ctx, 'GET', '/tickets/show_many.json', (req) => {
      const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean).map(Number);
      const tickets = ids.map((id) => state.tickets.get(id)).filter((t): t is SimTicket => t !== undefined);
      return json(200, {
        tickets: tickets.map(req.ser.ticket),
        next_page: null,
        previous_page: null,
        count: tickets.length,
      });
    }),
    apiRoute(ctx, 'GET', '/tickets/:id.json', (req) => json(200, { ticket: req.ser.ticket(ticketOf(req)) })),
    apiRoute(ctx, 'POST', '/tickets.json', (req) => {
      const input = bodyObject(req.body, 'ticket');
      const key = req.headers['idempotency-key'];
      const fingerprint = JSON.stringify(input);
      if (typeof key === 'string' && key !== '') {
        const seen = state.idempotencyKeys.get(key);
        if (seen && seen.fingerprint !== fingerprint) {
          throw new ZendeskApiError(400, {
            error: 'IdempotentRequestError',
            description: 'Request parameters do not match the original request with this Idempotency-Key',
          });
        }
        const existing = seen ? state.tickets.get(seen.ticketId) : undefined;
        if (existing) {
          return json(201, { ticket: req.ser.ticket(existing) }, { 'x-idempotency-lookup': 'hit' });
        }
      }
      const { ticket, audit, events } = changes.create(input, req.user, contentUrl(req));
      if (typeof key === 'string' && key !== '')
        state.idempotencyKeys.set(key, { ticketId: ticket.id, fingerprint });
      ctx.webhooks.publish(events);
      return json(
        201,
        { ticket: req.ser.ticket(ticket), audit },
        { location: `${req.apiUrl}/tickets/${ticket.id}.json`, 'x-idempotency-lookup': 'miss' },
      );
    }),
    apiRoute(ctx, 'PUT', '/tickets/:id.json', (req) => {
      const ticket = ticketOf(req);
      const { audit, events } = changes.update(
        ticket,
        bodyObject(req.body, 'ticket'),
        req.user,
        contentUrl(req),
      );
      ctx.webhooks.publish(events);
      return json(200, { ticket: req.ser.ticket(ticket), audit });
    }),
    // Deleting a ticket (Support API "Delete Ticket", a soft deletion): 204, from then on 404 for
    // it, and a `ticket.soft_deleted` event.
    apiRoute(ctx, 'DELETE', '/tickets/:id.json', (req) => {
      const ticket = ticketOf(req);
      state.tickets.delete(ticket.id);
      ctx.webhooks.publish(changes.removed(ticket, req.user, 'soft_deleted'));
      return { status: 204 };
    }),
    // "Mark Ticket as Spam and Suspend Requester": the ticket is deleted (404 from then on) and a
    // `ticket.marked_as_spam` event sent. (The requester's suspension is not modelled.)
    ...['/tickets/:id/mark_as_spam.json', '/tickets/:id/mark_as_spam'].map((path) =>
      apiRoute(ctx, 'PUT', path, (req) => {
        const ticket = ticketOf(req);
        state.tickets.delete(ticket.id);
        ctx.webhooks.publish(changes.removed(ticket, req.user, 'marked_as_spam'));
        return json(200, {});
      }),
    ),
    apiRoute(ctx, 'GET', '/tickets/:id/comments.json', (req) => {
      const ticket = ticketOf(req);
      const comments = [...(state.comments.get(ticket.id) ?? [])];
      if (req.query.get('sort_order') === 'desc') comments.reverse();
      return json(
        200,
        paginate<SimComment>(
          comments,
          { query: req.query, url: listUrl(req, `/tickets/${ticket.id}/comments.json`), key: 'comments' },
          req.ser.comment,
        ),
      );
    }),
    apiRoute(ctx, 'GET', '/tickets/:id/tags.json', (req) => json(200, { tags: [...ticketOf(req).tags] })),
    // POST sets the tags, PUT adds to them, DELETE removes from them (tags in the body or `?tags=`).
    ...(['POST', 'PUT', 'DELETE'] as const).map((method) =>
      apiRoute(ctx, method, '/tickets/:id/tags.json', (req) => {
        const ticket = ticketOf(req);
        const given = normalizeTags(req.body.tags ?? req.query.get('tags')?.split(','));
        const next =
          method === 'POST'
            ? given
            : method === 'PUT'
              ? [...new Set([...ticket.tags, ...given])]
              : ticket.tags.filter((tag) => !given.includes(tag));
        changes.setTags(ticket, next);
        return json(200, { tags: [...ticket.tags] });
      }),
    ),
  ];
}
