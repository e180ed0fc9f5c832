import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestSupportUploader } from '../../temporal/support-uploader';
import { sendError, sendTemporalFailure } from '../errors';
import { describeIssues, ticketIdParam } from './schemas';

/** S5 request: who asks (shown in the ticket's decision); optional. */
export const uploaderRequestBody = z
  .object({
    requestedBy: z.string().trim().min(1, 'requestedBy must not be empty').max(320).optional(),
  })
  .strict();

export interface UploaderApiDeps {
  temporal: Client;
  /** Runs a Temporal call within the API's deadline. */
  call: <T>(fn: () => Promise<T>) => Promise<T>;
}

/**
 * `POST /tickets/:id/files/uploader` (under the ticket API's prefix and bearer token): signals the
 * ticket's workflow, which issues a Support Uploader and posts its link as a public comment (202).
 * Never starts a workflow: a ticket without one is 404, a closed or ended one 410.
 */
export function registerUploaderApiRoute(api: FastifyInstance, deps: UploaderApiDeps): void {
  api.post<{ Params: { id: string } }>('/tickets/:id/files/uploader', async (request, reply) => {
    const id = ticketIdParam.safeParse(request.params.id);
    if (!id.success) return sendError(reply, 400, 'InvalidRequest', `ticket ID: ${describeIssues(id.error)}`);
    // No body means no options; a JSON `null` or an unknown field is refused (400), not read as none.
    const body = uploaderRequestBody.safeParse(request.body === undefined ? {} : request.body);
    if (!body.success)
      return sendError(reply, 400, 'InvalidRequest', `uploader request: ${describeIssues(body.error)}`);
    const requestedBy = body.data.requestedBy ?? 'the ticket API';
    try {
      const ticket = await deps.call(() => requestSupportUploader(deps.temporal, id.data, requestedBy));
      if (ticket.kind === 'absent')
        return sendError(
          reply,
          404,
          'NotFound',
          `Ticket ${id.data} has no workflow (no event received for it yet)`,
        );
      if (ticket.kind === 'ended')
        return sendError(reply, 410, 'TicketClosed', `Ticket ${id.data}: no uploader, ${ticket.why}`);
      request.log.info({ ticketId: id.data }, 'S5 uploader requested via API');
      return reply.code(202).send({ ticketId: id.data, requested: true });
    } catch (err) {
      return sendTemporalFailure(reply, err, `Ticket ${id.data} has no workflow`);
    }
  });
}
