import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { TicketIdAttribute } from '../../../domain/search-attributes';
import type { TicketEvent } from '../../../domain/ticket-events';
import { partnerTicketWorkflowId } from '../../../domain/ticket-ids';
import { partnerTicket } from '../../../workflows';
import { ticketEventSignal } from '../../../workflows/definitions';
import { sendError, sendTemporalUnavailable } from '../errors';
import type { ServerMetrics } from '../metrics';
import { classifyTemporalFailure, withDeadline } from '../temporal-calls';
import { parseZendeskWebhook } from './payload';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, verifyZendeskSignature } from './signature';

export const ZENDESK_WEBHOOK_PATH = '/webhooks/zendesk';

export interface ZendeskWebhookDeps {
  temporal: Client;
  taskQueue: string;
  webhookSecret: string;
  metrics: ServerMetrics;
  now: () => Date;
  /** Longest a delivery waits on Temporal before answering 503 (Zendesk gives up after ~12 s). */
  temporalDeadlineMs: number;
  bodyLimit: number;
}

const header = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Hands one event to its ticket's workflow, starting the workflow if this is the first event. */
async function signalTicket(deps: ZendeskWebhookDeps, event: TicketEvent): Promise<string> {
  const workflowId = partnerTicketWorkflowId(event.ticketId);
  try {
    await withDeadline(deps.temporal, deps.temporalDeadlineMs, () =>
      deps.temporal.workflow.signalWithStart(partnerTicket, {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [{ ticketId: event.ticketId }],
        signal: ticketEventSignal,
        signalArgs: [event],
        typedSearchAttributes: [{ key: TicketIdAttribute, value: String(event.ticketId) }],
      }),
    );
  } catch (err) {
    deps.metrics.signals.inc({ signal: ticketEventSignal.name, outcome: 'failed' });
    throw err;
  }
  deps.metrics.signals.inc({ signal: ticketEventSignal.name, outcome: 'sent' });
  return workflowId;
}

/** One ticket's events in order, different tickets in parallel. */
async function signalAll(deps: ZendeskWebhookDeps, events: TicketEvent[]): Promise<string[]> {
  const byTicket = new Map<number, TicketEvent[]>();
  for (const event of events) byTicket.set(event.ticketId, [...(byTicket.get(event.ticketId) ?? []), event]);
  const workflowIds = new Map<TicketEvent, string>();
  await Promise.all(
    [...byTicket.values()].map(async (ticketEvents) => {
      for (const event of ticketEvents) workflowIds.set(event, await signalTicket(deps, event));
    }),
  );
  return events.map((event) => workflowIds.get(event) as string);
}

/**
 * `POST /webhooks/zendesk`: authenticate (signature over the raw bytes, 5-minute window),
 * validate, and hand each event to its ticket's workflow with signal-with-start. 202 means
 * Temporal has the event; a redelivery is harmless (the workflow ignores a seen event id).
 * Anything short of that is an error status, so that Zendesk retries.
 */
export function registerZendeskWebhookRoute(app: FastifyInstance, deps: ZendeskWebhookDeps): void {
  void app.register(async (scope) => {
    // The signature covers the exact bytes received: keep them, parse JSON ourselves afterwards.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: deps.bodyLimit },
      (_request, body, done) => done(null, body),
    );

    scope.post(ZENDESK_WEBHOOK_PATH, async (request, reply) => {
      const rawBody = request.body;
      if (!Buffer.isBuffer(rawBody) || rawBody.length === 0) {
        return sendError(reply, 400, 'EmptyBody', 'The webhook has no body');
      }
      const verdict = verifyZendeskSignature({
        secret: deps.webhookSecret,
        signature: header(request.headers[SIGNATURE_HEADER]),
        timestamp: header(request.headers[SIGNATURE_TIMESTAMP_HEADER]),
        rawBody,
        now: deps.now(),
      });
      if (!verdict.ok) {
        request.log.warn({ reason: verdict.error }, 'Zendesk webhook refused');
        return sendError(reply, 401, verdict.error, verdict.message);
      }

      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return sendError(reply, 400, 'MalformedJson', 'The body is not valid JSON');
      }
      const payload = parseZendeskWebhook(json);
      if (!payload.ok) return sendError(reply, 400, 'InvalidPayload', payload.message);

      let workflowIds: string[];
      try {
        workflowIds = await signalAll(deps, payload.events);
      } catch (err) {
        const failure = classifyTemporalFailure(err);
        request.log.error(
          { failure: failure.kind, detail: failure.message },
          'ticket event not handed to Temporal',
        );
        return sendTemporalUnavailable(
          reply,
          failure.kind === 'unavailable'
            ? 'Temporal is unreachable: the event was not accepted, deliver it again later'
            : 'The event could not be handed to Temporal: deliver it again later',
        );
      }
      request.log.info(
        { events: payload.events.map((e) => ({ eventId: e.eventId, ticketId: e.ticketId, type: e.type })) },
        'ticket events accepted',
      );
      const accepted = payload.events.map((event, i) => ({
        workflowId: workflowIds[i],
        eventId: event.eventId,
      }));
      return reply
        .code(202)
        .send(
          'events' in (json as object)
            ? { accepted: true, events: accepted }
            : { accepted: true, ...accepted[0] },
        );
    });
  });
}
