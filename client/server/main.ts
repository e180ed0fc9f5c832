import { Client, Connection } from '@temporalio/client';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import { ConfigError, loadConfig, redactConfig } from '../../config';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { temporalDataConverter } from '../../codec/data-converter';
import { checkTemporalReadiness, untilConnected } from '../temporal/readiness';
import { buildServer } from './build-server';
import { createServerLogger } from './logger';
import { createServerMetrics } from './metrics';

/**
 * The webhook/API server process. It listens even while Temporal is down: `/readyz` says so and
 * webhooks get 503 + Retry-After until Temporal is back, so Zendesk redelivers and nothing is lost.
 * SIGINT/SIGTERM: stop accepting, finish in-flight requests, close the Temporal connection.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createServerLogger(config.logLevel);
  logger.debug({ config: redactConfig(config) }, 'configuration');

  const connection = Connection.lazy(await temporalConnectionOptions(config.temporal));
  const temporalClient = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: temporalDataConverter(config.payloadEncryption),
  });
  const app = await buildServer({
    config,
    temporalClient,
    logger,
    metrics: createServerMetrics({ processMetrics: true }),
    // The partners' Slack escalation form (A6) finds tickets in Zendesk, by ID or case number.
    ticketLookup: createZendeskActivities({
      zendesk: createZendeskClient(config.zendesk),
      fields: config.zendesk.fields,
    }),
  });

  let stopping = false;
  const stopped = new AbortController();
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without draining`);
      process.exit(1);
    }
    stopping = true;
    stopped.abort();
    logger.info(`${signal}: draining in-flight requests`);
    // Draining must not hang the process (e.g. on a Temporal connection that is already gone).
    setTimeout(() => {
      logger.warn('drain took over 10 s: exiting');
      process.exit(1);
    }, 10_000).unref();
    app
      .close()
      .then(() => connection.close())
      .then(() => {
        logger.info('server stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  await app.listen({ host: config.http.host, port: config.http.port });
  // Says in the log when Temporal becomes ready, and why not meanwhile (as `/readyz` does); the
  // connection itself is lazy and reconnects on its own.
  const { address, namespace } = config.temporal;
  void untilConnected(
    async () => {
      const readiness = await checkTemporalReadiness(connection, { address, namespace, deadlineMs: 5_000 });
      if (!readiness.ready) throw new Error(readiness.reason);
    },
    {
      signal: stopped.signal,
      onWaiting: (reason, retryInMs) =>
        logger.warn(
          { temporal: address, reason, retryInMs },
          'Temporal not ready yet: webhooks answer 503 until it is',
        ),
    },
  ).then(() => {
    if (!stopped.signal.aborted) logger.info({ temporal: address, namespace }, 'Temporal ready');
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
