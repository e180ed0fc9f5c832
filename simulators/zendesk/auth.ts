import type { IncomingHttpHeaders } from 'node:http';
import type { SimUser } from './model';
import type { ZendeskSimState } from './store';

/**
 * Who may call the simulated Support API, as Zendesk authenticates
 * (https://developer.zendesk.com/api-reference/introduction/security-and-auth/):
 * - API token: `Authorization: Basic base64("<email>/token:<api token>")`, for the configured
 *   integration user or any user of the account (who then acts with that user's role);
 * - OAuth access token: `Authorization: Bearer <token>`, acting as the integration user.
 * Anything else (password auth included, which Zendesk has turned off) is answered 401.
 */
export interface Credentials {
  /** The integration user's email (ZENDESK_EMAIL). */
  email: string;
  /** The account's API token (ZENDESK_API_TOKEN). */
  apiToken: string;
  /** OAuth access tokens accepted as Bearer tokens (acting as the integration user). */
  oauthTokens?: string[];
}

/** Every credential the simulator accepts (several configurations may be accepted at once). */
export interface AcceptedCredentials {
  /** Integration users; the first is who OAuth tokens act as. Created as admins when the world lacks them. */
  operatorEmails: string[];
  apiTokens: string[];
  oauthTokens: string[];
}

export function acceptedCredentials(list: Credentials[]): AcceptedCredentials {
  const unique = (values: string[]): string[] => [...new Set(values)];
  return {
    operatorEmails: unique(list.map((c) => c.email.toLowerCase())),
    apiTokens: unique(list.map((c) => c.apiToken)),
    oauthTokens: unique(list.flatMap((c) => c.oauthTokens ?? [])),
  };
}

const byEmail = (state: ZendeskSimState, email: string): SimUser | undefined => {
  const wanted = email.trim().toLowerCase();
  return [...state.users.values()].find((user) => user.email.toLowerCase() === wanted);
};

export function authenticate(
  headers: IncomingHttpHeaders,
  state: ZendeskSimState,
  credentials: AcceptedCredentials,
): SimUser | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  let user: SimUser | undefined;
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const match = /^(.+)\/token:(.+)$/.exec(decoded);
    if (!match || !credentials.apiTokens.includes(match[2])) return undefined;
    user = byEmail(state, match[1]);
  } else if (scheme === 'bearer') {
    if (!credentials.oauthTokens.includes(value)) return undefined;
    user = byEmail(state, credentials.operatorEmails[0]);
  }
  return user && user.active && !user.suspended ? user : undefined;
}
