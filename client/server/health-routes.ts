import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { sendTemporalUnavailable } from './errors';
import { checkTemporalReadiness } from '../temporal/readiness';

const READINESS_DEADLINE_MS = 2_000;

/**
 * `/healthz`: the process answers (liveness). `/readyz`: Temporal answers too, with the namespace
 * and the ticket search attributes in place, so a load balancer sends webhooks only to instances
 * that can hand them on; otherwise 503 whose message says what is missing.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  temporal: Client,
  { address }: { address: string },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    const readiness = await checkTemporalReadiness(temporal.connection, {
      address,
      namespace: temporal.options.namespace,
      deadlineMs: READINESS_DEADLINE_MS,
    });
    if (readiness.ready) return { status: 'ready', temporal: 'reachable' };
    request.log.warn({ reason: readiness.reason }, 'readiness: not ready');
    return sendTemporalUnavailable(reply, readiness.reason);
  });
}
