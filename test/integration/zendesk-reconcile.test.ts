import { MockActivityEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import { createZendeskReconcileActivities } from '../../activities/zendesk-reconcile';
import { buildServer } from '../../client/server/build-server';
import {
  ensureZendeskReconcileSchedule,
  triggerZendeskReconcile,
  ZENDESK_RECONCILE_SCHEDULE_ID,
  type ZendeskReconcileInput,
} from '../../client/temporal/zendesk-reconcile-schedule';
import type { AppConfig } from '../../config';
import type { TicketEvent } from '../../domain/ticket-events';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { DELIVERY_BATCH_EVENTS } from '../../domain/zendesk-delivery-batches';
import { startZendeskSimulator } from '../../simulators/zendesk';
import { INCREMENTAL_EXPORTS_PER_MINUTE } from '../../simulators/zendesk/routes/incremental';
import type { partnerTicket } from '../../workflows';
import { zendeskTicketEventsReconcile } from '../../workflows';
import type { ZendeskReconcileResult } from '../../workflows/zendesk-reconcile';
import { eventually } from '../support/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * The reconciliation on the real dev server with the simulators and a real worker: Zendesk's
 * incremental ticket event export read from a cursor, each change its workflow has not seen
 * handed over as the webhook would have. Each run is started directly (as the Schedule starts it).
 */
describe('Zendesk reconciliation: the ticket event export → the events webhooks missed', () => {
  let h: LifecycleHarness;
  let server: FastifyInstance;
  let webhookUrl: string;
  let config: AppConfig;
  let runs = 0;

  const nowSeconds = (): number => Math.floor(Date.now() / 1000);
  const reconcile = (input: ZendeskReconcileInput): Promise<ZendeskReconcileResult> =>
    h.env.client.workflow.execute(zendeskTicketEventsReconcile, {
      taskQueue: h.taskQueue,
      workflowId: `zendesk-reconcile-test-${++runs}`,
      args: [input],
    });
  const ticketHandle = (ticketId: number) =>
    h.env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
  const webhooksOn = (): void =>
    h.world.zendesk.setWebhook({ url: webhookUrl, secret: config.zendesk.webhookSecret });
  const internalNotes = async (ticketId: number): Promise<string[]> =>
    (await h.world.comments(ticketId)).filter((c) => !c.public).map((c) => c.body);
  const exportRequests = () =>
    h.world.zendesk.app.requests.filter((r) => r.path === '/api/v2/incremental/ticket_events.json');

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
    config = {
      ...h.world.config,
      temporal: { ...h.world.config.temporal, taskQueue: h.taskQueue },
      logLevel: 'silent',
    };
    server = await buildServer({
      config,
      temporalClient: h.env.client,
      ticketLookup: createZendeskActivities({
        zendesk: createZendeskClient(config.zendesk),
        fields: config.zendesk.fields,
      }),
    });
    webhookUrl = `${await server.listen({ port: 0, host: '127.0.0.1' })}/webhooks/zendesk`;
  });
  afterAll(async () => {
    h?.world.zendesk.setWebhook(undefined);
    await server?.close();
    await h?.close();
  });

  test('with webhooks off, a ticket created meanwhile is triaged after one run, its first-reply clock from its creation', async () => {
    h.world.zendesk.setWebhook(undefined);
    const startTime = nowSeconds() - 1;
    const ticketId = await h.world.createTicket(
      globexAllianceTicket({ formId: 360000837100, groupId: 3001, impact: 'highly_degraded' }),
    );
    await expect(ticketHandle(ticketId).describe()).rejects.toThrow();

    const result = await reconcile({ startTime });
    expect(result.complete).toBe(true);
    expect(result.endTime).toBeGreaterThanOrEqual(startTime);
    expect(result.delivered.delivered).toBeGreaterThanOrEqual(1);
    expect(result.cursorSaved).toBe(false); // started by hand: no Schedule to keep the cursor in

    const status = await h.until(ticketHandle(ticketId), (s) => s.phase === 'open');
    const firstReply = status.clocks.find((c) => c.kind === 'first_reply');
    const createdAt = h.world.zendesk.state.tickets.get(ticketId)?.created_at ?? '';
    expect(firstReply && Date.parse(firstReply.startedAt)).toBe(Date.parse(createdAt));
    await eventually(async () => (await internalNotes(ticketId)).some((b) => b.includes('triage')));
  });

  test('with webhooks on, a run changes nothing: no duplicate notes, no event seen twice', async () => {
    webhooksOn();
    const startTime = nowSeconds() - 1;
    const ticketId = await h.world.createTicket(
      globexAllianceTicket({ formId: 360000837100, groupId: 3001, impact: 'highly_degraded' }),
    );
    const handle = ticketHandle(ticketId);
    await h.until(handle, (s) => s.phase === 'open');
    const forTicket = () => h.world.zendesk.state.webhookDeliveries.filter((d) => d.ticketId === ticketId);
    await eventually(() => forTicket().length > 0 && forTicket().every((d) => d.status === 'delivered'));
    const before = await h.until(handle, () => true);
    const notesBefore = await internalNotes(ticketId);

    const result = await reconcile({ startTime });
    expect(result.events).toBeGreaterThan(0);

    const after = await h.until(handle, () => true);
    expect(after.eventsSeen).toBe(before.eventsSeen);
    expect(after.decisions).toEqual(before.decisions);
    expect(await internalNotes(ticketId)).toEqual(notesBefore);
  });

  test('with webhooks off, a request_partner_files tag added meanwhile reaches its ticket after one run: A5 decided', async () => {
    h.world.zendesk.setWebhook(undefined);
    const startTime = nowSeconds() - 1;
    const ticketId = await h.world.createTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    await h.world.updateTicket(ticketId, { additional_tags: ['request_partner_files'] });

    const result = await reconcile({ startTime });
    expect(result.complete).toBe(true);
    const status = await h.until(ticketHandle(ticketId), (s) => s.decisions.some((d) => d.rule === 'A5'));
    expect(status.decisions.filter((d) => d.rule === 'A5').map((d) => d.summary)).toEqual([
      expect.stringMatching(/requested by Zendesk tag request_partner_files/),
    ]);
  });

  test('a closed ticket is not restarted', async () => {
    webhooksOn();
    const startTime = nowSeconds() - 1;
    const ticketId = await h.world.createTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    const handle = ticketHandle(ticketId);
    await h.until(handle, (s) => s.phase === 'open');
    await h.world.updateTicket(ticketId, { status: 'closed' });
    await handle.result();
    const { runId } = await handle.describe();

    const result = await reconcile({ startTime });
    expect(result.delivered.ignored_closed).toBeGreaterThanOrEqual(1);
    const latest = await ticketHandle(ticketId).describe();
    expect({ runId: latest.runId, status: latest.status.name }).toEqual({ runId, status: 'COMPLETED' });
  });

  test('a 429 with Retry-After from the export is retried after that delay, not fatal', async () => {
    h.world.zendesk.setWebhook(undefined);
    const startTime = nowSeconds() - 1;
    const ticketId = await h.world.createTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    const requestsBefore = exportRequests().length;
    h.world.zendesk.app.faults.add({
      route: '/api/v2/incremental/ticket_events.json',
      status: 429,
      retryAfter: 1,
      count: 1,
    });

    const result = await reconcile({ startTime });
    expect(result.complete).toBe(true);
    const requests = exportRequests().slice(requestsBefore);
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    await h.until(ticketHandle(ticketId), (s) => s.phase === 'open');
  });

  test('a retried delivery goes on from the first event not delivered: the ones checkpointed are not handed over again', async () => {
    h.world.zendesk.setWebhook(undefined);
    const [deliveredBefore, notYet] = [
      await h.world.createTicket(globexAllianceTicket({ impact: 'highly_degraded' })),
      await h.world.createTicket(globexAllianceTicket({ impact: 'highly_degraded' })),
    ];
    const created = (ticketId: number): TicketEvent => ({
      eventId: `zd-${ticketId}-created`,
      ticketId,
      type: 'ticket.created',
      occurredAt: h.world.zendesk.state.tickets.get(ticketId)?.created_at ?? '',
      actor: 'end_user',
      status: 'new',
    });
    const { deliverZendeskTicketEvents } = createZendeskReconcileActivities({
      zendesk: createZendeskClient(config.zendesk),
      context: { fields: config.zendesk.fields, integrationUserId: config.zendesk.integrationUserId },
      temporal: h.env.client,
    });
    // The second attempt of an activity whose first (its worker killed) checkpointed one delivery.
    const retry = new MockActivityEnvironment({
      taskQueue: h.taskQueue,
      attempt: 2,
      heartbeatTimeoutMs: 10_000,
      heartbeatDetails: { reads: { [`zd-${deliveredBefore}-created`]: 'delivered' }, progressAttempt: 1 },
    });

    const counts = await retry.run(deliverZendeskTicketEvents, {
      events: [created(deliveredBefore), created(notYet)],
    });
    expect(counts).toEqual({ delivered: 2 });
    await h.until(ticketHandle(notYet), (s) => s.phase === 'open');
    await expect(ticketHandle(deliveredBefore).describe()).rejects.toThrow();
  });

  test('a page with more events than a batch goes to the tickets in batches, each its own activity, every event once', async () => {
    h.world.zendesk.setWebhook(undefined);
    const startTime = nowSeconds() - 1;
    const ticketId = await h.world.createTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    for (let i = 1; i <= DELIVERY_BATCH_EVENTS; i++)
      await h.world.updateTicket(ticketId, {
        comment: { body: `Still failing (${i})`, public: true, author_id: 2003 },
      });

    const result = await reconcile({ startTime });
    expect(result.events).toBeGreaterThan(DELIVERY_BATCH_EVENTS);
    const history = await h.env.client.workflow.getHandle(`zendesk-reconcile-test-${runs}`).fetchHistory();
    const batches = (history.events ?? []).flatMap((e) => {
      const scheduled = e.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name !== 'deliverZendeskTicketEvents') return [];
      const [input] = scheduled.input?.payloads ?? [];
      return [(JSON.parse(Buffer.from(input.data ?? []).toString()) as { events: TicketEvent[] }).events];
    });
    const delivered = batches.flat();
    expect(delivered).toHaveLength(result.events);
    expect(new Set(delivered.map((e) => e.eventId)).size).toBe(result.events);
    expect(batches.every((batch) => batch.length <= DELIVERY_BATCH_EVENTS)).toBe(true);
    // The ticket's events (more than a batch holds) in batches of their own, in the export's order.
    const ofTicket = batches.filter((batch) => batch.some((e) => e.ticketId === ticketId));
    expect(ofTicket.length).toBeGreaterThanOrEqual(2);
    expect(ofTicket.flat().every((e) => e.ticketId === ticketId)).toBe(true);
    const ticketEvents = delivered.filter((e) => e.ticketId === ticketId);
    const status = await h.until(ticketHandle(ticketId), () => true);
    expect(status.eventsSeen).toBe(ticketEvents.length);
  });

  test('the Schedule: created once, triggered, and each run keeps its cursor in the Schedule for the next', async () => {
    const first = await ensureZendeskReconcileSchedule(h.env.client, h.taskQueue, '1 hour');
    const again = await ensureZendeskReconcileSchedule(h.env.client, h.taskQueue, '5 minutes');
    expect([first.created, again.created]).toEqual([true, false]);
    const handle = h.env.client.schedule.getHandle(ZENDESK_RECONCILE_SCHEDULE_ID);
    try {
      const floor = nowSeconds() - 5;
      await triggerZendeskReconcile(h.env.client);
      await eventually(async () => {
        const { action } = await handle.describe();
        const [input] = (action.type === 'startWorkflow' ? action.args : []) as [ZendeskReconcileInput?];
        return (input?.startTime ?? 0) >= floor;
      });
    } finally {
      await handle.delete();
    }
  });
});

describe('Zendesk simulator: the incremental ticket event export', () => {
  test('serves the documented page shape, and its own rate limit: 10 a minute, then 429 + Retry-After', async () => {
    const sim = await startZendeskSimulator();
    try {
      const auth = `Basic ${Buffer.from('orchestrator@support.example.com/token:local-zendesk-token').toString('base64')}`;
      const get = (query: string) =>
        fetch(`${sim.apiUrl}/incremental/ticket_events.json${query}`, { headers: { authorization: auth } });
      const first = await get('?start_time=0&include=comment_events');
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({
        ticket_events: expect.any(Array),
        end_of_stream: true,
        end_time: expect.any(Number),
        next_page: expect.stringContaining('/incremental/ticket_events.json?start_time='),
        count: expect.any(Number),
      });
      expect((await get('')).status).toBe(400); // start_time is required
      for (let i = 2; i < INCREMENTAL_EXPORTS_PER_MINUTE; i += 1)
        expect((await get('?start_time=0')).status).toBe(200);
      const limited = await get('?start_time=0');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await limited.json()).toMatchObject({ error: 'APIRateLimitExceeded' });
    } finally {
      await sim.close();
    }
  });
});
