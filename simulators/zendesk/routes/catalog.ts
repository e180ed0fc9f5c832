import type { Route } from '../../common/http-app';
import { json } from '../../common/http-app';
import { apiRoute, pathId, type ZendeskContext } from '../api';
import { notFound } from '../errors';
import { paginate } from '../pagination';

/**
 * The account's configuration, read-only: groups (.../groups/groups/, cursor or offset pages),
 * ticket forms (.../tickets/ticket_forms/) and ticket fields (.../tickets/ticket_fields/), which
 * Zendesk lists whole.
 */
export function catalogRoutes(ctx: ZendeskContext): Route[] {
  const { state } = ctx;
  const show = <T>(map: Map<number, T>, raw: string | undefined): T => {
    const record = map.get(pathId(raw));
    if (record === undefined) throw notFound();
    return record;
  };
  return [
    apiRoute(ctx, 'GET', '/groups.json', (req) =>
      json(
        200,
        paginate(
          [...state.groups.values()],
          { query: req.query, url: `${req.apiUrl}/groups.json`, key: 'groups' },
          req.ser.group,
        ),
      ),
    ),
    apiRoute(ctx, 'GET', '/groups/:id.json', (req) =>
      json(200, { group: req.ser.group(show(state.groups, req.params.id)) }),
    ),
    apiRoute(ctx, 'GET', '/ticket_forms.json', (req) => {
      const forms = [...state.ticketForms.values()].filter(
        (f) => req.query.get('active') !== 'true' || f.active,
      );
      return json(200, {
        ticket_forms: forms.map(req.ser.ticketForm),
        next_page: null,
        previous_page: null,
        count: forms.length,
      });
    }),
    apiRoute(ctx, 'GET', '/ticket_forms/:id.json', (req) =>
      json(200, { ticket_form: req.ser.ticketForm(show(state.ticketForms, req.params.id)) }),
    ),
    apiRoute(ctx, 'GET', '/ticket_fields.json', (req) => {
      const fields = [...state.ticketFields.values()];
      return json(200, {
        ticket_fields: fields.map(req.ser.ticketField),
        next_page: null,
        previous_page: null,
        count: fields.length,
      });
    }),
    apiRoute(ctx, 'GET', '/ticket_fields/:id.json', (req) =>
      json(200, { ticket_field: req.ser.ticketField(show(state.ticketFields, req.params.id)) }),
    ),
  ];
}
