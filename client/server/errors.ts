import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { passingFailureOf } from '../../activities/errors';
import { classifyTemporalFailure, TEMPORAL_RETRY_AFTER_SECONDS } from '../temporal/failures';

/** Every error the server answers has this shape: a stable code and a sentence for humans. */
export interface ErrorBody {
  error: string;
  message: string;
}

export function sendError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message } satisfies ErrorBody);
}

/** 503 + Retry-After: the sender (Zendesk, a script) retries and nothing is lost. */
export function sendTemporalUnavailable(reply: FastifyReply, message: string): FastifyReply {
  void reply.header('retry-after', String(TEMPORAL_RETRY_AFTER_SECONDS));
  return sendError(reply, 503, 'TemporalUnavailable', message);
}

/**
 * 503 + Retry-After for a lookup the server made itself that Zendesk or Salesforce refused for now
 * (429, 5xx, no answer): the sender retries; undefined (nothing sent) for any other error.
 */
export function sendIfPassing(reply: FastifyReply, err: unknown): FastifyReply | undefined {
  const passing = passingFailureOf(err);
  if (!passing) return undefined;
  void reply.header('retry-after', String(passing.retryAfterSeconds));
  return sendError(
    reply,
    503,
    'UpstreamUnavailable',
    `${passing.system} did not answer the request now; retry in ${passing.retryAfterSeconds} s`,
  );
}

/** Answers a failed Temporal call: 404, 409, 503, or 500 (never a success). */
export function sendTemporalFailure(
  reply: FastifyReply,
  err: unknown,
  notFoundMessage: string,
): FastifyReply {
  const failure = classifyTemporalFailure(err);
  switch (failure.kind) {
    case 'not_found':
      return sendError(reply, 404, 'NotFound', notFoundMessage);
    case 'rejected':
      return sendError(reply, 409, 'Refused', failure.message);
    case 'completed':
      return sendError(reply, 409, 'TicketCompleted', failure.message);
    case 'unavailable':
      return sendTemporalUnavailable(reply, `${failure.message}; retry later`);
    default:
      if (sendIfPassing(reply, err)) return reply;
      reply.log.error({ err }, 'Temporal call failed');
      return sendError(reply, 500, 'InternalError', 'The request could not be completed');
  }
}

// Fastify's own rejections, renamed to the codes our API documents.
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PayloadTooLarge',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EmptyBody',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MalformedJson',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BadRequest',
};

/** `{error, message}` for every failure, without echoing bodies or internals. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500 && sendIfPassing(reply, err)) return reply;
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
      return sendError(reply, status, 'InternalError', 'The request could not be completed');
    }
    const malformedJson = err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY';
    const error = malformedJson
      ? 'MalformedJson'
      : (fastifyCodes[err.code] ?? (err.code && !err.code.startsWith('FST_') ? err.code : 'BadRequest'));
    const message =
      status === 415
        ? `Unsupported content type ${JSON.stringify(request.headers['content-type'] ?? '(none)')}: send application/json`
        : malformedJson
          ? 'The body is not valid JSON'
          : err.message;
    return sendError(reply, status, error, message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'NotFound', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
}
