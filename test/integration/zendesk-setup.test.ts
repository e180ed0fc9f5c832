import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createZendeskClient } from '../../activities/zendesk/client';
import type { CliContext } from '../../client/cli/context';
import { ExitCode } from '../../client/cli/exit-codes';
import { runCli } from '../../client/cli/program';
import { verifyZendeskSignature } from '../../client/server/zendesk-webhook/signature';
import {
  parseZendeskWebhook,
  subscribedTicketEventTypes,
} from '../../client/server/zendesk-webhook/zendesk-events';
import { zendeskWebhooksApi } from '../../client/zendesk/webhook-setup';
import { loadConfig } from '../../config';
import { startZendeskSimulator, type ZendeskSimulator } from '../../simulators/zendesk';
import { eventually } from '../support/eventually';

/**
 * `partner-support zendesk setup` through node-zendesk against the simulator's Webhooks API: the
 * webhook it creates is the one the simulator then sends ticket events through, signed with the
 * secret the command printed.
 */
const config = loadConfig({}).zendesk;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('partner-support zendesk setup', () => {
  let sim: ZendeskSimulator;
  let receiver: http.Server;
  let endpoint: string;
  const received: Received[] = [];

  const cli = async (argv: string[], email = config.email) => {
    const out: string[] = [];
    const err: string[] = [];
    const context: CliContext = {
      temporal: () => Promise.reject(new Error('zendesk setup does not use Temporal')),
      taskQueue: 'unused',
      zendeskWebhooks: zendeskWebhooksApi(
        createZendeskClient({ url: sim.apiUrl, email, apiToken: config.apiToken }),
      ),
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      user: 'tester',
      deadlineMs: 5_000,
    };
    const code = await runCli(argv, context);
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  beforeAll(async () => {
    sim = await startZendeskSimulator();
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/zendesk`;
  });
  afterAll(async () => {
    await sim?.close();
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  test('creates the webhook, prints its secret, and Zendesk then sends signed ticket events with it', async () => {
    const { code, stdout } = await cli(['zendesk', 'setup', '--endpoint', endpoint]);
    expect(code).toBe(ExitCode.ok);
    const [webhook] = [...sim.state.webhooks.values()];
    expect(webhook).toMatchObject({
      name: 'Partner Support Orchestrator',
      status: 'active',
      endpoint,
      http_method: 'POST',
      request_format: 'json',
      subscriptions: [...subscribedTicketEventTypes],
    });
    expect(stdout).toContain(`Zendesk webhook "Partner Support Orchestrator" created (id ${webhook.id})`);
    const secret = /ZENDESK_WEBHOOK_SECRET=(\S+)/.exec(stdout)?.[1];
    expect(secret).toBe(webhook.signing_secret.secret);

    const created = await fetch(`${sim.apiUrl}/tickets.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${config.email}/token:${config.apiToken}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        ticket: { subject: 'Runners offline', comment: { body: 'Down' }, requester_id: 2003 },
      }),
    });
    expect(created.status).toBe(201);
    await eventually(() => received.length === 1);
    const [delivery] = received;
    expect(delivery.headers['x-zendesk-webhook-id']).toBe(webhook.id);
    const verdict = verifyZendeskSignature({
      secret: secret as string,
      signature: String(delivery.headers['x-zendesk-webhook-signature']),
      timestamp: String(delivery.headers['x-zendesk-webhook-signature-timestamp']),
      rawBody: Buffer.from(delivery.body),
      now: new Date(),
    });
    expect(verdict).toEqual({ ok: true });
    expect(parseZendeskWebhook(JSON.parse(delivery.body), { fields: config.fields })).toMatchObject({
      ok: true,
      mapped: { kind: 'event', event: { type: 'ticket.created' } },
    });
  });

  test('run again, it updates the same webhook (found by name) and prints the same secret', async () => {
    const [before] = [...sim.state.webhooks.values()];
    const moved = endpoint.replace('/webhooks/zendesk', '/webhooks/zendesk?v=2');
    const { code, stdout } = await cli(['--json', 'zendesk', 'setup', '--endpoint', moved]);
    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(stdout)).toEqual({
      action: 'updated',
      webhookId: before.id,
      name: 'Partner Support Orchestrator',
      endpoint: moved,
      subscriptions: [...subscribedTicketEventTypes],
      configuration: { ZENDESK_WEBHOOK_SECRET: before.signing_secret.secret },
    });
    expect(sim.state.webhooks.size).toBe(1);
    expect([...sim.state.webhooks.values()][0].endpoint).toBe(moved);
  });

  test('a bad endpoint is a usage error; a user who is not an admin is refused by Zendesk', async () => {
    expect(await cli(['zendesk', 'setup', '--endpoint', 'not a url'])).toMatchObject({
      code: ExitCode.usage,
      stderr: expect.stringContaining('--endpoint'),
    });
    const agent = await cli(['zendesk', 'setup', '--endpoint', endpoint], 'carol@globex.example');
    expect(agent.code).toBe(ExitCode.failure);
    expect(agent.stderr).toContain('403');
  });
});
