import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { readProvisioning, startDeprovisioning, startProvisioning } from '../../temporal/start-provisioning';
import { withDeadline } from '../../temporal/failures';
import { requireBearerToken } from '../bearer-auth';
import { sendError, sendTemporalFailure } from '../errors';
import { describeIssues } from '../ticket-api/schemas';
import { deprovisioningBody, emailParam, provisioningBody } from './schemas';

export interface ProvisioningApiDeps {
  temporal: Client;
  taskQueue: string;
  apiBearerToken: string;
  /** Longest a request waits on Temporal before answering 503. */
  temporalDeadlineMs: number;
}

/**
 * A1 under `/api/provisioning` (bearer token, as the ticket API): a CSM/AE/Sales member's
 * request starts (or joins) the representative's provisioning workflow; its status is the
 * workflow's `status` query, or its result once done. The workflow does the checks: a refusal is
 * in the status, not in this answer (the checks read Salesforce, which this server does not).
 */
export function registerProvisioningApiRoutes(app: FastifyInstance, deps: ProvisioningApiDeps): void {
  const { temporal } = deps;
  const call = <T>(fn: () => Promise<T>) => withDeadline(temporal, deps.temporalDeadlineMs, fn);

  void app.register(
    async (api) => {
      requireBearerToken(api, deps.apiBearerToken);
      api.removeContentTypeParser('text/plain');

      api.post('/provisioning', async (request, reply) => {
        const parsed = provisioningBody.safeParse(request.body ?? {});
        if (!parsed.success) {
          return sendError(reply, 400, 'InvalidRequest', `provisioning: ${describeIssues(parsed.error)}`);
        }
        try {
          const started = await call(() => startProvisioning(temporal, parsed.data, deps.taskQueue));
          request.log.info(
            { workflowId: started.workflowId, kind: started.kind },
            'A1 provisioning requested',
          );
          if (started.kind === 'completed') {
            return reply
              .code(200)
              .send({ workflowId: started.workflowId, state: 'completed', status: started.result });
          }
          return reply
            .code(202)
            .send({ workflowId: started.workflowId, runId: started.runId, state: 'running' });
        } catch (err) {
          return sendTemporalFailure(reply, err, 'no provisioning workflow');
        }
      });

      // Deprovisioning (the Contact left the account, or portal access was revoked in Salesforce).
      api.post<{ Params: { email: string } }>('/provisioning/:email/deprovision', async (request, reply) => {
        const email = emailParam.safeParse(request.params.email);
        if (!email.success) return sendError(reply, 400, 'InvalidRequest', describeIssues(email.error));
        const body = deprovisioningBody.safeParse(request.body ?? {});
        if (!body.success) {
          return sendError(reply, 400, 'InvalidRequest', `deprovisioning: ${describeIssues(body.error)}`);
        }
        try {
          const started = await call(() =>
            startDeprovisioning(
              temporal,
              { email: email.data, requestedBy: body.data.requestedBy },
              deps.taskQueue,
            ),
          );
          if (started.kind === 'busy') {
            return sendError(
              reply,
              409,
              'Busy',
              `${started.workflowId} is running; try again once it has finished`,
            );
          }
          return reply
            .code(202)
            .send({ workflowId: started.workflowId, runId: started.runId, state: 'running' });
        } catch (err) {
          return sendTemporalFailure(reply, err, 'no provisioning workflow');
        }
      });

      api.get<{ Params: { email: string } }>('/provisioning/:email', async (request, reply) => {
        const email = emailParam.safeParse(request.params.email);
        if (!email.success) return sendError(reply, 400, 'InvalidRequest', describeIssues(email.error));
        try {
          const view = await call(() => readProvisioning(temporal, email.data));
          if (view.kind === 'ended') {
            return { workflowId: view.workflowId, state: view.executionStatus.toLowerCase() };
          }
          return { workflowId: view.workflowId, running: view.kind === 'running', status: view.status };
        } catch (err) {
          return sendTemporalFailure(reply, err, `No provisioning was requested for ${email.data}`);
        }
      });
    },
    { prefix: '/api' },
  );
}
