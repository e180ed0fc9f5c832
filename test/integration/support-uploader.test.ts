import { createHash } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createActivities } from '../../activities';
import { createActivityDeps } from '../../activities/clients';
import { hmacTokenMac } from '../../activities/uploads/token-signer';
import { buildServer } from '../../client/server/build-server';
import { createServerLogger } from '../../client/server/logger';
import type { AppConfig } from '../../config';
import type { TicketEvent } from '../../domain/ticket-events';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { signUploaderToken } from '../../domain/uploader-token';
import { partnerTicket } from '../../workflows';
import { statusQuery } from '../../workflows/definitions';
import type { PartnerTicketStatus } from '../../workflows/partner-ticket/types';
import { freePort } from '../support/child-process';
import { eventually } from '../support/eventually';
import { deliverEvent, settledStatus } from '../support/ticket-workflow';
import { startMoto, type MotoHarness } from '../support/moto';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';
import { startDevServerEnvironment } from '../support/temporal';
import { createTestWorker } from '../support/worker';

/**
 * S5 over HTTP on the dev server: the API asks for an uploader, the page served by the real
 * server carries a presigned POST that moto accepts (a plain multipart POST, as the form sends
 * it), S3's redirect reaches the server, the workflow's note lands in the Zendesk simulator.
 * Forged, foreign and expired links and closed tickets are refused.
 */
const SUPPORT_BUCKET = 'partner-support-files-s5-http';
const sha256 = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

interface PageForm {
  action: string;
  fields: Array<[string, string]>;
}

/** The form as a browser reads it: action and hidden inputs, in order. */
function parseForm(html: string): PageForm {
  const unescape = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const action = unescape(/<form id="upload" method="post" action="([^"]+)"/.exec(html)?.[1] ?? '');
  const fields = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
    (m) => [unescape(m[1]), unescape(m[2])] as [string, string],
  );
  return { action, fields };
}

describe('S5 Support Uploader over HTTP (dev server, real server, moto, Zendesk simulator)', () => {
  let env: TestWorkflowEnvironment;
  let world: SimulatedWorld;
  let moto: MotoHarness;
  let worker: Worker;
  let running: Promise<void>;
  let taskQueue: string;
  let server: FastifyInstance;
  let baseUrl: string;
  let config: AppConfig;
  let events = 0;

  beforeAll(async () => {
    [env, world, moto] = await Promise.all([startDevServerEnvironment(), startSimulatedWorld(), startMoto()]);
    await moto.createBucket(SUPPORT_BUCKET);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    config = {
      ...world.config,
      s3: { ...world.config.s3, endpoint: moto.server.url, supportBucket: SUPPORT_BUCKET },
      uploader: { ...world.config.uploader, publicUrl: baseUrl },
    };
    ({ worker, taskQueue } = await createTestWorker(env, createActivities(createActivityDeps(config))));
    running = worker.run();
    // Webhooks (the third test) start workflows on this worker's task queue.
    const serverConfig = { ...config, temporal: { ...config.temporal, taskQueue } };
    server = await buildServer({
      config: serverConfig,
      temporalClient: env.client,
      logger: createServerLogger('silent'),
    });
    await server.listen({ port, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await server?.close();
    worker?.shutdown();
    await running;
    await Promise.all([env?.teardown(), world?.close(), moto?.close()]);
  });

  const send = async (ticketId: number, fields: Pick<TicketEvent, 'type'> & Partial<TicketEvent>) =>
    deliverEvent(env.client, taskQueue, {
      eventId: `s5-http-${ticketId}-${++events}`,
      ticketId,
      occurredAt: new Date().toISOString(),
      actor: 'system',
      ...fields,
    });
  const until = (handle: WorkflowHandle<typeof partnerTicket>, check: (s: PartnerTicketStatus) => boolean) =>
    settledStatus(handle, check);
  const openTicket = async () => {
    const ticketId = await world.createTicket(globexAllianceTicket());
    await send(ticketId, { type: 'ticket.created', actor: 'end_user' });
    const handle = env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
    await until(handle, (s) => s.phase === 'open');
    return { ticketId, handle };
  };
  const api = (path: string, body: unknown, token = config.http.apiBearerToken) =>
    fetch(`${baseUrl}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const page = (url: string, accept = 'text/html') => fetch(url, { headers: { accept } });
  /** The link the workflow posted on the ticket. */
  const linkOn = async (ticketId: number): Promise<string> => {
    let link = '';
    await eventually(
      async () => {
        const comments = await world.comments(ticketId);
        link =
          comments
            .map((c) => new RegExp(`${baseUrl}/uploads/[A-Za-z0-9_.-]+`).exec(c.body)?.[0])
            .find(Boolean) ?? '';
        return link !== '';
      },
      { timeoutMs: 30_000 },
    );
    return link;
  };
  const mac = () => hmacTokenMac(config.uploader.tokenSecret);

  test('S5: the API issues an uploader; its page uploads straight to S3; the redirect back records the file in a note', async () => {
    const { ticketId, handle } = await openTicket();
    expect((await api(`/tickets/${ticketId}/files/uploader`, {}, '')).status).toBe(401);
    const asked = await api(`/tickets/${ticketId}/files/uploader`, { requestedBy: 'amy.agent' });
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ ticketId, requested: true });
    const link = await linkOn(ticketId);

    const response = await page(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain(`Upload files for ticket #${ticketId}`);
    const form = parseForm(html);
    expect(form.action).toBe(`${moto.server.url}/${SUPPORT_BUCKET}`);
    const fields = new Map(form.fields);
    expect(fields.get('key')).toBe(`tickets/${ticketId}/uploads/\${filename}`);
    expect(fields.get('success_action_redirect')).toBe(`${link}/finished`);
    // The POST policy as S3 enforces it: size range, the ticket's prefix, the redirect.
    const policy = JSON.parse(Buffer.from(fields.get('Policy') ?? '', 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, config.uploader.maxBytes],
        ['starts-with', '$key', `tickets/${ticketId}/uploads/`],
        { success_action_redirect: `${link}/finished` },
        { bucket: SUPPORT_BUCKET },
      ]),
    );
    expect(Date.parse(policy.expiration)).toBeGreaterThan(Date.now());

    // The browser's POST: every field, the key named after the file (as the page's script, or S3's ${filename}), the file last.
    const body = Buffer.alloc(3 * 1024 * 1024, 7);
    body.write(`ticket ${ticketId}`);
    const multipart = new FormData();
    for (const [name, value] of form.fields)
      multipart.append(name, name === 'key' ? value.replace('${filename}', 'trace.log') : value);
    multipart.append('file', new Blob([body]), 'trace.log');
    const posted = await fetch(form.action, { method: 'POST', body: multipart, redirect: 'manual' });
    expect(posted.status).toBe(303);
    const location = posted.headers.get('location') ?? '';
    expect(location.startsWith(`${link}/finished?`)).toBe(true);

    const back = await page(location);
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('Received <strong>trace.log</strong>');
    // The browser retries: one note still.
    expect((await page(location, 'application/json')).status).toBe(202);

    const status = await until(handle, (s) => (s.uploads ?? []).length === 1);
    expect(status.uploads?.[0]).toMatchObject({
      key: `tickets/${ticketId}/uploads/trace.log`,
      size: body.length,
      sha256: sha256(body),
    });
    await eventually(async () =>
      (await world.comments(ticketId)).some((c) => !c.public && c.body.includes(`SHA-256: ${sha256(body)}`)),
    );
    const notes = (await world.comments(ticketId)).filter((c) => !c.public && c.body.includes('trace.log'));
    expect(notes).toHaveLength(1);

    // Closing the ticket closes its uploader: page, callback and API answer 410.
    await send(ticketId, { type: 'ticket.closed', status: 'closed' });
    await until(handle, (s) => s.phase === 'closed');
    const closedPage = await page(link, 'application/json');
    expect(closedPage.status).toBe(410);
    expect(await closedPage.json()).toMatchObject({ error: 'TicketClosed' });
    expect((await page(location, 'application/json')).status).toBe(410);
    const closedApi = await api(`/tickets/${ticketId}/files/uploader`, {});
    expect(closedApi.status).toBe(410);
  });

  test('S5: forged, foreign and expired links are refused; a ticket without a workflow is 404', async () => {
    const { ticketId, handle } = await openTicket();
    expect((await api(`/tickets/${ticketId}/files/uploader`, {})).status).toBe(202);
    await until(handle, (s) => s.uploader?.sequence === 1);
    const expiresAt = Date.now() + 3_600_000;

    const forged = signUploaderToken({ ticketId, sequence: 1, expiresAt }, hmacTokenMac('x'.repeat(40)));
    const refusedForged = await page(`${baseUrl}/uploads/${forged}`, 'application/json');
    expect(refusedForged.status).toBe(403);
    expect(await refusedForged.json()).toEqual({
      error: 'InvalidUploadLink',
      message: 'This upload link is not valid.',
    });

    const expired = signUploaderToken({ ticketId, sequence: 1, expiresAt: Date.now() - 1000 }, mac());
    const refusedExpired = await page(`${baseUrl}/uploads/${expired}`);
    expect(refusedExpired.status).toBe(410);
    expect(await refusedExpired.text()).toContain('This upload link has expired');

    // A valid link for this ticket reporting another ticket's key.
    const valid = signUploaderToken({ ticketId, sequence: 1, expiresAt }, mac());
    const foreign = await page(
      `${baseUrl}/uploads/${valid}/finished?bucket=${SUPPORT_BUCKET}&key=tickets/${ticketId + 1}/uploads/x.log`,
      'application/json',
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: 'InvalidUploadLink' });
    const traversal = await page(
      `${baseUrl}/uploads/${valid}/finished?key=${encodeURIComponent(`tickets/${ticketId}/uploads/../x`)}`,
      'application/json',
    );
    expect(traversal.status).toBe(400);

    const absent = 999_999_001;
    const noWorkflow = signUploaderToken({ ticketId: absent, sequence: 1, expiresAt }, mac());
    expect((await page(`${baseUrl}/uploads/${noWorkflow}`, 'application/json')).status).toBe(404);
    expect((await api(`/tickets/${absent}/files/uploader`, {})).status).toBe(404);
    const status = await handle.query(statusQuery);
    expect(status.uploads ?? []).toHaveLength(0);
    await send(ticketId, { type: 'ticket.closed', status: 'closed' });
    await until(handle, (s) => s.phase === 'closed');
  });
  test("S5 through Zendesk's webhooks: the request tag added in Zendesk issues an uploader, which takes the tag off; an attachment's event reaches the ticket", async () => {
    world.zendesk.setWebhook({ url: `${baseUrl}/webhooks/zendesk`, secret: config.zendesk.webhookSecret });
    try {
      const ticketId = await world.createTicket(globexAllianceTicket({ subject: 'Large logs to send' }));
      const handle = env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
      await eventually(async () => (await handle.query(statusQuery)).phase === 'open', { timeoutMs: 30_000 });

      await world.updateTicket(ticketId, { additional_tags: ['request_large_upload'] });
      const status = await until(handle, (s) => s.uploader?.sequence === 1);
      expect(status.decisions.at(-1)?.summary).toMatch(/requested with the request_large_upload tag/);
      expect(await linkOn(ticketId)).toMatch(/\/uploads\//);
      await eventually(async () => !(await world.ticket(ticketId)).tags.includes('request_large_upload'));
      const deliveries = () => world.zendesk.state.webhookDeliveries.filter((d) => d.ticketId === ticketId);
      const tagEvents = deliveries().filter((d) => d.type === 'zen:event-type:ticket.tags_changed');
      expect(tagEvents.map((d) => JSON.parse(d.body).event)).toEqual([
        expect.objectContaining({ tags_added: ['request_large_upload'], tags_removed: [] }),
      ]);

      // A small attachment on a comment: Zendesk's event (no size) is delivered and accepted; the 20 MB rule issues nothing.
      const auth = `Basic ${Buffer.from(`${config.zendesk.email}/token:${config.zendesk.apiToken}`).toString('base64')}`;
      const uploaded = await fetch(`${world.zendesk.apiUrl}/uploads.json?filename=screenshot.png`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/binary' },
        body: Buffer.alloc(2048, 1),
      });
      const { upload } = (await uploaded.json()) as { upload: { token: string } };
      await world.updateTicket(ticketId, {
        comment: { body: 'Screenshot attached', public: true, uploads: [upload.token] },
      });
      await eventually(() =>
        deliveries().some(
          (d) => d.type === 'zen:event-type:ticket.attachment_linked_to_comment' && d.status === 'delivered',
        ),
      );
      const linked = JSON.parse(
        deliveries().find((d) => d.type === 'zen:event-type:ticket.attachment_linked_to_comment')?.body ??
          '{}',
      );
      expect(linked.event.comment.attachment).toMatchObject({ filename: 'screenshot.png', is_public: true });
      expect(linked.event.comment.attachment).not.toHaveProperty('size');
      await send(ticketId, { type: 'ticket.closed', status: 'closed' });
      const closed = await until(handle, (s) => s.phase === 'closed');
      expect(closed.decisions.filter((d) => d.rule === 'S5' && /issued/.test(d.summary))).toHaveLength(1);
    } finally {
      world.zendesk.setWebhook(undefined);
    }
  });
});
