import { S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../config';
import { loadWorld } from './fixtures/world';
import { seedS3, startMotoS3 } from './moto-s3';
import { startSalesforceSimulator } from './salesforce';
import { startSlackSimulator } from './slack';
import { startZendeskSimulator } from './zendesk';

/**
 * `npm run simulators`: the Zendesk, Salesforce and Slack simulators and moto's S3 server on
 * their local ports, seeded from simulators/fixtures/world.json. The Zendesk simulator sends
 * its signed ticket webhooks to the local webhook server.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const port = (name: string, fallback: number): number => Number(process.env[name] || fallback);
  const webhookUrl =
    process.env.ZENDESK_SIM_WEBHOOK_URL || `http://${config.http.host}:${config.http.port}/webhooks/zendesk`;

  const zendesk = await startZendeskSimulator({
    port: port('ZENDESK_SIM_PORT', 4010),
    // Seconds since 2026 (8 digits): past any id used before a restart of `make dev` (unless over a ticket a second).
    firstNewTicketId: 1_000_000 + Math.floor((Date.now() - Date.UTC(2026, 0, 1)) / 1000),
    webhook: { url: webhookUrl, secret: config.zendesk.webhookSecret },
    // The credentials the worker is configured with (ZENDESK_EMAIL / ZENDESK_API_TOKEN).
    credentials: {
      email: config.zendesk.email,
      apiToken: config.zendesk.apiToken,
      oauthTokens: ['local-zendesk-oauth-token'],
    },
  });
  const salesforce = await startSalesforceSimulator({
    port: port('SALESFORCE_SIM_PORT', 4020),
    clientId: config.salesforce.clientId,
    clientSecret: config.salesforce.clientSecret,
  });
  const slack = await startSlackSimulator({ port: port('SLACK_SIM_PORT', 4030) });
  const s3 = await startMotoS3({ port: port('S3_SIM_PORT', 4040) });
  await seedS3(
    new S3Client({
      endpoint: s3.url,
      region: config.s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey },
    }),
    loadWorld(),
    config.s3.supportBucket,
  );

  console.log(`simulators: Zendesk    ${zendesk.url}/api/v2 (webhooks → ${webhookUrl})`);
  console.log(`simulators: Salesforce ${salesforce.url}`);
  console.log(`simulators: Slack      ${slack.url}`);
  console.log(`simulators: S3 (moto)  ${s3.url}`);

  const stop = async (): Promise<void> => {
    await Promise.allSettled([zendesk.close(), salesforce.close(), slack.close(), s3.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error('simulators: failed to start', err);
  process.exit(1);
});
