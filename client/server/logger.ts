import type { FastifyInstance, FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * The server's logger. Requests are logged by method, route and status only: never bodies
 * (tickets hold customer data), and never credentials: the headers that carry them are
 * redacted in case anything logs headers (a serializer, an error object).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-zendesk-webhook-signature"]',
  'req.headers["x-partner-secret"]',
  'req.headers["x-slack-signature"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-zendesk-webhook-signature"]',
  'headers["x-partner-secret"]',
  'headers["x-slack-signature"]',
  'body',
  'req.body',
];

export function serverLoggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level,
    name: 'partner-support-server',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

/**
 * By default to stdout asynchronously (lines written in batches, not one blocking write each: a
 * tenth of the server's CPU under load went to synchronous writes, see docs/benchmarks.md); pino
 * flushes what is buffered when the process exits.
 */
export function createServerLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
  return pino(serverLoggerOptions(level), destination ?? pino.destination({ dest: 1, sync: false }));
}

const outcomeLogged = new WeakSet<FastifyRequest>();

/**
 * The handler has logged the request's outcome itself, with its status and time (the Zendesk
 * webhook's "ticket event accepted"): no second line for it. Half the log lines under load.
 */
export function markOutcomeLogged(request: FastifyRequest): void {
  outcomeLogged.add(request);
}

/**
 * One line per answered request (Fastify's own request logging, two lines each, is turned off):
 * method, route pattern, status and time, never the URL's values, headers or body.
 */
export function logAnsweredRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    if (outcomeLogged.has(request)) return;
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });
}
