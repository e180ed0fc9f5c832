/**
 * The intake benchmark's simulators, in their own process: Zendesk (sending its signed webhooks
 * to the server under test), Salesforce and Slack on ephemeral ports, plus a small endpoint that
 * says when each new ticket's triage note arrived in Zendesk (`GET /triaged`), read from the
 * simulator's state so that the benchmark does not poll Zendesk's API per ticket.
 * Prints one JSON line with the URLs once everything listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config';
import { startSalesforceSimulator } from '../../simulators/salesforce';
import { startSlackSimulator } from '../../simulators/slack';
import { startZendeskSimulator } from '../../simulators/zendesk';

/** The first line of every triage note (domain/intake.ts, triageNote). */
const TRIAGE_NOTE_TITLE = 'Partner Support Orchestrator — triage';
/** New tickets get ids from here on: only they are watched. */
const FIRST_TICKET_ID = 5_000_000;

export interface BenchSimulators {
  zendeskApiUrl: string;
  salesforceUrl: string;
  slackUrl: string;
  /** `GET` → `{ "<ticketId>": <epoch ms the triage note was seen> }` */
  triagedUrl: string;
}

async function main(): Promise<void> {
  const { webhookUrl, webhookSecret } = JSON.parse(process.env.BENCH_SIMULATORS ?? '') as {
    webhookUrl: string;
    webhookSecret: string;
  };
  const base = loadConfig({});
  const zendesk = await startZendeskSimulator({
    port: 0,
    firstNewTicketId: FIRST_TICKET_ID,
    webhook: { url: webhookUrl, secret: webhookSecret },
  });
  const salesforce = await startSalesforceSimulator({
    port: 0,
    clientId: base.salesforce.clientId,
    clientSecret: base.salesforce.clientSecret,
  });
  const slack = await startSlackSimulator({ port: 0 });

  // Every 20 ms: the new tickets whose triage note has arrived since (a note is never removed).
  const triaged = new Map<number, number>();
  const watch = setInterval(() => {
    const now = Date.now();
    for (const [ticketId, comments] of zendesk.state.comments) {
      if (ticketId < FIRST_TICKET_ID || triaged.has(ticketId)) continue;
      if (comments.some((c) => !c.public && c.body.startsWith(TRIAGE_NOTE_TITLE))) triaged.set(ticketId, now);
    }
  }, 20);
  const endpoint = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(Object.fromEntries(triaged)));
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));

  const urls: BenchSimulators = {
    zendeskApiUrl: zendesk.apiUrl,
    salesforceUrl: salesforce.url,
    slackUrl: slack.url,
    triagedUrl: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/triaged`,
  };
  process.stdout.write(`${JSON.stringify(urls)}\n`);

  const stop = async (): Promise<void> => {
    clearInterval(watch);
    endpoint.close();
    await Promise.allSettled([zendesk.close(), salesforce.close(), slack.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error('bench simulators: failed to start', err);
  process.exit(1);
});
