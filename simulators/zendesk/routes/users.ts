import type { Route } from '../../common/http-app';
import { json } from '../../common/http-app';
import { apiRoute, bodyObject, pathId, type ApiRequest, type ZendeskContext } from '../api';
import { zendeskTime } from '../clock';
import { notFound, recordInvalid, type FieldError } from '../errors';
import { userRoles, type SimUser, type UserRole } from '../model';
import { paginate } from '../pagination';
import { matchesAll, userMatcher } from '../search-match';
import { parseSearchQuery } from '../search-query';
import { newUser, nextId } from '../store';
import { normalizeTags, reference } from '../ticket-fields-input';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Users (https://developer.zendesk.com/api-reference/ticketing/users/users/): show, list,
 * show_many, search (`query=email:…`, `external_id=`), create, create_or_update (matched by
 * external_id, else email; 201 when created, 200 when updated), update, and `me`.
 */
export function userRoutes(ctx: ZendeskContext): Route[] {
  const { state } = ctx;
  const byEmail = (email: string): SimUser | undefined =>
    [...state.users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase());

  /** Validated changes of a `user` body; `creating` requires name and email. */
  const changesOf = (
    input: Record<string, unknown>,
    creating: boolean,
    current?: SimUser,
  ): Partial<SimUser> => {
    const errors: FieldError[] = [];
    const out: Partial<SimUser> = {};
    if (input.name !== undefined || creating) {
      if (typeof input.name !== 'string' || input.name.trim() === '') {
        errors.push({
          field: 'name',
          description: 'Name: is too short (minimum one character)',
          error: 'BlankValue',
        });
      } else out.name = input.name.trim();
    }
    if (input.email !== undefined || creating) {
      const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
      const owner = email ? byEmail(email) : undefined;
      if (!EMAIL.test(email)) {
        errors.push({
          field: 'email',
          description: `Email: ${email || 'blank'} is not properly formatted`,
          error: 'InvalidFormat',
        });
      } else if (owner && owner.id !== current?.id) {
        errors.push({
          field: 'email',
          description: `Email: ${email} is already being used by another user`,
          error: 'DuplicateValue',
        });
      } else out.email = email;
    }
    if (input.role !== undefined) {
      if (!(userRoles as readonly unknown[]).includes(input.role)) {
        errors.push({
          field: 'role',
          description: `Role: ${String(input.role)} is not valid`,
          error: 'InvalidValue',
        });
      } else out.role = input.role as UserRole;
    }
    const organizationId = reference(
      input.organization_id,
      (id) => state.organizations.get(id),
      'organization_id',
      'Organization',
      errors,
    );
    if (organizationId !== undefined) out.organization_id = organizationId;
    for (const field of ['external_id', 'phone'] as const) {
      if (typeof input[field] === 'string' || input[field] === null)
        out[field] = input[field] as string | null;
    }
    for (const field of ['notes', 'details', 'time_zone', 'locale'] as const) {
      if (typeof input[field] === 'string') out[field] = input[field] as string;
    }
    if (input.tags !== undefined) out.tags = normalizeTags(input.tags);
    if (input.user_fields && typeof input.user_fields === 'object') {
      out.user_fields = {
        ...(current?.user_fields ?? {}),
        ...(input.user_fields as Record<string, unknown>),
      };
    }
    if (typeof input.verified === 'boolean') out.verified = input.verified;
    if (errors.length > 0) throw recordInvalid(...errors);
    return out;
  };

  const create = (input: Record<string, unknown>): SimUser => {
    const changes = changesOf(input, true);
    const id = nextId(state, 'user');
    const user = newUser(
      { id, name: changes.name as string, email: changes.email as string, role: 'end-user', ...changes },
      zendeskTime(ctx.now()),
    );
    state.users.set(id, user);
    return user;
  };
  const update = (user: SimUser, input: Record<string, unknown>): SimUser => {
    const changes = changesOf(input, false, user);
    const changed = Object.entries(changes).some(
      ([key, value]) => JSON.stringify(user[key as keyof SimUser]) !== JSON.stringify(value),
    );
    if (changed) Object.assign(user, changes, { updated_at: zendeskTime(ctx.now()) });
    return user;
  };
  const userOf = (req: ApiRequest): SimUser => {
    const user = state.users.get(pathId(req.params.id));
    if (!user) throw notFound();
    return user;
  };

  return [
    apiRoute(ctx, 'GET', '/users/me.json', (req) => json(200, { user: req.ser.user(req.user) }), {
      endUsers: true,
    }),
    apiRoute(ctx, 'GET', '/users/search.json', (req) => {
      const externalId = req.query.get('external_id');
      const terms = parseSearchQuery(req.query.get('query') ?? '');
      const matcher = userMatcher(state);
      const users = [...state.users.values()].filter((u) =>
        externalId !== null
          ? u.external_id === externalId
          : terms.length > 0 && matchesAll(u, terms, matcher),
      );
      return json(
        200,
        paginate(
          users,
          { query: req.query, url: `${req.apiUrl}/users/search.json`, key: 'users' },
          req.ser.user,
        ),
      );
    }),
    apiRoute(ctx, 'GET', '/users/show_many.json', (req) => {
      const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean).map(Number);
      const users = ids.map((id) => state.users.get(id)).filter((u): u is SimUser => u !== undefined);
      return json(200, {
        users: users.map(req.ser.user),
        next_page: null,
        previous_page: null,
        count: users.length,
      });
    }),
    apiRoute(ctx, 'POST', '/users/create_or_update.json', (req) => {
      const input = bodyObject(req.body, 'user');
      const existing =
        (typeof input.external_id === 'string' &&
          [...state.users.values()].find((u) => u.external_id === input.external_id)) ||
        (typeof input.email === 'string' ? byEmail(input.email.trim()) : undefined);
      if (existing) return json(200, { user: req.ser.user(update(existing, input)) });
      const user = create(input);
      return json(201, { user: req.ser.user(user) }, { location: `${req.apiUrl}/users/${user.id}.json` });
    }),
    // List Users by organization (GET /organizations/{organization_id}/users): A1 reconciliation.
    apiRoute(ctx, 'GET', '/organizations/:id/users.json', (req) => {
      const organizationId = Number(req.params.id);
      const members = [...state.users.values()].filter((u) => u.organization_id === organizationId);
      return json(
        200,
        paginate(
          members,
          { query: req.query, url: `${req.apiUrl}/organizations/${organizationId}/users.json`, key: 'users' },
          req.ser.user,
        ),
      );
    }),
    apiRoute(ctx, 'GET', '/users.json', (req) =>
      json(
        200,
        paginate(
          [...state.users.values()],
          { query: req.query, url: `${req.apiUrl}/users.json`, key: 'users' },
          req.ser.user,
        ),
      ),
    ),
    apiRoute(ctx, 'POST', '/users.json', (req) => {
      const user = create(bodyObject(req.body, 'user'));
      return json(201, { user: req.ser.user(user) }, { location: `${req.apiUrl}/users/${user.id}.json` });
    }),
    apiRoute(ctx, 'GET', '/users/:id.json', (req) => json(200, { user: req.ser.user(userOf(req)) })),
    apiRoute(ctx, 'PUT', '/users/:id.json', (req) =>
      json(200, { user: req.ser.user(update(userOf(req), bodyObject(req.body, 'user'))) }),
    ),
  ];
}
