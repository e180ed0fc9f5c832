import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimRequest, SimResponse } from '../common/http-app';
import { INTEGRATION_USER_ID, ORG_ID, type SalesforceStore, type Session } from './store';

/**
 * `POST /services/oauth2/token`, per "OAuth 2.0 Client Credentials Flow for Server-to-Server
 * Integration" (grant_type=client_credentials, client id/secret in the form body or HTTP Basic)
 * and "OAuth 2.0 Refresh Token Flow" (grant_type=refresh_token). Client credentials issue no
 * refresh token; refresh tokens exist only when a test issues one (`issueRefreshToken`).
 */
export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  sessionTtlMs: number;
}

const oauthError = (error: string, description: string, status = 400): SimResponse => ({
  status,
  body: { error, error_description: description },
});

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function clientCredentials(req: SimRequest, form: URLSearchParams): { id?: string; secret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { id, secret };
  }
  return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
}

export function tokenHandler(store: SalesforceStore, options: OAuthOptions) {
  return (req: SimRequest): SimResponse => {
    if (!(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      return oauthError('invalid_request', 'must use application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(req.rawBody.toString('utf8'));
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials' && grantType !== 'refresh_token') {
      return oauthError('unsupported_grant_type', 'grant type not supported');
    }
    const client = clientCredentials(req, form);
    if (client.id === undefined || !safeEqual(client.id, options.clientId)) {
      return oauthError('invalid_client_id', 'client identifier invalid');
    }
    if (client.secret === undefined || !safeEqual(client.secret, options.clientSecret)) {
      return oauthError('invalid_client', 'invalid client credentials');
    }
    if (grantType === 'refresh_token' && !store.refreshTokens.has(form.get('refresh_token') ?? '')) {
      return oauthError('invalid_grant', 'expired access/refresh token');
    }
    const accessToken = store.issueAccessToken(INTEGRATION_USER_ID, options.sessionTtlMs);
    const issuedAt = String(store.now());
    const id = `${req.baseUrl}/id/${ORG_ID}/${INTEGRATION_USER_ID}`;
    // The signature lets clients verify `id` + `issued_at`: HMAC-SHA256 keyed with the client secret.
    const signature = createHmac('sha256', options.clientSecret)
      .update(id + issuedAt)
      .digest('base64');
    return {
      status: 200,
      body: {
        access_token: accessToken,
        signature,
        scope: 'api',
        instance_url: req.baseUrl,
        id,
        token_type: 'Bearer',
        issued_at: issuedAt,
      },
    };
  };
}

/** A refresh token for the refresh-token grant (the simulator's stand-in for a web-server flow). */
export function issueRefreshToken(store: SalesforceStore): string {
  const token = `5Aep${randomBytes(32).toString('base64url')}`;
  store.refreshTokens.add(token);
  return token;
}

/** The session behind `Authorization: Bearer <token>` (or the legacy `OAuth <token>`), if live. */
export function sessionOf(store: SalesforceStore, req: SimRequest): Session | undefined {
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match ? store.session(match[1].trim()) : undefined;
}
