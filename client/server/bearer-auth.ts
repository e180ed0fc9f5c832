import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendError } from './errors';

// Hashing both sides gives equal-length inputs, so the compare is constant-time whatever was sent.
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time comparison of a presented secret with the expected one; empty never matches. */
export function secretsEqual(presented: string, expected: string): boolean {
  const equal = timingSafeEqual(digest(presented), digest(expected));
  return equal && presented.length > 0;
}

/** The token of an `Authorization: Bearer <token>` header, if that is what was sent. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

export function bearerTokenMatches(authorization: string | undefined, expectedToken: string): boolean {
  return secretsEqual(bearerToken(authorization) ?? '', expectedToken);
}

/** The 401 every bearer-protected route answers. */
export function sendUnauthorized(reply: FastifyReply) {
  void reply.header('www-authenticate', 'Bearer realm="partner-support"');
  return sendError(reply, 401, 'Unauthorized', 'A valid bearer token is required (Authorization: Bearer …)');
}

/** Every route registered in `scope` needs `Authorization: Bearer <API_BEARER_TOKEN>`. */
export function requireBearerToken(scope: FastifyInstance, expectedToken: string): void {
  scope.addHook('onRequest', async (request, reply) => {
    if (bearerTokenMatches(request.headers.authorization, expectedToken)) return;
    return sendUnauthorized(reply);
  });
}
