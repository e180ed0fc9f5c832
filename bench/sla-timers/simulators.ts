/**
 * The sla-timers benchmark's simulators, in their own process so that they take none of the
 * worker's CPU or memory: Zendesk, Salesforce and Slack on free ports, driven over IPC by
 * bench/sla-timers.ts (not a test, not a service).
 *
 * Tickets are created through the Zendesk simulator's own POST /api/v2/tickets.json; a ticket
 * meant to be older (a backdated creation, as Zendesk's ticket import would record) is created
 * while the simulator's clock is set back, so its `created_at` and first comment carry that time.
 */
import { loadConfig } from '../../config';
import { loadWorld } from '../../simulators/fixtures/world';
import { startSalesforceSimulator } from '../../simulators/salesforce';
import { startSlackSimulator } from '../../simulators/slack';
import { startZendeskSimulator } from '../../simulators/zendesk';
import type { BenchRequest, BenchResponse, TicketSpec } from './protocol';

/** The floor's incoming webhook, on a Slack simulator of its own without Slack's pacing. */
export const FLOOR_WEBHOOK_PATH = '/services/T0LOCAL/B0FLOOR/bench-floor';

async function main(): Promise<void> {
  const config = loadConfig();
  let setBackMs = 0;
  const world = loadWorld();
  const zendesk = await startZendeskSimulator({
    now: () => new Date(Date.now() - setBackMs),
    credentials: { email: config.zendesk.email, apiToken: config.zendesk.apiToken, oauthTokens: [] },
  });
  const salesforce = await startSalesforceSimulator({
    port: 0,
    clientId: config.salesforce.clientId,
    clientSecret: config.salesforce.clientSecret,
  });
  // Ours: the fixture's webhooks, paced as Slack paces them (the simulator's default rate limit).
  const slack = await startSlackSimulator({ port: 0, host: '127.0.0.1', world });
  // The floor's own webhook, unpaced: the floor is the bare engine (timer + one activity), not Slack.
  const floorSlack = await startSlackSimulator({
    port: 0,
    host: '127.0.0.1',
    rateLimit: false,
    world: {
      ...world,
      slack: { ...world.slack, incomingWebhooks: [{ path: FLOOR_WEBHOOK_PATH, channel: '#bench-floor' }] },
    },
  });
  const auth = `Basic ${Buffer.from(`${config.zendesk.email}/token:${config.zendesk.apiToken}`).toString('base64')}`;

  /** One at a time: the simulator's clock is set back for exactly this request. */
  async function createTicket(spec: TicketSpec): Promise<{ id: number; createdAt: string }> {
    setBackMs = spec.createdAtMs === undefined ? 0 : Math.max(0, Date.now() - spec.createdAtMs);
    try {
      const response = await fetch(`${zendesk.apiUrl}/tickets.json`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          ticket: {
            subject: spec.subject,
            comment: { body: spec.body },
            requester_id: spec.requesterId,
            ticket_form_id: spec.formId,
            custom_fields: [{ id: config.zendesk.fields.impact, value: spec.impact }],
          },
        }),
      });
      if (response.status !== 201)
        throw new Error(`ticket create: ${response.status} ${await response.text()}`);
      const { ticket } = (await response.json()) as { ticket: { id: number; created_at: string } };
      return { id: ticket.id, createdAt: ticket.created_at };
    } finally {
      setBackMs = 0;
    }
  }

  /** Tickets with an internal note (the triage note): intake is done. */
  const triaged = (ids: number[]): number[] =>
    ids.filter((id) => (zendesk.state.comments.get(id) ?? []).some((c) => !c.public));

  const send = (message: BenchResponse): void => {
    process.send?.(message);
  };
  process.on('message', (raw) => {
    const request = raw as BenchRequest;
    void (async () => {
      switch (request.type) {
        case 'create': {
          const created = [];
          for (const spec of request.tickets) created.push(await createTicket(spec));
          send({ type: 'created', requestId: request.requestId, tickets: created });
          return;
        }
        case 'triaged':
          send({ type: 'triaged', requestId: request.requestId, count: triaged(request.ids).length });
          return;
        case 'triagedIds':
          send({ type: 'triagedIds', requestId: request.requestId, ids: triaged(request.ids) });
          return;
        case 'messages':
          send({
            type: 'messages',
            requestId: request.requestId,
            messages: [...slack.messages, ...floorSlack.messages].map(
              ({ path, text, blocks, receivedAt }) => ({
                path,
                // A long digest carries its lines in section blocks: every ticket it mentions counts.
                text: [text, ...(blocks ?? []).map((block) => JSON.stringify(block))].join('\n'),
                receivedAt,
              }),
            ),
          });
          return;
      }
    })().catch((err: unknown) => {
      send({ type: 'error', requestId: request.requestId, message: String(err) });
    });
  });
  process.on('disconnect', () => {
    void Promise.allSettled([zendesk.close(), salesforce.close(), slack.close(), floorSlack.close()]).then(
      () => process.exit(0),
    );
  });
  send({
    type: 'ready',
    zendeskApiUrl: zendesk.apiUrl,
    salesforceUrl: salesforce.url,
    slackUrl: slack.url,
    alertWebhookPath: world.slack.incomingWebhooks[0].path,
    ownerWebhookPath: world.slack.incomingWebhooks[1].path,
    floorWebhookUrl: `${floorSlack.url}${FLOOR_WEBHOOK_PATH}`,
  });
}

main().catch((err: unknown) => {
  console.error('bench simulators: failed', err);
  process.exit(1);
});
