import type { Route } from '../../common/http-app';
import { json } from '../../common/http-app';
import { apiRoute, bodyObject, pathId, type ApiRequest, type ZendeskContext } from '../api';
import { zendeskTime } from '../clock';
import { notFound, recordInvalid, type FieldError } from '../errors';
import type { SimOrganization } from '../model';
import { paginate } from '../pagination';
import { nextId } from '../store';
import { normalizeTags } from '../ticket-fields-input';

/**
 * Organizations (https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/):
 * show, list, show_many (`ids`, `external_ids`), search (`external_id=` or `name=`), create
 * (name unique, 422 otherwise), update; with `external_id`, `notes`, `tags` and `organization_fields`.
 */
export function organizationRoutes(ctx: ZendeskContext): Route[] {
  const { state } = ctx;
  const all = (): SimOrganization[] => [...state.organizations.values()];

  const changesOf = (
    input: Record<string, unknown>,
    creating: boolean,
    current?: SimOrganization,
  ): Partial<SimOrganization> => {
    const errors: FieldError[] = [];
    const out: Partial<SimOrganization> = {};
    if (input.name !== undefined || creating) {
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (name === '')
        errors.push({ field: 'name', description: 'Name: cannot be blank', error: 'BlankValue' });
      else if (all().some((o) => o.name.toLowerCase() === name.toLowerCase() && o.id !== current?.id)) {
        errors.push({ field: 'name', description: 'Name: has already been taken', error: 'DuplicateValue' });
      } else out.name = name;
    }
    if (typeof input.external_id === 'string' || input.external_id === null)
      out.external_id = input.external_id as string | null;
    for (const field of ['notes', 'details'] as const) {
      if (typeof input[field] === 'string') out[field] = input[field] as string;
    }
    if (input.tags !== undefined) out.tags = normalizeTags(input.tags);
    if (Array.isArray(input.domain_names)) out.domain_names = input.domain_names.map(String);
    if (input.organization_fields && typeof input.organization_fields === 'object') {
      out.organization_fields = {
        ...(current?.organization_fields ?? {}),
        ...(input.organization_fields as Record<string, unknown>),
      };
    }
    if (errors.length > 0) throw recordInvalid(...errors);
    return out;
  };
  const orgOf = (req: ApiRequest): SimOrganization => {
    const org = state.organizations.get(pathId(req.params.id));
    if (!org) throw notFound();
    return org;
  };
  const page = (req: ApiRequest, items: SimOrganization[], path: string): Record<string, unknown> =>
    paginate(
      items,
      { query: req.query, url: `${req.apiUrl}${path}`, key: 'organizations' },
      req.ser.organization,
    );

  return [
    apiRoute(ctx, 'GET', '/organizations/search.json', (req) => {
      const externalId = req.query.get('external_id');
      const name = req.query.get('name');
      const found = all().filter((o) =>
        externalId !== null
          ? o.external_id !== null && o.external_id.toLowerCase() === externalId.toLowerCase()
          : name !== null && o.name.toLowerCase() === name.toLowerCase(),
      );
      return json(200, page(req, found, '/organizations/search.json'));
    }),
    apiRoute(ctx, 'GET', '/organizations/show_many.json', (req) => {
      const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
      const externalIds = (req.query.get('external_ids') ?? '').split(',').filter(Boolean);
      const found = all().filter(
        (o) => ids.includes(String(o.id)) || (o.external_id !== null && externalIds.includes(o.external_id)),
      );
      return json(200, {
        organizations: found.map(req.ser.organization),
        next_page: null,
        previous_page: null,
        count: found.length,
      });
    }),
    apiRoute(ctx, 'GET', '/organizations.json', (req) => json(200, page(req, all(), '/organizations.json'))),
    apiRoute(ctx, 'POST', '/organizations.json', (req) => {
      const changes = changesOf(bodyObject(req.body, 'organization'), true);
      const at = zendeskTime(ctx.now());
      const org: SimOrganization = {
        id: nextId(state, 'organization'),
        name: changes.name as string,
        external_id: null,
        notes: '',
        details: '',
        tags: [],
        domain_names: [],
        group_id: null,
        shared_tickets: false,
        shared_comments: false,
        organization_fields: {},
        created_at: at,
        updated_at: at,
        ...changes,
      };
      state.organizations.set(org.id, org);
      return json(
        201,
        { organization: req.ser.organization(org) },
        { location: `${req.apiUrl}/organizations/${org.id}.json` },
      );
    }),
    apiRoute(ctx, 'GET', '/organizations/:id.json', (req) =>
      json(200, { organization: req.ser.organization(orgOf(req)) }),
    ),
    apiRoute(ctx, 'PUT', '/organizations/:id.json', (req) => {
      const org = orgOf(req);
      const changes = changesOf(bodyObject(req.body, 'organization'), false, org);
      Object.assign(org, changes, { updated_at: zendeskTime(ctx.now()) });
      return json(200, { organization: req.ser.organization(org) });
    }),
  ];
}
