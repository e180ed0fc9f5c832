import type { PayloadCodec } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PayloadDecryptionError } from '../../../codec/aes-gcm-codec';
import { describeIssues } from '../ticket-api/schemas';
import { bearerTokenMatches, sendUnauthorized } from '../bearer-auth';
import { sendError } from '../errors';
import { codecRequestBody, payloadFromJson, payloadToJson } from './payload-json';

export interface CodecRouteDeps {
  codec: PayloadCodec;
  /** Origins of the Temporal Web UI: the browser calls this endpoint from the UI's pages. */
  corsOrigins: readonly string[];
  /** `none` only for the local Web UI (the configuration allows it on a loopback address only). */
  auth: { kind: 'bearer'; token: string } | { kind: 'none' };
}

/** The UI sends the namespace and, when told to pass the user's access token, Authorization. */
const ALLOWED_HEADERS = 'authorization, content-type, x-namespace';
/** History pages can carry many payloads of up to 2 MB each; the rest of the server keeps 1 MiB. */
const CODEC_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * The codec server (the protocol of the Temporal Web UI and `temporal --codec-endpoint`):
 * `POST /codec/encode` and `POST /codec/decode`, each taking and answering `{payloads: [...]}`,
 * so that people can read histories whose payloads the workers encrypt. Decrypted data leaves
 * the service here, so it is authenticated like the ticket API.
 */
export function registerCodecRoutes(app: FastifyInstance, deps: CodecRouteDeps): void {
  void app.register(
    async (scope) => {
      scope.removeContentTypeParser('text/plain');

      scope.addHook('onRequest', async (request, reply) => {
        const origin = request.headers.origin;
        const allowed = origin !== undefined && deps.corsOrigins.includes(origin);
        if (allowed) {
          void reply
            .header('access-control-allow-origin', origin)
            .header('access-control-allow-credentials', 'true')
            .header('vary', 'Origin');
        }
        // A preflight carries no credentials: it is answered before authentication.
        if (request.method === 'OPTIONS') {
          if (!allowed) {
            return sendError(
              reply,
              403,
              'Forbidden',
              `Origin ${origin ?? '(none)'} may not call the codec endpoint`,
            );
          }
          return reply
            .code(204)
            .header('access-control-allow-methods', 'POST, OPTIONS')
            .header('access-control-allow-headers', ALLOWED_HEADERS)
            .header('access-control-max-age', '600')
            .send();
        }
        if (deps.auth.kind === 'none' || bearerTokenMatches(request.headers.authorization, deps.auth.token)) {
          return;
        }
        return sendUnauthorized(reply);
      });

      const handle =
        (direction: 'encode' | 'decode') =>
        async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
          const body = codecRequestBody.safeParse(request.body ?? {});
          if (!body.success) {
            return sendError(reply, 400, 'InvalidRequest', `payloads: ${describeIssues(body.error)}`);
          }
          const payloads = body.data.payloads.map(payloadFromJson);
          try {
            const result = await deps.codec[direction](payloads);
            return { payloads: result.map(payloadToJson) };
          } catch (err) {
            // Its message names the key id at fault, never key material or payload contents.
            if (err instanceof PayloadDecryptionError) {
              return sendError(reply, 400, 'PayloadDecryptionFailed', err.message);
            }
            throw err;
          }
        };
      for (const direction of ['encode', 'decode'] as const) {
        scope.post(`/${direction}`, { bodyLimit: CODEC_BODY_LIMIT }, handle(direction));
        // Registered so that preflights reach the hook above instead of the 404 handler.
        scope.options(`/${direction}`, async () => undefined);
      }
    },
    { prefix: '/codec' },
  );
}
