import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { withLiveClocks } from '../../../domain/sla/live-status';
import { loadSlaPolicyCatalog } from '../../../domain/sla/policy-catalog';
import { partnerTicketWorkflowId } from '../../../domain/ticket-ids';
import type { partnerTicket } from '../../../workflows';
import { acknowledgeStarUpdate, statusQuery, unstarUpdate } from '../../../workflows/definitions';
import { escalateTicket, type TicketLookup } from '../../temporal/escalate-ticket';
import { withDeadline } from '../../temporal/failures';
import { requireBearerToken } from '../bearer-auth';
import { registerFileRetrievalRoute } from './file-retrieval';
import { registerUploaderApiRoute } from './uploader';
import { sendError, sendTemporalFailure } from '../errors';
import { acknowledgeBody, describeIssues, escalationBody, ticketIdParam, unstarBody } from './schemas';

export interface TicketApiDeps {
  temporal: Client;
  /** Where an escalation starts the workflow of a ticket that has none yet. */
  taskQueue: string;
  /**
   * Finds tickets in Zendesk: an escalation checks the ticket exists and is not closed. Without
   * it (a server built for tests without Zendesk), escalations answer 503.
   */
  tickets?: TicketLookup;
  apiBearerToken: string;
  /** Longest a request waits on Temporal (a query or an update) before answering 503. */
  temporalDeadlineMs: number;
}

type Parsed<T> = { ok: true; value: T } | { ok: false };

/** Parses with `schema`, or answers 400 naming the fields at fault. */
function parseOr400<S extends z.ZodType>(
  reply: FastifyReply,
  schema: S,
  input: unknown,
  what: string,
): Parsed<z.output<S>> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  void sendError(reply, 400, 'InvalidRequest', `${what}: ${describeIssues(parsed.error)}`);
  return { ok: false };
}

/**
 * The ticket API under `/api` (bearer token): a ticket's status from its workflow's `status`
 * query, and the STAR operations as workflow updates, so that the caller learns at once whether
 * the workflow accepted them (a validator's refusal comes back as 409 with its reason).
 */
export function registerTicketApiRoutes(app: FastifyInstance, deps: TicketApiDeps): void {
  const { temporal } = deps;
  const handleFor = (ticketId: number) =>
    temporal.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
  const notFound = (ticketId: number) => `Ticket ${ticketId} has no workflow (no event received for it yet)`;
  const call = <T>(fn: () => Promise<T>) => withDeadline(temporal, deps.temporalDeadlineMs, fn);

  void app.register(
    async (api) => {
      requireBearerToken(api, deps.apiBearerToken);
      // The API speaks JSON only: anything else is a 415, not a string the schemas misread.
      api.removeContentTypeParser('text/plain');

      // The status query answers as of the workflow's last task: each clock gets `live` times
      // for now, on the calendars of the ticket's own policy version.
      const policies = loadSlaPolicyCatalog();
      api.get<{ Params: { id: string } }>('/tickets/:id', async (request, reply) => {
        const id = parseOr400(reply, ticketIdParam, request.params.id, 'ticket ID');
        if (!id.ok) return reply;
        try {
          const status = await call(() => handleFor(id.value).query(statusQuery));
          return withLiveClocks(status, policies, Date.now());
        } catch (err) {
          return sendTemporalFailure(reply, err, notFound(id.value));
        }
      });

      // The same escalation as the Slack form and the CLI: a ticket without a workflow yet is
      // started with the shared start options, and a closed ticket is refused (409).
      api.post<{ Params: { id: string } }>('/tickets/:id/escalations', async (request, reply) => {
        const id = parseOr400(reply, ticketIdParam, request.params.id, 'ticket ID');
        if (!id.ok) return reply;
        const body = parseOr400(reply, escalationBody, request.body, 'escalation');
        if (!body.ok) return reply;
        if (!deps.tickets) {
          return sendError(
            reply,
            503,
            'ZendeskUnavailable',
            'Escalations need Zendesk, which is not configured',
          );
        }
        try {
          const outcome = await escalateTicket(
            {
              temporal,
              taskQueue: deps.taskQueue,
              tickets: deps.tickets,
              temporalDeadlineMs: deps.temporalDeadlineMs,
            },
            { ...body.value, requestId: String(id.value), source: 'api' },
          );
          if (!outcome.ok) {
            const error = outcome.error === 'TicketNotFound' ? 'NotFound' : outcome.error;
            return sendError(reply, outcome.status, error, outcome.message);
          }
          const { result } = outcome;
          request.log.info({ ticketId: id.value, outcome: result.outcome }, 'STAR escalation via API');
          return reply.code(result.outcome === 'raised' ? 201 : 200).send({ ticketId: id.value, ...result });
        } catch (err) {
          return sendTemporalFailure(reply, err, notFound(id.value));
        }
      });

      api.post<{ Params: { id: string } }>('/tickets/:id/star/acknowledge', async (request, reply) => {
        const id = parseOr400(reply, ticketIdParam, request.params.id, 'ticket ID');
        if (!id.ok) return reply;
        const body = parseOr400(reply, acknowledgeBody, request.body, 'acknowledgement');
        if (!body.ok) return reply;
        try {
          const star = await call(() =>
            handleFor(id.value).executeUpdate(acknowledgeStarUpdate, { args: [body.value] }),
          );
          return { ticketId: id.value, star };
        } catch (err) {
          return sendTemporalFailure(reply, err, notFound(id.value));
        }
      });

      api.post<{ Params: { id: string } }>('/tickets/:id/star/unstar', async (request, reply) => {
        const id = parseOr400(reply, ticketIdParam, request.params.id, 'ticket ID');
        if (!id.ok) return reply;
        const body = parseOr400(reply, unstarBody, request.body, 'unstar');
        if (!body.ok) return reply;
        try {
          const star = await call(() =>
            handleFor(id.value).executeUpdate(unstarUpdate, { args: [body.value] }),
          );
          return { ticketId: id.value, star };
        } catch (err) {
          return sendTemporalFailure(reply, err, notFound(id.value));
        }
      });

      // A5: retrieve a partner's files onto the ticket (a workflow of its own, 202).
      registerFileRetrievalRoute(api, { temporal, taskQueue: deps.taskQueue, call });
      // S5: a Support Uploader on the ticket (a signal to its workflow, 202).
      registerUploaderApiRoute(api, { temporal, call });
    },
    { prefix: '/api' },
  );
}
