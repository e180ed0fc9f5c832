import { json, type SimResponse } from '../common/http-app';
import { zendeskTime, type Now } from './clock';
import { newUser, nextId, type ZendeskSimState } from './store';

/**
 * Bulk seeding for tests at scale (thousands of users), as an import would make them:
 * `POST /__admin/users {"users": [{"name", "email", "organization_id"?, "role"?}]}` → `{"ids": [...]}`.
 * One request instead of thousands of `POST /users.json`.
 */
export function seedUsers(state: ZendeskSimState, now: Now, body: unknown): SimResponse {
  const users = (body as { users?: unknown } | undefined)?.users;
  const valid =
    Array.isArray(users) &&
    users.every(
      (u: { name?: unknown; email?: unknown }) => typeof u?.name === 'string' && typeof u?.email === 'string',
    );
  if (!valid) {
    return json(400, {
      error: 'InvalidEndpoint',
      description: 'POST /__admin/users takes {"users": [{name, email}]}',
    });
  }
  const at = zendeskTime(now());
  const ids = (
    users as Array<{ name: string; email: string; organization_id?: number | null; role?: string }>
  ).map((u) => {
    const id = nextId(state, 'user');
    state.users.set(
      id,
      newUser(
        {
          id,
          name: u.name,
          email: u.email.toLowerCase(),
          role: u.role === 'agent' || u.role === 'admin' ? u.role : 'end-user',
          organization_id: u.organization_id ?? null,
        },
        at,
      ),
    );
    return id;
  });
  return json(200, { ids });
}
