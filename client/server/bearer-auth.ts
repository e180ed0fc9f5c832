import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors';

// Hashing both sides gives equal-length inputs, so the compare is constant-time whatever was sent.
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export function bearerTokenMatches(authorization: string | undefined, expectedToken: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const presented = match?.[1] ?? '';
  const equal = timingSafeEqual(digest(presented), digest(expectedToken));
  return equal && presented.length > 0;
}

/** Every route registered in `scope` needs `Authorization: Bearer <API_BEARER_TOKEN>`. */
export function requireBearerToken(scope: FastifyInstance, expectedToken: string): void {
  scope.addHook('onRequest', async (request, reply) => {
    if (bearerTokenMatches(request.headers.authorization, expectedToken)) return;
    void reply.header('www-authenticate', 'Bearer realm="partner-support"');
    return sendError(
      reply,
      401,
      'Unauthorized',
      'A valid bearer token is required (Authorization: Bearer …)',
    );
  });
}
