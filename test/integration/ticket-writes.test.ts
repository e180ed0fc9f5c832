import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { FailureTypes } from '../../activities/errors';
import { keptAlive } from '../../activities/keep-alive';
import type { ZendeskTicketWrite } from '../../activities/lifecycle-contract';
import { createTicketWrites } from '../../activities/ticket-writes';
import { createZendeskActivities } from '../../activities/zendesk';
import { createZendeskClient } from '../../activities/zendesk/client';
import { loadConfig } from '../../config';
import { startZendeskSimulator, type ZendeskSimulator } from '../../simulators/zendesk';

/**
 * The ticket's queued Zendesk writes in one activity (node-zendesk → the Zendesk simulator): in
 * order, each once however often the activity runs, a retry resuming at the first write not done,
 * and a write refused for good ending the run with how far it went.
 */
const ACME_TICKET = 123457; // Select (Acme Consulting, org 1001)
const ALLIANCE_FORM = 360001172559;

const intakeWrites: ZendeskTicketWrite[] = [
  { kind: 'route', formId: ALLIANCE_FORM, groupId: 3003 },
  { kind: 'addTags', tags: ['alliance_partner', 's1_form_rerouted'] },
  { kind: 'internalNote', key: `triage-${ACME_TICKET}`, body: 'Partner Support Orchestrator — triage' },
];

describe('applyTicketWrites (node-zendesk → simulator)', () => {
  let sim: ZendeskSimulator;
  let writes: ReturnType<typeof createTicketWrites>;

  const ticket = () => sim.state.tickets.get(ACME_TICKET);
  const notes = () => (sim.state.comments.get(ACME_TICKET) ?? []).filter((c) => !c.public);
  const requests = (route: RegExp) =>
    sim.app.requests.filter((r) => r.method !== 'GET' && route.test(r.path));

  beforeAll(async () => {
    sim = await startZendeskSimulator({ port: 0 });
    const config = loadConfig({ ZENDESK_URL: sim.apiUrl }).zendesk;
    const zendesk = createZendeskActivities({ zendesk: createZendeskClient(config), fields: config.fields });
    writes = createTicketWrites(zendesk);
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  test("intake's routing, tags and triage note in one run, in order; run again, nothing is written twice", async () => {
    const input = { ticketId: ACME_TICKET, writes: intakeWrites };
    await expect(writes.applyTicketWrites(input)).resolves.toEqual({ done: 3 });
    expect(ticket()).toMatchObject({ ticket_form_id: ALLIANCE_FORM, group_id: 3003 });
    expect(ticket()?.tags).toEqual(expect.arrayContaining(['alliance_partner', 's1_form_rerouted']));
    expect(notes()).toHaveLength(1);

    await expect(writes.applyTicketWrites(input)).resolves.toEqual({ done: 3 });
    expect(notes()).toHaveLength(1);
  });

  test('a write refused for good ends the run with how far it went; the writes after it are not tried', async () => {
    sim.app.faults.add({ route: 'PUT /api/v2/tickets/:id/tags.json', status: 422, count: 1 });
    const outcome = await writes.applyTicketWrites({ ticketId: ACME_TICKET, writes: intakeWrites });
    expect(outcome).toMatchObject({ done: 1, refused: { type: FailureTypes.invalidRequest } });
    expect(outcome.refused?.message).toContain('HTTP 422');
    expect(ticket()).toMatchObject({ ticket_form_id: ALLIANCE_FORM, group_id: 3003 });
    expect(notes()).toHaveLength(0);
  });

  test('a passing failure fails the attempt; the retry resumes at the first write not done', async () => {
    const beats: unknown[] = [];
    const first = new MockActivityEnvironment({ heartbeatTimeoutMs: 10_000 });
    first.on('heartbeat', (details: unknown) => beats.push(details));
    sim.app.faults.add({ route: 'GET /api/v2/tickets/:id/comments.json', status: 503, count: 1 });
    const apply = keptAlive(writes.applyTicketWrites);
    const failure = await first.run(apply, { ticketId: ACME_TICKET, writes: intakeWrites }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureTypes.unavailable, nonRetryable: false });
    expect(beats.at(-1)).toEqual({ reads: { 0: true, 1: true }, progressAttempt: 1 });

    const routedAndTagged = requests(/^\/api\/v2\/tickets\/\d+(\/tags)?\.json$/).length;
    const retry = new MockActivityEnvironment({
      heartbeatTimeoutMs: 10_000,
      attempt: 2,
      heartbeatDetails: beats.at(-1),
    });
    await expect(retry.run(apply, { ticketId: ACME_TICKET, writes: intakeWrites })).resolves.toEqual({
      done: 3,
    });
    // Only the note was written on the retry: the routing and the tags were not sent again.
    expect(requests(/^\/api\/v2\/tickets\/\d+\/tags\.json$/)).toHaveLength(1);
    expect(requests(/^\/api\/v2\/tickets\/\d+(\/tags)?\.json$/)).toHaveLength(routedAndTagged + 1);
    expect(notes()).toHaveLength(1);
  });

  test('a closed ticket refuses the first write: TicketClosed, nothing written', async () => {
    sim.state.tickets.get(ACME_TICKET)!.status = 'closed';
    const outcome = await writes.applyTicketWrites({ ticketId: ACME_TICKET, writes: intakeWrites });
    expect(outcome).toMatchObject({ done: 0, refused: { type: FailureTypes.ticketClosed } });
    expect(notes()).toHaveLength(0);
  });
});
