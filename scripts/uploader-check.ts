/**
 * `make uploader-check`: the S5 Support Uploader in a real browser. Starts, on free ports, a
 * Temporal dev server, the Zendesk/Salesforce/Slack simulators, moto, a worker and the server;
 * files a ticket, asks for an uploader through the API, then headless Chromium (Debian's
 * `chromium`, through playwright-core) opens the link posted on the ticket, uploads a 25 MB file
 * straight to moto and is sent back to our server; the check passes once the agents' note (with
 * the file's SHA-256) is on the ticket in the Zendesk simulator. Not part of `make test`: without
 * Chromium it says so and fails, rather than passing having checked nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createActivities } from '../activities';
import { createActivityDeps } from '../activities/clients';
import { buildServer } from '../client/server/build-server';
import { createServerLogger } from '../client/server/logger';
import { partnerTicketStartOptions } from '../client/temporal/start-options';
import { partnerTicketWorkflowId } from '../domain/ticket-ids';
import { partnerTicket } from '../workflows';
import { statusQuery, ticketEventSignal } from '../workflows/definitions';
import { freePort } from '../test/support/child-process';
import { eventually } from '../test/support/eventually';
import { startMoto } from '../test/support/moto';
import { globexAllianceTicket, startSimulatedWorld } from '../test/support/simulated-world';
import { startDevServerEnvironment } from '../test/support/temporal';
import { createTestWorker } from '../test/support/worker';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SUPPORT_BUCKET = 'partner-support-files';
const FILE_BYTES = 25 * 1024 * 1024;

function say(message: string): void {
  process.stdout.write(`uploader-check: ${message}\n`);
}

async function main(): Promise<void> {
  if (!existsSync(chromiumPath)) {
    console.error(
      `uploader-check: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH): nothing was checked.`,
    );
    process.exit(1);
  }
  const [env, world, moto] = await Promise.all([
    startDevServerEnvironment(),
    startSimulatedWorld(),
    startMoto(),
  ]);
  const folder = mkdtempSync(path.join(tmpdir(), 'uploader-check-'));
  const cleanups: Array<() => Promise<unknown> | unknown> = [
    () => rmSync(folder, { recursive: true, force: true }),
    () => moto.close(),
    () => world.close(),
    () => env.teardown(),
  ];
  try {
    await moto.createBucket(SUPPORT_BUCKET);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const config = {
      ...world.config,
      s3: { ...world.config.s3, endpoint: moto.server.url, supportBucket: SUPPORT_BUCKET },
      uploader: { ...world.config.uploader, publicUrl: baseUrl },
    };
    const { worker, taskQueue } = await createTestWorker(env, createActivities(createActivityDeps(config)));
    const running = worker.run();
    cleanups.unshift(async () => {
      worker.shutdown();
      await running;
    });
    const server = await buildServer({
      config,
      temporalClient: env.client,
      logger: createServerLogger('silent'),
    });
    await server.listen({ port, host: '127.0.0.1' });
    cleanups.unshift(() => server.close());

    const ticketId = await world.createTicket(globexAllianceTicket({ subject: 'Gitaly crashes on push' }));
    await env.client.workflow.signalWithStart(partnerTicket, {
      ...partnerTicketStartOptions(ticketId, taskQueue),
      args: [{ ticketId }],
      signal: ticketEventSignal,
      signalArgs: [
        {
          eventId: `uploader-check-${ticketId}`,
          ticketId,
          type: 'ticket.created',
          actor: 'end_user',
          occurredAt: new Date().toISOString(),
        },
      ],
    });
    const handle = env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
    await eventually(async () => (await handle.query(statusQuery)).phase === 'open', { timeoutMs: 60_000 });
    const asked = await fetch(`${baseUrl}/api/tickets/${ticketId}/files/uploader`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.http.apiBearerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requestedBy: 'uploader-check' }),
    });
    if (asked.status !== 202) throw new Error(`the API answered ${asked.status} to the uploader request`);
    let link = '';
    await eventually(
      async () => {
        const comments = await world.comments(ticketId);
        link =
          comments
            .map((c) => /http:\/\/127\.0\.0\.1:\d+\/uploads\/[A-Za-z0-9_.-]+/.exec(c.body)?.[0])
            .find(Boolean) ?? '';
        return link !== '';
      },
      { timeoutMs: 60_000 },
    );
    say(`ticket ${ticketId}: uploader link posted on the ticket`);

    const file = path.join(folder, 'gitlabsos-25MB.tar.gz');
    const content = randomBytes(FILE_BYTES);
    writeFileSync(file, content);
    const sha256 = createHash('sha256').update(content).digest('hex');

    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-sync',
      ],
    });
    cleanups.unshift(() => browser.close());
    const page = await browser.newPage();
    await page.goto(link);
    await page.getByText(`Upload files for ticket #${ticketId}`).waitFor();
    await page.setInputFiles('#file', file);
    await Promise.all([page.waitForURL(/\/finished\?/, { timeout: 120_000 }), page.click('#submit')]);
    await page.locator('#received').waitFor();
    const received = await page.locator('#received').innerText();
    if (!received.includes('gitlabsos-25MB.tar.gz')) throw new Error(`the page said: ${received}`);
    say(
      `Chromium uploaded ${FILE_BYTES} bytes to moto and came back to the server: "${received.slice(0, 60)}…"`,
    );

    await eventually(
      async () =>
        (await world.comments(ticketId)).some(
          (c) =>
            !c.public && c.body.includes('gitlabsos-25MB.tar.gz') && c.body.includes(`SHA-256: ${sha256}`),
        ),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    say(`the internal note with SHA-256 ${sha256.slice(0, 16)}… is on ticket ${ticketId}: passed`);
  } finally {
    for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`uploader-check: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
