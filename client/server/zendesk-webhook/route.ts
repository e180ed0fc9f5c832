import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { TicketEvent } from '../../../domain/ticket-events';
import { ticketEventSignal } from '../../../workflows/definitions';
import {
  deliverTicketEvent,
  type TicketEventDelivery,
  type TicketEventDeliveryOutcome,
} from '../../temporal/deliver-ticket-event';
import { classifyTemporalFailure } from '../../temporal/failures';
import { sendError, sendTemporalUnavailable } from '../errors';
import { markOutcomeLogged } from '../logger';
import type { ServerMetrics } from '../metrics';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, verifyZendeskSignature } from './signature';
import { parseZendeskWebhook, type ZendeskEventContext } from './zendesk-events';

export const ZENDESK_WEBHOOK_PATH = '/webhooks/zendesk';
/** Which Zendesk webhook sent the request (logged: several webhooks may point here). */
export const WEBHOOK_ID_HEADER = 'x-zendesk-webhook-id';

export interface ZendeskWebhookDeps {
  temporal: Client;
  taskQueue: string;
  webhookSecret: string;
  metrics: ServerMetrics;
  now: () => Date;
  /** Longest a delivery waits on Temporal before answering 503 (Zendesk gives up after ~12 s). */
  temporalDeadlineMs: number;
  bodyLimit: number;
  /** The Zendesk instance's field ids and integration user, for mapping its events. */
  zendesk: ZendeskEventContext;
}

const header = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Hands one event to its ticket's lifecycle (see deliverTicketEvent), counting the outcome. */
async function deliverEvent(deps: ZendeskWebhookDeps, event: TicketEvent): Promise<TicketEventDelivery> {
  try {
    const delivery = await deliverTicketEvent(
      { client: deps.temporal, taskQueue: deps.taskQueue, deadlineMs: deps.temporalDeadlineMs },
      event,
    );
    deps.metrics.signals.inc({
      signal: ticketEventSignal.name,
      outcome: delivery.outcome === 'delivered' ? 'sent' : delivery.outcome,
    });
    return delivery;
  } catch (err) {
    deps.metrics.signals.inc({ signal: ticketEventSignal.name, outcome: 'failed' });
    throw err;
  }
}

/** How an acknowledged event is described to Zendesk: `ignored` says why it changed nothing. */
const ignoredReason: Record<TicketEventDeliveryOutcome, string | undefined> = {
  delivered: undefined,
  reopened: undefined,
  ignored_closed: 'ticket_closed',
  ignored_deleted: 'ticket_deleted',
  ignored_dormant: 'ticket_dormant',
};

function describeDelivery(event: TicketEvent, delivery: TicketEventDelivery) {
  const ignored = ignoredReason[delivery.outcome];
  return {
    workflowId: delivery.workflowId,
    eventId: event.eventId,
    ...(ignored ? { ignored } : {}),
    ...(delivery.outcome === 'reopened' ? { reopened: true } : {}),
  };
}

/**
 * `POST /webhooks/zendesk`: authenticate (signature over the raw bytes, 5-minute window),
 * validate Zendesk's ticket event (zendesk-events.ts: one event per request), map it, and hand it
 * to its ticket's lifecycle (deliverTicketEvent); events the workflow has no use for are
 * acknowledged, counted and ignored. 202 means
 * Temporal has the event, or that the ticket's lifecycle is over and the event changes nothing
 * (`ignored` in the answer); a redelivery is harmless (the workflow ignores a seen event id).
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
      const parsed = parseZendeskWebhook(json, deps.zendesk);
      if (!parsed.ok) return sendError(reply, 400, 'InvalidPayload', parsed.message);
      const { mapped } = parsed;
      const webhookId = header(request.headers[WEBHOOK_ID_HEADER]);
      if (mapped.kind === 'ignored') {
        // Acknowledged (2xx): subscribing the webhook to more events must never break delivery.
        deps.metrics.zendeskEventsIgnored.inc({ event_type: mapped.zendeskType, reason: mapped.reason });
        request.log.info(
          {
            webhookId,
            eventId: mapped.eventId,
            zendeskType: mapped.zendeskType,
            reason: mapped.reason,
            status: 202,
            ms: Math.round(reply.elapsedTime),
          },
          'Zendesk event ignored',
        );
        markOutcomeLogged(request);
        return reply.code(202).send({ accepted: true, eventId: mapped.eventId, ignored: mapped.reason });
      }

      const { event } = mapped;
      let delivery: TicketEventDelivery;
      try {
        delivery = await deliverEvent(deps, event);
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
        {
          webhookId,
          eventId: event.eventId,
          ticketId: event.ticketId,
          zendeskType: mapped.zendeskType,
          type: event.type,
          sequence: mapped.sequence,
          outcome: delivery.outcome,
          status: 202,
          ms: Math.round(reply.elapsedTime),
        },
        'ticket event accepted',
      );
      markOutcomeLogged(request);
      // Ignored deliveries are acknowledged too (2xx): a redelivery would be ignored again.
      return reply.code(202).send({ accepted: true, ...describeDelivery(event, delivery) });
    });
  });
}
