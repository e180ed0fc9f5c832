import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestFileRetrieval } from '../../temporal/request-file-retrieval';
import { sendError, sendTemporalFailure } from '../errors';
import { describeIssues, ticketIdParam } from './schemas';

/**
 * A5 request: everything optional. The prefix is checked by the workflow, which refuses one that
 * escapes the partner's prefix with a note on the ticket (the agents see why). The partner is the
 * ticket's own: a request naming an Account, or anything else unknown, is refused.
 */
export const fileRetrievalBody = z
  .object({
    prefix: z
      .string({ error: 'prefix must be a string' })
      .max(1024, 'prefix is longer than 1,024 characters')
      .optional(),
    maxObjects: z.number().int().min(1).max(100_000, 'maxObjects is at most 100,000').optional(),
    maxBytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    requestedBy: z.string().trim().min(1).max(320).optional(),
  })
  .strict();

/** Who asked, for the ticket's decisions, when the caller does not say. */
const API_CALLER = 'the ticket API';

export interface FileRetrievalRouteDeps {
  temporal: Client;
  taskQueue: string;
  /** Runs a Temporal call within the API's deadline. */
  call: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** `POST /tickets/:id/files/retrieve` (under the ticket API's prefix and bearer token): 202 with the retrieval's workflow ID. */
export function registerFileRetrievalRoute(api: FastifyInstance, deps: FileRetrievalRouteDeps): void {
  api.post<{ Params: { id: string } }>('/tickets/:id/files/retrieve', async (request, reply) => {
    const id = ticketIdParam.safeParse(request.params.id);
    if (!id.success) return sendError(reply, 400, 'InvalidRequest', `ticket ID: ${describeIssues(id.error)}`);
    // No body means no options; a JSON `null` is not an object, and is refused as any other non-object.
    const body = fileRetrievalBody.safeParse(request.body === undefined ? {} : request.body);
    if (!body.success)
      return sendError(reply, 400, 'InvalidRequest', `file retrieval: ${describeIssues(body.error)}`);
    try {
      const { requestedBy, ...limits } = body.data;
      const started = await deps.call(() =>
        requestFileRetrieval(deps.temporal, id.data, { ...limits, requestedBy: requestedBy ?? API_CALLER }),
      );
      request.log.info({ ticketId: id.data, workflowId: started.workflowId }, 'A5 file retrieval via API');
      return reply.code(202).send({ ticketId: id.data, ...started });
    } catch (err) {
      return sendTemporalFailure(reply, err, `Ticket ${id.data} has no lifecycle: no file retrieval started`);
    }
  });
}
