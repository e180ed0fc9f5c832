/**
 * `make ui-check`: the Temporal Web UI as a support manager sees it, checked in a real browser.
 * Starts the local stack (scripts/dev.sh), files an Alliance emergency ticket in the Zendesk
 * simulator, waits for its triage, then drives headless Chromium (Debian's `chromium`, through
 * playwright-core) to the workflow list filtered by `PartnerProgram` and to the ticket's page,
 * checks what they show and saves screenshots under docs/ui/. Not part of `make test`: without
 * Chromium it says so and fails, rather than passing having checked nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

const root = path.resolve(__dirname, '..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const uiUrl = `http://127.0.0.1:${process.env.TEMPORAL_UI_PORT ?? '8233'}`;
const apiUrl = `http://127.0.0.1:${process.env.HTTP_PORT ?? '3000'}`;
const zendeskUrl = 'http://127.0.0.1:4010/api/v2';
const zendeskAuth = `Basic ${Buffer.from('orchestrator@support.example.com/token:local-zendesk-token').toString('base64')}`;
const apiToken = process.env.API_BEARER_TOKEN ?? 'local-api-token-change-me';
const screenshots = path.join(root, 'docs', 'ui');

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`ui-check: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The UI renders summaries and details (Markdown) in sandboxed frames: look in every frame. */
async function shown(page: Page, text: string): Promise<void> {
  await waitFor(`"${text}" in the Web UI`, async () => {
    for (const frame of page.frames()) {
      if ((await frame.getByText(text).count()) > 0) return true;
    }
    return undefined;
  });
}

async function fileTicket(): Promise<number> {
  const response = await fetch(`${zendeskUrl}/tickets.json`, {
    method: 'POST',
    headers: { authorization: zendeskAuth, 'content-type': 'application/json' },
    body: JSON.stringify({
      ticket: {
        subject: 'Runners offline in production',
        comment: { body: 'All runners offline since 09:00' },
        requester_id: 2003,
        ticket_form_id: 360001172559,
        custom_fields: [{ id: 360011000001, value: 'emergency' }],
      },
    }),
  });
  if (!response.ok)
    throw new Error(`ui-check: the Zendesk simulator refused the ticket (${response.status})`);
  return ((await response.json()) as { ticket: { id: number } }).ticket.id;
}

async function main(): Promise<void> {
  if (!existsSync(chromiumPath)) {
    console.error(
      `ui-check: no Chromium at ${chromiumPath} (apt-get install chromium): nothing was checked.`,
    );
    process.exit(1);
  }
  mkdirSync(screenshots, { recursive: true });
  const stack = spawn('bash', [path.join(root, 'scripts', 'dev.sh')], {
    cwd: root,
    detached: true,
    stdio: 'ignore',
  });
  const stackExited = new Promise((resolve) => stack.once('exit', resolve));
  let stopped = false;
  const stopStack = () => {
    if (stopped || !stack.pid) return;
    stopped = true;
    try {
      process.kill(-stack.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.on('exit', stopStack);
  try {
    await waitFor('the webhook server', async () =>
      (await fetch(`${apiUrl}/readyz`)).ok ? true : undefined,
    );
    await waitFor('the Zendesk simulator', async () =>
      (await fetch(`${zendeskUrl}/tickets/1.json`)).status < 500 ? true : undefined,
    );
    const ticketId = await fileTicket();
    await waitFor('the ticket to be triaged', async () => {
      const response = await fetch(`${apiUrl}/api/tickets/${ticketId}`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      const body = (await response.json()) as { phase?: string; status?: { phase?: string } };
      return (body.status?.phase ?? body.phase) === 'open' ? true : undefined;
    });

    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      const workflowId = `partner-ticket-${ticketId}`;
      const query = encodeURIComponent(`PartnerProgram = "Alliance" AND TicketId = "${ticketId}"`);
      await page.goto(`${uiUrl}/namespaces/default/workflows?query=${query}`);
      await page.getByText(workflowId).first().waitFor({ timeout: 60_000 });
      await page.screenshot({ path: path.join(screenshots, 'ticket-list.png') });

      await page.goto(`${uiUrl}/namespaces/default/workflows/${workflowId}`);
      // The timeline names each timer and activity by what it is for.
      await page.getByText('first reply warning, priority/emergency').first().waitFor({ timeout: 60_000 });
      await page
        .getByText('Read the ticket, requester, organization and Salesforce account')
        .first()
        .waitFor();
      await page.screenshot({ path: path.join(screenshots, 'ticket-timeline.png'), fullPage: true });
      // The start's summary and the details card, under User Metadata.
      await page.getByText('User Metadata').first().click();
      await shown(page, `Zendesk ticket #${ticketId}`);
      await shown(page, 'Recent decisions');
      await page.screenshot({ path: path.join(screenshots, 'ticket-details.png'), fullPage: true });
      console.log(
        `ui-check: ticket #${ticketId} found by PartnerProgram, with its summary, card, named timers and activities.`,
      );
      console.log(`ui-check: screenshots in ${path.relative(root, screenshots)}/`);
    } finally {
      await browser.close();
    }
  } finally {
    // dev.sh stops what it started (Temporal last) on SIGTERM: wait for it.
    stopStack();
    await stackExited;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
