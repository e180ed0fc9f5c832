import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { sendTemporalUnavailable } from './errors';
import { withDeadline } from '../temporal/failures';

const READINESS_DEADLINE_MS = 2_000;

/**
 * `/healthz`: the process answers (liveness). `/readyz`: Temporal answers too, so a load
 * balancer sends webhooks only to instances that can hand them on.
 */
export function registerHealthRoutes(app: FastifyInstance, temporal: Client): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await withDeadline(temporal, READINESS_DEADLINE_MS, () => temporal.workflowService.getSystemInfo({}));
      return { status: 'ready', temporal: 'reachable' };
    } catch (err) {
      request.log.warn({ err: (err as Error).message }, 'readiness: Temporal unreachable');
      return sendTemporalUnavailable(reply, 'Temporal is unreachable');
    }
  });
}
