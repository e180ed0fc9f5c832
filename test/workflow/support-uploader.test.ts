import { createHash } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createActivityDeps } from '../../activities/clients';
import { hmacTokenMac } from '../../activities/uploads/token-signer';
import { ExitCode } from '../../client/cli/exit-codes';
import { runCli } from '../../client/cli/program';
import type { AppConfig } from '../../config';
import type { TicketEvent } from '../../domain/ticket-events';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { verifyUploaderToken } from '../../domain/uploader-token';
import type { SimAttachment } from '../../simulators/zendesk/model';
import { partnerTicket } from '../../workflows';
import { requestUploaderSignal, uploadFinishedSignal } from '../../workflows/definitions';
import type { PartnerTicketStatus } from '../../workflows/partner-ticket/types';
import { recordHistoryIfAsked } from '../support/histories';
import { deliverEvent, settledStatus } from '../support/ticket-workflow';
import { startMoto, type MotoHarness } from '../support/moto';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';
import { startTimeSkippingEnvironment } from '../support/temporal';
import { createTestWorker } from '../support/worker';

/** S5 in the ticket workflow, on the time-skipping server with the real activities, the simulators and moto. */
const SUPPORT_BUCKET = 'partner-support-files-s5';
const PUBLIC_URL = 'http://uploader.test';
const MB = 1024 * 1024;
const sha256 = (body: string | Buffer): string => createHash('sha256').update(body).digest('hex');

describe('S5 Support Uploader in the ticket workflow (time-skipping server, simulators, moto)', () => {
  let env: TestWorkflowEnvironment;
  let world: SimulatedWorld;
  let moto: MotoHarness;
  let worker: Worker;
  let taskQueue: string;
  let running: Promise<void>;
  let config: AppConfig;
  let events = 0;

  beforeAll(async () => {
    [env, world, moto] = await Promise.all([
      startTimeSkippingEnvironment(),
      startSimulatedWorld(),
      startMoto(),
    ]);
    await moto.createBucket(SUPPORT_BUCKET);
    config = {
      ...world.config,
      s3: { ...world.config.s3, endpoint: moto.server.url, supportBucket: SUPPORT_BUCKET },
      // Links for 4 hours here (7 days by default), so that a test can pass the expiry.
      uploader: { ...world.config.uploader, publicUrl: PUBLIC_URL, expirySeconds: 4 * 3600 },
    };
    ({ worker, taskQueue } = await createTestWorker(env, createActivities(createActivityDeps(config))));
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await Promise.all([env?.teardown(), world?.close(), moto?.close()]);
  });

  const send = async (
    ticketId: number,
    fields: Pick<TicketEvent, 'type'> & Partial<TicketEvent>,
    start: { continueAsNewAfter?: number } = {},
  ) =>
    deliverEvent(
      env.client,
      taskQueue,
      {
        eventId: `s5-evt-${ticketId}-${++events}`,
        ticketId,
        occurredAt: new Date(await env.currentTimeMs()).toISOString(),
        actor: 'agent',
        ...fields,
      },
      start,
    );
  const until = (handle: WorkflowHandle<typeof partnerTicket>, check: (s: PartnerTicketStatus) => boolean) =>
    settledStatus(handle, check);
  const openTicket = async (start: { continueAsNewAfter?: number } = {}) => {
    world.setNow(await env.currentTimeMs());
    const ticketId = await world.createTicket(globexAllianceTicket());
    await send(ticketId, { type: 'ticket.created', actor: 'end_user' }, start);
    const handle = env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
    await until(handle, (s) => s.phase === 'open');
    return { ticketId, handle };
  };
  const close = async (ticketId: number, handle: WorkflowHandle<typeof partnerTicket>) => {
    await send(ticketId, { type: 'ticket.closed', actor: 'system', status: 'closed' });
    return until(handle, (s) => s.phase === 'closed');
  };
  const publicComments = async (ticketId: number) =>
    (await world.comments(ticketId)).filter((c) => c.public).map((c) => c.body);
  const notes = async (ticketId: number) =>
    (await world.comments(ticketId)).filter((c) => !c.public).map((c) => c.body);
  /** An attachment as Zendesk holds it (this account allows 50 MB, Zendesk's largest; the simulator's default is 20 MB). */
  const zendeskHolds = (id: number, fileName: string, size: number): void => {
    const attachment: SimAttachment = {
      id,
      token: `tok${id}`,
      file_name: fileName,
      content_type: 'application/gzip',
      size,
      inline: false,
      deleted: false,
    };
    world.zendesk.state.attachments.set(id, attachment);
  };

  test('S5: a requested uploader posts its signed link; an upload reported twice gives one note; the backstop finds an unreported one', async () => {
    const { ticketId, handle } = await openTicket();
    const issuedAt = await env.currentTimeMs();
    await handle.signal(requestUploaderSignal, { requestedBy: 'amy.agent' });
    let status = await until(handle, (s) => s.uploader?.sequence === 1);

    const comment = (await publicComments(ticketId)).find((body) => body.includes('/uploads/')) ?? '';
    const token = /http:\/\/uploader\.test\/uploads\/([A-Za-z0-9_.-]+)/.exec(comment)?.[1] ?? '';
    const mac = hmacTokenMac(config.uploader.tokenSecret);
    const check = verifyUploaderToken(token, { mac, now: issuedAt, ticketId });
    expect(check).toMatchObject({ ok: true, grant: { ticketId, sequence: 1 } });
    const expiresAt = Date.parse(status.uploader?.expiresAt ?? '');
    expect(expiresAt - issuedAt).toBeGreaterThan(4 * 3_600_000 - 2_000);
    expect(expiresAt - issuedAt).toBeLessThanOrEqual(4 * 3_600_000);
    expect(status.decisions.at(-1)).toMatchObject({
      rule: 'S5',
      summary: expect.stringMatching(/requested by amy\.agent/),
    });

    const first = `first log ${ticketId}\n`.repeat(1000);
    const firstKey = `tickets/${ticketId}/uploads/gitlabsos.tar.gz`;
    await moto.put(SUPPORT_BUCKET, firstKey, first);
    // The page's callback, a browser retry: the same key twice.
    await handle.signal(uploadFinishedSignal, { key: firstKey });
    await handle.signal(uploadFinishedSignal, { key: firstKey });
    status = await until(handle, (s) => (s.uploads ?? []).length === 1);
    expect(status.uploads?.[0]).toMatchObject({
      key: firstKey,
      name: 'gitlabsos.tar.gz',
      size: first.length,
      sha256: sha256(first),
    });
    const firstNotes = (await notes(ticketId)).filter((body) => body.includes('gitlabsos.tar.gz'));
    expect(firstNotes).toHaveLength(1);
    expect(firstNotes[0]).toContain(`SHA-256: ${sha256(first)}`);
    expect(firstNotes[0]).toContain(`(${first.length} bytes)`);
    expect(firstNotes[0]).toMatch(
      new RegExp(
        `Download \\(agents, until .*\\): ${moto.server.url}/${SUPPORT_BUCKET}/tickets/${ticketId}/uploads/gitlabsos.tar.gz\\?.*X-Amz-Signature=`,
      ),
    );

    // An upload whose callback never came: the 15-minute backstop lists it; later listings add nothing.
    const second = 'second file';
    await moto.put(SUPPORT_BUCKET, `tickets/${ticketId}/uploads/heap.dump`, second);
    await env.sleep(15 * 60_000 + 1_000);
    status = await until(handle, (s) => (s.uploads ?? []).length === 2);
    expect(status.uploads?.[1]).toMatchObject({ name: 'heap.dump', sha256: sha256(second) });
    await env.sleep(15 * 60_000 + 1_000);
    await until(handle, () => true);
    expect(
      (await notes(ticketId)).filter((body) => body.includes('file received through the Support Uploader')),
    ).toHaveLength(2);
    // A key outside the ticket's prefix is never recorded.
    await handle.signal(uploadFinishedSignal, { key: `tickets/${ticketId + 1}/uploads/other.txt` });
    status = await until(handle, (s) => s.decisions.some((d) => /other\.txt.*not recorded/.test(d.summary)));
    expect(status.uploads).toHaveLength(2);

    // Closing the ticket ends the uploader at once.
    const closedAt = await env.currentTimeMs();
    status = await close(ticketId, handle);
    expect(Date.parse(status.uploader?.expiresAt ?? '')).toBeLessThanOrEqual(closedAt + 60_000);
    expect(status.decisions.map((d) => d.summary)).toContain('Support Uploader #1 closed with the ticket');
    // Recorded while the closed ticket keeps its files (retention): replayed up to this point.
    await recordHistoryIfAsked('s5-uploader-requested-then-closed', handle);
  });

  test('S5: an attachment over 20 MB issues an uploader by itself, once; the request_large_upload tag issues another and is taken off', async () => {
    const { ticketId, handle } = await openTicket();
    const base = 40_000_000_000 + ticketId * 10;
    zendeskHolds(base + 1, 'small.log', 19 * MB);
    zendeskHolds(base + 2, 'gitlabsos.tar.gz', 25 * MB);
    zendeskHolds(base + 3, 'core.dump', 40 * MB);

    await send(ticketId, {
      type: 'attachment.linked',
      attachmentId: base + 1,
      fileName: 'small.log',
      actor: 'end_user',
    });
    let status = await until(handle, (s) => s.eventsSeen >= 2);
    expect(status.uploader).toBeUndefined();

    await send(ticketId, {
      type: 'attachment.linked',
      attachmentId: base + 2,
      fileName: 'gitlabsos.tar.gz',
      actor: 'end_user',
    });
    status = await until(handle, (s) => s.uploader?.sequence === 1);
    const comment = (await publicComments(ticketId)).find((body) => body.includes('/uploads/')) ?? '';
    expect(comment).toMatch(/limited to 20 MB, and gitlabsos\.tar\.gz is 25\.0 MiB/);

    // Once per ticket: a second large attachment issues nothing more.
    await send(ticketId, {
      type: 'attachment.linked',
      attachmentId: base + 3,
      fileName: 'core.dump',
      actor: 'end_user',
    });
    status = await until(handle, (s) => s.eventsSeen >= 4);
    expect(status.uploader?.sequence).toBe(1);
    expect((await publicComments(ticketId)).filter((body) => body.includes('/uploads/'))).toHaveLength(1);

    // An agent asks with the tag: a new link, and the tag is taken off so that it can ask again.
    await world.updateTicket(ticketId, { additional_tags: ['request_large_upload'] });
    await send(ticketId, { type: 'tags.changed', tagsAdded: ['request_large_upload'], tagsRemoved: [] });
    status = await until(handle, (s) => s.uploader?.sequence === 2);
    expect((await publicComments(ticketId)).filter((body) => body.includes('/uploads/'))).toHaveLength(2);
    expect((await world.ticket(ticketId)).tags).not.toContain('request_large_upload');
    expect(status.decisions.filter((d) => d.rule === 'S5').map((d) => d.summary)).toEqual([
      expect.stringMatching(
        /^Support Uploader #1 issued \(gitlabsos\.tar\.gz is 25\.0 MiB, over the 20 MB limit/,
      ),
      expect.stringMatching(/^Support Uploader #2 issued \(requested with the request_large_upload tag\)/),
    ]);
    await close(ticketId, handle);
  });
  test('S5: partner-support files uploader asks the ticket for an uploader; an unknown ticket exits 3, a closed one 1', async () => {
    const cli = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(args, {
        temporal: async () => env.client,
        taskQueue,
        stdout: { write: (text: string) => (out += text) },
        stderr: { write: (text: string) => (err += text) },
        user: 'amy@gitlab.example',
        deadlineMs: 10_000,
      });
      return { code, out, err };
    };
    const { ticketId, handle } = await openTicket();
    const asked = await cli(['files', 'uploader', String(ticketId), '--json']);
    expect(asked).toMatchObject({ code: ExitCode.ok });
    expect(JSON.parse(asked.out)).toEqual({ ticketId, requested: true });
    const status = await until(handle, (s) => s.uploader?.sequence === 1);
    expect(status.decisions.at(-1)?.summary).toMatch(/requested by amy@gitlab\.example/);
    expect((await cli(['files', 'uploader', '999999002'])).code).toBe(ExitCode.notFound);
    expect((await cli(['files', 'uploader', 'abc'])).code).toBe(ExitCode.usage);
    await close(ticketId, handle);
    const closed = await cli(['files', 'uploader', String(ticketId)]);
    expect(closed.code).toBe(ExitCode.failure);
    expect(closed.err).toMatch(/no uploader, the ticket is (closed|no longer open)/);
  });
  test('S5: the uploader and its uploads carry over continue-as-new; the backstop goes on in the next run', async () => {
    const { ticketId, handle } = await openTicket({ continueAsNewAfter: 150 });
    await handle.signal(requestUploaderSignal, { requestedBy: 'amy.agent' });
    await until(handle, (s) => s.uploader?.sequence === 1);
    const first = 'before continue-as-new';
    await moto.put(SUPPORT_BUCKET, `tickets/${ticketId}/uploads/before.log`, first);
    await handle.signal(uploadFinishedSignal, { key: `tickets/${ticketId}/uploads/before.log` });
    await until(handle, (s) => (s.uploads ?? []).length === 1);
    // Backstop listings alone grow the history until the run continues as new.
    let status = await until(handle, () => true);
    for (let i = 0; i < 12 && status.generation === 0; i += 1) {
      await env.sleep(15 * 60_000 + 1_000);
      status = await until(handle, () => true);
    }
    expect(status.generation).toBeGreaterThanOrEqual(1);
    expect(status.uploader?.sequence).toBe(1);
    expect(status.uploads?.map((u) => u.name)).toEqual(['before.log']);

    const second = 'after continue-as-new';
    await moto.put(SUPPORT_BUCKET, `tickets/${ticketId}/uploads/after.log`, second);
    await env.sleep(15 * 60_000 + 1_000);
    status = await until(handle, (s) => (s.uploads ?? []).length === 2);
    expect(status.uploads?.[1]).toMatchObject({ name: 'after.log', sha256: sha256(second) });
    expect((await notes(ticketId)).filter((body) => body.includes('before.log'))).toHaveLength(1);
    await close(ticketId, handle);
  });
  test('S5: the backstop lists once more at the expiry, then stops: a file put later is never recorded', async () => {
    const { ticketId, handle } = await openTicket();
    await handle.signal(requestUploaderSignal, { requestedBy: 'amy.agent' });
    const status = await until(handle, (s) => s.uploader?.sequence === 1);
    const expiresAt = Date.parse(status.uploader?.expiresAt ?? '');
    await env.sleep(expiresAt - (await env.currentTimeMs()) - 5 * 60_000);
    // Five minutes before the expiry, between two listings: the one at the expiry finds it.
    await moto.put(SUPPORT_BUCKET, `tickets/${ticketId}/uploads/last-minute.log`, 'just in time');
    await env.sleep(10 * 60_000);
    await until(handle, (s) => (s.uploads ?? []).length === 1);
    await moto.put(SUPPORT_BUCKET, `tickets/${ticketId}/uploads/too-late.log`, 'after the expiry');
    await env.sleep(60 * 60_000);
    const after = await until(handle, () => true);
    expect(after.uploads?.map((u) => u.name)).toEqual(['last-minute.log']);
    await close(ticketId, handle);
  });
});
