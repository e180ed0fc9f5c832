import type { FastifyInstance } from 'fastify';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import type { AppConfig } from '../../config';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { buildServer } from '../../client/server/build-server';
import { parseZendeskWebhook } from '../../client/server/zendesk-webhook/zendesk-events';
import type { partnerTicket } from '../../workflows';
import { eventually } from '../support/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * The whole path on the real dev server: a ticket created in the Zendesk simulator → its signed
 * webhook → the webhook server → signal-with-start → the workflow → the triage note back in the
 * simulator. Webhooks are delivered twice each and out of order, as Zendesk may.
 */
describe('end to end: Zendesk webhook → server → workflow → Zendesk', () => {
  let h: LifecycleHarness;
  let server: FastifyInstance;

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
    const config: AppConfig = {
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
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    h.world.zendesk.setWebhook({
      url: `${url}/webhooks/zendesk`,
      secret: config.zendesk.webhookSecret,
      duplicates: true,
      outOfOrder: true,
    });
  });
  afterAll(async () => {
    h?.world.zendesk.setWebhook(undefined);
    await server?.close();
    await h?.close();
  });

  test('a ticket created in Zendesk gets its triage note, once, though every webhook arrived twice', async () => {
    const ticketId = await h.world.createTicket(
      globexAllianceTicket({ formId: 360000837100, groupId: 3001, impact: 'highly_degraded' }),
    );
    const handle = h.env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
    await h.until(handle, (s) => s.phase === 'open');
    await eventually(async () =>
      (await h.world.comments(ticketId)).some((c) => !c.public && c.body.includes('triage')),
    );

    const comments = await h.world.comments(ticketId);
    const triage = comments.filter((c) => !c.public && c.body.includes('triage'));
    expect(triage).toHaveLength(1);
    expect(triage[0].body).toMatch(/A2: Alliance Partner ticket submitted on form 360000837100; re-routed/);
    expect(comments.filter((c) => !c.public && c.body.startsWith('A3 — organization notes'))).toHaveLength(1);
    const ticket = await h.world.ticket(ticketId);
    expect(ticket.ticket_form_id).toBe(360001172559);

    // The workflow's own writes come back as events too: once it is idle, send what is held.
    await h.until(handle, (s) => s.pendingEffects === 0);
    h.world.zendesk.flushWebhooks();
    const forTicket = () => h.world.zendesk.state.webhookDeliveries.filter((d) => d.ticketId === ticketId);
    await eventually(() => forTicket().every((d) => d.status === 'delivered'));

    // Every event reached the server twice; the workflow counted each event it acts on once
    // (the server acknowledges and drops our own comments coming back: they carry a marker line).
    const deliveries = forTicket();
    const distinctEvents = new Set(deliveries.map((d) => d.eventId));
    expect(deliveries.length).toBe(2 * distinctEvents.size);
    const reachesWorkflow = (body: string): boolean => {
      const parsed = parseZendeskWebhook(JSON.parse(body), { fields: h.world.config.zendesk.fields });
      return parsed.ok && parsed.mapped.kind === 'event';
    };
    const ownComments = deliveries.filter((d) => !reachesWorkflow(d.body));
    expect(ownComments.map((d) => d.type)).toContain('zen:event-type:ticket.comment_added');
    const acted = new Set(deliveries.filter((d) => reachesWorkflow(d.body)).map((d) => d.eventId));
    await h.until(handle, (s) => s.eventsSeen === acted.size);

    // One workflow for the ticket, whatever the number of deliveries.
    const runs: string[] = [];
    for await (const execution of h.env.client.workflow.list({
      query: `WorkflowId = "${handle.workflowId}"`,
    })) {
      runs.push(execution.runId);
    }
    expect(runs).toHaveLength(1);

    // An agent's public reply in Zendesk reaches the workflow and meets the first-reply clock.
    await h.world.updateTicket(ticketId, {
      comment: { body: 'Looking into it now.', public: true, author_id: 9002 },
    });
    await h.until(handle, (s) => s.slaState === 'met');
    await handle.terminate('test finished');
  });
});
