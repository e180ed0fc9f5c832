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

export function createServerLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
  return destination ? pino(serverLoggerOptions(level), destination) : pino(serverLoggerOptions(level));
}
