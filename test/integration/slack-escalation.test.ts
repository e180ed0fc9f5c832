import { createHmac } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import {
  registerSlackEscalationRoute,
  SLACK_ESCALATION_PATH,
} from '../../client/server/slack-escalation/route';
import { StarredAttribute } from '../../domain/search-attributes';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import type { partnerTicket } from '../../workflows';
import { eventually } from '../support/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';

/**
 * A6 end to end on the real dev server: the Slack form's web request → the ticket found in the
 * Zendesk simulator (by ID or case number) → one STAR on its workflow → tag, note and alert.
 */
const GLOBEX_SECRET = 'globex-escalation-secret-0001';
const INITECH_SECRET = 'initech-escalation-secret-0002';
const GLOBEX_TICKET = 123456;

describe('Slack escalation form (A6) on the dev server', () => {
  let h: LifecycleHarness;
  let app: FastifyInstance;

  let baseUrl: string;
  /** Posts the form over real HTTP (as Slack does) and reads the JSON answer. */
  const submit = async (
    body: unknown,
    headers: Record<string, string> = { authorization: `Bearer ${GLOBEX_SECRET}` },
  ): Promise<{ statusCode: number; json: () => Record<string, unknown> & { message: string } }> => {
    const response = await fetch(`${baseUrl}${SLACK_ESCALATION_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const parsed = (await response.json()) as Record<string, unknown> & { message: string };
    return { statusCode: response.status, json: () => parsed };
  };
  const form = (requestId: string, extra: Record<string, unknown> = {}) => ({
    request_id: requestId,
    reason: 'Customer production is down',
    desired_actions: 'Assign a senior engineer now',
    submitter: 'carol@globex.example',
    ...extra,
  });
  const workflowCount = async (): Promise<number> => {
    let count = 0;
    for await (const execution of h.env.client.workflow.list({ query: `TaskQueue = "${h.taskQueue}"` })) {
      if (execution.workflowId) count += 1;
    }
    return count;
  };

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
    const zendesk = createZendeskActivities({
      zendesk: createZendeskClient(h.world.config.zendesk),
      fields: h.world.config.zendesk.fields,
    });
    app = Fastify();
    registerSlackEscalationRoute(app, {
      temporal: h.env.client,
      taskQueue: h.taskQueue,
      tickets: zendesk,
      slack: h.world.config.slack,
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  test.each([
    ['#123456'],
    ['ticket 123456'],
    ['T-12'],
    [''],
    ['   '],
    ['t123456789'],
    ['123456 T123456789'],
    ['12.5'],
  ])('request ID %j is refused with the two accepted forms, and nothing starts', async (requestId) => {
    const response = await submit(form(requestId));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ ok: false, error: 'InvalidRequestId' });
    expect(response.json().message).toContain('123456');
    expect(response.json().message).toContain('T123456789');
    expect(await workflowCount()).toBe(0);
  });

  test('a missing or unknown partner secret is refused (401), as is a bad Slack signature', async () => {
    expect((await submit(form('123456'), {})).statusCode).toBe(401);
    expect(
      (await submit(form('123456'), { authorization: 'Bearer not-a-partner-secret-at-all' })).statusCode,
    ).toBe(401);
    const body = JSON.stringify(form('123456'));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const badSignature = await submit(body, {
      authorization: `Bearer ${GLOBEX_SECRET}`,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': `v0=${createHmac('sha256', 'wrong-secret').update(`v0:${timestamp}:${body}`).digest('hex')}`,
    });
    expect(badSignature.statusCode).toBe(401);
    expect(await workflowCount()).toBe(0);
  });

  test('an unknown case number or ticket is a clear 404', async () => {
    const byCase = await submit(form('T000000001'));
    expect(byCase.statusCode).toBe(404);
    expect(byCase.json().message).toContain('T000000001');
    expect((await submit(form('999999'))).statusCode).toBe(404);
    expect(await workflowCount()).toBe(0);
  });

  test("a partner cannot escalate another partner's ticket, and is answered as for a ticket that does not exist", async () => {
    const response = await submit(form('T123456789'), { authorization: `Bearer ${INITECH_SECRET}` });
    const missing = await submit(form('T000000001'), { authorization: `Bearer ${INITECH_SECRET}` });
    expect(response.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    // Byte for byte the same answer, apart from the case number named (the help's example stays).
    expect(JSON.stringify(response.json()).replace('T123456789', '<id>')).toBe(
      JSON.stringify(missing.json()).replace('T000000001', '<id>'),
    );
    // Nothing started: the ticket's workflow does not exist.
    await expect(
      h.env.client.workflow.getHandle(partnerTicketWorkflowId(GLOBEX_TICKET)).describe(),
    ).rejects.toThrow(/not found/i);
    expect((await h.world.ticket(GLOBEX_TICKET)).tags).not.toContain('star');
  });

  test('T123456789 raises exactly one STAR on ticket 123456 (tag, note, alert, Starred); a second request coalesces', async () => {
    const body = JSON.stringify(form('  T123456789 ', { urgency: 'Urgent' }));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', h.world.config.slack.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const first = await submit(body, {
      authorization: `Bearer ${GLOBEX_SECRET}`,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ ok: true, outcome: 'star_raised', ticketId: GLOBEX_TICKET });

    const second = await submit(form(String(GLOBEX_TICKET), { reason: 'Still down after an hour' }));
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ ok: true, outcome: 'already_starred', ticketId: GLOBEX_TICKET });

    const handle = h.env.client.workflow.getHandle<typeof partnerTicket>(
      partnerTicketWorkflowId(GLOBEX_TICKET),
    );
    await h.until(handle, (s) => s.decisions.some((d) => d.summary.includes('joined the STAR')));
    await eventually(async () =>
      (await h.world.comments(GLOBEX_TICKET)).some(
        (c) => !c.public && c.body.includes('Still down after an hour'),
      ),
    );
    const status = await h.status(handle);
    expect(status.star).toMatchObject({ status: 'raised', urgency: 'urgent' });
    expect(status.star?.requests.map((r) => r.requestId)).toEqual(['T123456789', '123456']);

    const ticket = await h.world.ticket(GLOBEX_TICKET);
    expect(ticket.tags.filter((t) => t === 'star')).toHaveLength(1);
    const starNotes = (await h.world.comments(GLOBEX_TICKET)).filter(
      (c) => !c.public && c.body.startsWith('STAR raised'),
    );
    expect(starNotes).toHaveLength(1);
    expect(starNotes[0].body).toContain('Customer production is down');
    // The alert leaves through the alerts' digest, after the ticket handed it over.
    const starAlerts = () =>
      h.world.slackMessages('alerts').filter((m) => m.includes(`#${GLOBEX_TICKET}`) && m.includes(':star:'));
    await eventually(() => starAlerts().length > 0);
    expect(starAlerts()).toHaveLength(1);
    await eventually(
      async () => (await handle.describe()).typedSearchAttributes.get(StarredAttribute) === true,
    );
    await handle.terminate('test finished');
  });
});
