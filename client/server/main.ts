import { Client, Connection } from '@temporalio/client';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import { ConfigError, loadConfig, redactConfig } from '../../config';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { temporalDataConverter } from '../../codec/data-converter';
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
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without draining`);
      process.exit(1);
    }
    stopping = true;
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
  void connection
    .withDeadline(Date.now() + 5_000, () => connection.workflowService.getSystemInfo({}))
    .then(
      () =>
        logger.info(
          { temporal: config.temporal.address, namespace: config.temporal.namespace },
          'Temporal reachable',
        ),
      () =>
        logger.warn(
          { temporal: config.temporal.address },
          'Temporal not reachable yet: webhooks answer 503 until it is',
        ),
    );
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
