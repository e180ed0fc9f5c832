import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../../config';
import { bearerToken } from '../bearer-auth';
import { escalateTicket, type EscalationDeps, type EscalationOutcome } from '../../temporal/escalate-ticket';
import { classifyTemporalFailure, TEMPORAL_RETRY_AFTER_SECONDS } from '../../temporal/failures';
import { partnerOfFormSecret, slackEscalationFormSchema, verifySlackSignature } from './slack-form';

export const SLACK_ESCALATION_PATH = '/webhooks/slack/escalations';
const MAX_FORM_BYTES = 64 * 1024;

/**
 * `POST /webhooks/slack/escalations`: the partner's Slack escalation form (A6). Authenticated by
 * the partner's own form secret (`Authorization: Bearer <secret>` or `X-Partner-Secret`), and by
 * Slack's request signature when `X-Slack-Signature` is present. Registered in its own
 * encapsulated context so that it parses its body raw (the signature is over the raw bytes).
 */
export function registerSlackEscalationRoute(
  app: FastifyInstance,
  deps: EscalationDeps & {
    slack: Pick<AppConfig['slack'], 'signingSecret' | 'escalationForms'>;
    now?: () => number;
  },
): void {
  const now = deps.now ?? Date.now;
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: MAX_FORM_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_FORM_BYTES }, (_req, _body, done) => {
      const error = Object.assign(new Error('The escalation form must be sent as application/json'), {
        statusCode: 415,
        code: 'UnsupportedMediaType',
      });
      done(error, undefined);
    });

    scope.post(SLACK_ESCALATION_PATH, async (request, reply) => {
      const fail = (status: number, error: string, message: string) =>
        reply.code(status).send({ ok: false, error, message });
      const rawBody = request.body as Buffer | undefined;
      if (!rawBody || rawBody.length === 0)
        return fail(400, 'EmptyBody', 'The escalation form sent no fields');

      const presented =
        bearerToken(request.headers.authorization) ??
        (request.headers['x-partner-secret'] as string | undefined);
      const organizationId = partnerOfFormSecret(presented, deps.slack.escalationForms);
      if (organizationId === undefined) {
        return fail(
          401,
          'Unauthorized',
          "Missing or unknown partner secret: configure the form with your organization's escalation secret",
        );
      }
      if (request.headers['x-slack-signature'] !== undefined) {
        const verdict = verifySlackSignature({
          signingSecret: deps.slack.signingSecret,
          timestamp: request.headers['x-slack-request-timestamp'] as string | undefined,
          signature: request.headers['x-slack-signature'] as string,
          rawBody,
          nowMs: now(),
        });
        if (!verdict.ok) return fail(401, 'InvalidSignature', verdict.message);
      }

      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return fail(400, 'MalformedJson', 'The escalation form body is not valid JSON');
      }
      const form = slackEscalationFormSchema.safeParse(json);
      if (!form.success) {
        return fail(400, 'InvalidForm', form.error.issues.map((issue) => issue.message).join('; '));
      }

      let outcome: EscalationOutcome;
      try {
        outcome = await escalateTicket(deps, {
          requestId: form.data.request_id,
          reason: form.data.reason,
          desiredActions: form.data.desired_actions,
          submitter: form.data.submitter,
          urgency: form.data.urgency,
          emergency: form.data.emergency,
          source: 'slack_form',
          partnerOrganizationId: organizationId,
        });
      } catch (err) {
        // Temporal out of reach: say so and when to retry, rather than a bare 500.
        if (classifyTemporalFailure(err).kind !== 'unavailable') throw err;
        void reply.header('retry-after', String(TEMPORAL_RETRY_AFTER_SECONDS));
        return fail(
          503,
          'TemporalUnavailable',
          'The escalation could not be recorded now: submit the form again in a minute',
        );
      }
      if (!outcome.ok) return fail(outcome.status, outcome.error, outcome.message);
      request.log.info(
        { ticketId: outcome.ticketId, outcome: outcome.result.outcome },
        'STAR escalation from Slack form',
      );
      return reply.code(outcome.result.outcome === 'raised' ? 201 : 200).send({
        ok: true,
        outcome: outcome.result.outcome === 'raised' ? 'star_raised' : 'already_starred',
        ticketId: outcome.ticketId,
        message: outcome.message,
        acknowledgeBy: outcome.result.star.acknowledgeBy,
      });
    });
  });
}
