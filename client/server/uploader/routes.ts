import type { S3Client } from '@aws-sdk/client-s3';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { hmacTokenMac } from '../../../activities/uploads/token-signer';
import { createUploadForm } from '../../../activities/uploads/upload-form';
import type { AppConfig } from '../../../config';
import { formatBytes } from '../../../domain/file-retrieval';
import { uploadKeyProblem } from '../../../domain/support-uploader';
import { tokenRefusal, verifyUploaderToken, type UploaderGrant } from '../../../domain/uploader-token';
import { reportUploadFinished, uploaderTicket } from '../../temporal/support-uploader';
import { sendError, sendTemporalFailure } from '../errors';
import { uploaderPage, uploaderRefusalPage } from './page';

export interface UploaderRouteDeps {
  temporal: Client;
  s3: S3Client;
  supportBucket: string;
  uploader: AppConfig['uploader'];
  /** Runs a Temporal call within the server's deadline. */
  call: <T>(fn: () => Promise<T>) => Promise<T>;
  now: () => number;
}

const wantsHtml = (request: FastifyRequest): boolean => /text\/html/.test(request.headers.accept ?? '');

/** A refusal: an HTML page for a browser, `{error, message}` for anything else. */
function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
) {
  if (!wantsHtml(request)) return sendError(reply, status, error, message);
  return reply.code(status).type('text/html; charset=utf-8').send(uploaderRefusalPage(message));
}

/**
 * S5: the Support Uploader, served to partners without an account: the signed link is the only
 * credential. `GET /uploads/:token` is the page (a presigned POST straight to S3, confined to the
 * ticket's uploads prefix); S3 sends the browser back to `GET /uploads/:token/finished` with the
 * key it stored, and the server signals the ticket's workflow, which records the file and writes
 * the agents' note. A forged, foreign or expired link, and a closed or deleted ticket, are refused.
 */
export function registerUploaderRoutes(app: FastifyInstance, deps: UploaderRouteDeps): void {
  const mac = hmacTokenMac(deps.uploader.tokenSecret);

  /** The link's grant, and the ticket still open; otherwise the refusal has been sent. */
  async function admit(
    request: FastifyRequest<{ Params: { token: string } }>,
    reply: FastifyReply,
    keyTicketId?: number,
  ): Promise<UploaderGrant | undefined> {
    const check = verifyUploaderToken(request.params.token, { mac, now: deps.now(), ticketId: keyTicketId });
    if (!check.ok) {
      // The token itself is never logged: it is the credential.
      request.log.info({ reason: check.reason }, 'S5 uploader link refused');
      const expired = check.reason === 'expired';
      await refuse(
        request,
        reply,
        expired ? 410 : 403,
        expired ? 'UploadLinkExpired' : 'InvalidUploadLink',
        tokenRefusal[check.reason],
      );
      return undefined;
    }
    const { ticketId } = check.grant;
    try {
      const ticket = await deps.call(() => uploaderTicket(deps.temporal, ticketId));
      if (ticket.kind === 'absent') {
        await refuse(request, reply, 404, 'NotFound', `Ticket ${ticketId} is not known to Support.`);
        return undefined;
      }
      if (ticket.kind === 'ended' || !ticket.status.uploader) {
        const why = ticket.kind === 'ended' ? ticket.why : 'it has no uploader';
        await refuse(request, reply, 410, 'TicketClosed', `This upload link no longer works: ${why}.`);
        return undefined;
      }
    } catch (err) {
      await sendTemporalFailure(reply, err, `Ticket ${ticketId} is not known to Support`);
      return undefined;
    }
    return check.grant;
  }

  async function sendPage(reply: FastifyReply, grant: UploaderGrant, token: string, received?: string) {
    const now = deps.now();
    const form = await createUploadForm({
      s3: deps.s3,
      bucket: deps.supportBucket,
      ticketId: grant.ticketId,
      maxBytes: deps.uploader.maxBytes,
      redirectUrl: `${deps.uploader.publicUrl}/uploads/${token}/finished`,
      uploaderExpiresAt: grant.expiresAt,
      now,
    });
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex')
      .header(
        'content-security-policy',
        `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors 'none'`,
      )
      .type('text/html; charset=utf-8')
      .send(
        uploaderPage({
          ticketId: grant.ticketId,
          form,
          maxBytes: formatBytes(deps.uploader.maxBytes),
          uploaderExpiresAt: grant.expiresAt,
          nonce,
          received,
        }),
      );
  }

  app.get<{ Params: { token: string } }>('/uploads/:token', async (request, reply) => {
    const grant = await admit(request, reply);
    if (!grant) return reply;
    return sendPage(reply, grant, request.params.token);
  });

  // S3's success_action_redirect: ?bucket=…&key=…&etag=… (etag from real S3; moto sends none).
  app.get<{ Params: { token: string }; Querystring: { key?: unknown; bucket?: unknown } }>(
    '/uploads/:token/finished',
    async (request, reply) => {
      const key = typeof request.query.key === 'string' ? request.query.key : undefined;
      const match = key ? /^tickets\/(\d{1,16})\//.exec(key) : null;
      if (!key || !match)
        return refuse(request, reply, 400, 'InvalidRequest', 'key must name an uploaded file');
      const keyTicketId = Number(match[1]);
      const grant = await admit(request, reply, keyTicketId);
      if (!grant) return reply;
      const problem = uploadKeyProblem(grant.ticketId, key);
      if (
        problem !== undefined ||
        (request.query.bucket !== undefined && request.query.bucket !== deps.supportBucket)
      )
        return refuse(
          request,
          reply,
          400,
          'InvalidRequest',
          `Not an upload of this ticket: ${problem ?? 'another bucket'}`,
        );
      try {
        await deps.call(() => reportUploadFinished(deps.temporal, grant.ticketId, key));
      } catch (err) {
        return sendTemporalFailure(reply, err, `Ticket ${grant.ticketId} is not known to Support`);
      }
      request.log.info({ ticketId: grant.ticketId, key }, 'S5 upload reported');
      const name = key.slice(key.lastIndexOf('/') + 1);
      if (!wantsHtml(request)) return reply.code(202).send({ ticketId: grant.ticketId, key });
      return sendPage(reply, grant, request.params.token, name);
    },
  );
}
