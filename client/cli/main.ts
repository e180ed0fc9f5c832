import { userInfo } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import { zendeskWebhooksApi } from '../zendesk/webhook-setup';
import { ConfigError, loadConfig } from '../../config';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { temporalDataConverter } from '../../codec/data-converter';
import type { CliContext } from './context';
import { ExitCode } from './exit-codes';
import { runCli } from './program';

/** `partner-support …` (bin/partner-support, `npm run cli --`): configuration from the environment. */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return ExitCode.usage;
  }
  let connection: Connection | undefined;
  const context: CliContext = {
    temporal: async () => {
      connection ??= await Connection.connect({
        ...(await temporalConnectionOptions(config.temporal)),
        connectTimeout: '5 seconds',
      }).catch((err: unknown) => {
        throw new Error(
          `${config.temporal.address} (TEMPORAL_ADDRESS) did not answer: ${(err as Error).message}`,
        );
      });
      return new Client({
        connection,
        namespace: config.temporal.namespace,
        dataConverter: temporalDataConverter(config.payloadEncryption),
      });
    },
    taskQueue: config.temporal.taskQueue,
    // Case numbers (A6) are looked up in Zendesk's search, as the Slack form does.
    tickets: createZendeskActivities({
      zendesk: createZendeskClient(config.zendesk),
      fields: config.zendesk.fields,
    }),
    zendeskWebhooks: zendeskWebhooksApi(createZendeskClient(config.zendesk)),
    stdout: process.stdout,
    stderr: process.stderr,
    user: process.env.PARTNER_SUPPORT_USER || safeUserName(),
    deadlineMs: 15_000,
  };
  try {
    return await runCli(process.argv.slice(2), context);
  } finally {
    await connection?.close();
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${(err as Error).message ?? String(err)}\n`);
    process.exitCode = ExitCode.failure;
  },
);
