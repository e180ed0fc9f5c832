import { WorkflowUpdateFailedError } from '@temporalio/client';
import { deliverTicketEvent } from '../../client/temporal/deliver-ticket-event';
import { SlaStateAttribute, StarredAttribute } from '../../domain/search-attributes';
import { addBusinessTime } from '../../domain/sla/calendar';
import { loadSlaPolicyCatalog, policyByVersion } from '../../domain/sla/policy-catalog';
import type { TicketEvent } from '../../domain/ticket-events';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import type { partnerTicket } from '../../workflows';
import { escalateUpdate, reloadSlaPolicyUpdate } from '../../workflows/definitions';
import { alertDigestQuery, slackAlertDigestWorkflowId } from '../../workflows/slack-alert-digest/definitions';
import type { PartnerTicketOutcome } from '../../workflows/partner-ticket/types';
import { recordHistoryIfAsked } from '../support/histories';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * The ticket workflow in the real world: outages, refusals, closed and deleted tickets, quiet
 * solved tickets, late and oddly formatted events, policy roll-outs (time-skipping server).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ALERTS_PATH = '/services/T0LOCAL/B0ALERTS/local-alerts';
const escalation = {
  reason: 'Customer down',
  desiredActions: 'Call us',
  submitter: 'carol@globex.example',
  source: 'api' as const,
};

describe('the partner ticket workflow under failures (time-skipping server)', () => {
  let h: LifecycleHarness;
  const alertsFor = (ticketId: number, text: string): string[] =>
    h.world.slackMessages('alerts').filter((m) => m.includes(`#${ticketId}`) && m.includes(text));
  const latestRunId = async (ticketId: number): Promise<string> =>
    (await h.env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId)).describe()).runId;

  beforeAll(async () => {
    h = await startLifecycleHarness();
  });
  afterEach(() => {
    h.world.slack.app.faults.clear();
    h.world.zendesk.app.faults.clear();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('Slack down for two hours across a breach and a STAR lapse: state, search attributes and the status change at each deadline; one alert of each once Slack is back', async () => {
    h.world.slack.app.faults.add({ status: 500 });
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'emergency' }));
    const open = await h.untilState(handle, (s) => s.phase === 'open');
    const ticketId = open.ticketId;
    const startedAt = Date.parse(open.clocks[0].startedAt);
    const deadline = startedAt + 30 * MINUTE;

    await h.skipTo(new Date(deadline + MINUTE));
    const breached = await h.untilState(handle, (s) => s.slaState === 'breached');
    expect(breached.clocks[0].breachedAt).toBe(new Date(deadline).toISOString());
    // Acted on at the deadline itself (the decision's time is the workflow's time when it acted).
    const breachDecision = breached.decisions.find((d) => d.summary.startsWith('SLA breach'));
    expect(Math.abs(Date.parse(breachDecision?.at ?? '') - deadline)).toBeLessThan(1000);
    // The alerts wait in the alerts' digest, not in the ticket: handing them over succeeded.
    const digest = h.env.client.workflow.getHandle(slackAlertDigestWorkflowId('alerts'));
    expect((await digest.query(alertDigestQuery)).pending).toBeGreaterThan(0);
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(SlaStateAttribute)).toBe('breached');

    // A first-response breach of an hour raises the STAR; unacknowledged for 30 minutes (urgent), it lapses.
    await h.skipTo(new Date(deadline + 61 * MINUTE));
    const starred = await h.untilState(handle, (s) => s.starred);
    expect(Math.abs(Date.parse(starred.star!.raisedAt) - (deadline + HOUR))).toBeLessThan(1000);
    expect((await handle.describe()).typedSearchAttributes.get(StarredAttribute)).toBe(true);
    await h.skipTo(new Date(deadline + 91 * MINUTE + 30_000));
    const lapsed = await h.untilState(handle, (s) => s.star?.escalationLevel === 1);
    expect(lapsed.starred).toBe(true);
    expect(h.world.slackMessages('alerts').filter((m) => m.includes(`#${ticketId}`))).toEqual([]);

    // Zendesk was up: the notes did not wait for Slack.
    expect(
      (await h.world.comments(ticketId)).filter((c) => !c.public && /^(SLA breach|STAR raised)/.test(c.body)),
    ).toHaveLength(2);

    // Slack is back after two hours and five minutes down: the queue drains, in order, each alert once.
    await h.skipTo(new Date(startedAt + 125 * MINUTE));
    h.world.slack.app.faults.clear();
    await h.skip(10 * MINUTE);
    const settled = await h.until(handle, () => true);
    expect(settled.pendingEffects).toBe(0);
    expect(alertsFor(ticketId, 'SLA warning')).toHaveLength(1);
    expect(alertsFor(ticketId, 'SLA breach')).toHaveLength(1);
    expect(alertsFor(ticketId, ':star: STAR')).toHaveLength(1);
    expect(alertsFor(ticketId, 'NOT acknowledged')).toHaveLength(1);
    // By line: alerts that queued up during the outage leave together, as one digest.
    const order = h.world
      .slackMessages('alerts')
      .flatMap((m) => m.split('\n'))
      .filter((line) => line.includes(`#${ticketId}`))
      .map((m) =>
        m.includes('SLA warning')
          ? 'warning'
          : m.includes('SLA breach')
            ? 'breach'
            : m.includes('NOT')
              ? 'lapse'
              : 'star',
      );
    expect(order.slice(0, 4)).toEqual(['warning', 'breach', 'star', 'lapse']);
    await recordHistoryIfAsked('slack-outage-breach-star-lapse', handle);
    await h.finish(handle);
  });

  test('an archived Slack channel (410) is recorded, reported once on the ticket, and the lifecycle goes on', async () => {
    h.world.slack.setArchived(ALERTS_PATH);
    try {
      const handle = await h.openTicket(globexAllianceTicket({ impact: 'emergency' }));
      const open = await h.until(handle, (s) => s.phase === 'open');
      await h.skipTo(new Date(Date.parse(open.clocks[0].startedAt) + 31 * MINUTE));
      const breached = await h.until(handle, (s) => s.slaState === 'breached');
      const failures = breached.decisions.filter((d) => d.rule === 'EFFECT');
      expect(failures.map((d) => d.summary)).toEqual([
        expect.stringMatching(/^Slack alert ":warning: SLA warning.* not done: .*410/),
        expect.stringMatching(/^Slack alert ":rotating_light: SLA breach.* not done: .*410/),
      ]);
      const notes = (await h.world.comments(open.ticketId)).filter((c) =>
        c.body.startsWith('Support alerts for this ticket cannot be delivered to Slack'),
      );
      expect(notes).toHaveLength(1);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await h.finish(handle);
    } finally {
      h.world.slack.setArchived(ALERTS_PATH, false);
    }
  });

  test("Salesforce refusing the service's credentials during intake is recorded, the run waits, and intake completes once the credentials work", async () => {
    // The session ends and the token endpoint refuses the client (as after a rotated secret):
    // AuthenticationFailed, not retried.
    h.world.salesforce.expireSessions();
    h.world.salesforce.app.faults.add({
      route: 'POST /services/oauth2/token',
      status: 400,
      body: { error: 'invalid_client', error_description: 'invalid client credentials' },
    });
    try {
      const handle = await h.openTicket(globexAllianceTicket({ impact: 'emergency' }));
      const refused = await h.untilState(handle, (s) =>
        s.decisions.some((d) =>
          /^Intake's read of the ticket and its account refused \(AuthenticationFailed/.test(d.summary),
        ),
      );
      expect(refused.phase).toBe('intake');
      expect((await handle.describe()).status.name).toBe('RUNNING');
      h.world.salesforce.app.faults.clear();
      await h.skip(5 * MINUTE);
      const open = await h.until(handle, (s) => s.phase === 'open');
      expect(open.clocks.map((c) => c.kind)).toEqual(['first_reply']);
      expect(
        (await h.world.comments(open.ticketId)).filter((c) =>
          c.body.startsWith('Partner Support Orchestrator — triage'),
        ),
      ).toHaveLength(1);
      await h.finish(handle);
    } finally {
      h.world.salesforce.app.faults.clear();
    }
  });

  test('a Zendesk write refused for good (422) is recorded and alerted once; the STAR and its clock go on', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'medium' }));
    const open = await h.until(handle, (s) => s.phase === 'open');
    h.world.zendesk.app.faults.add({
      route: 'PUT /api/v2/tickets/:id/tags.json',
      status: 422,
      body: {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { tags: [{ description: 'Tags: invalid' }] },
      },
      count: 1,
    });
    await handle.executeUpdate(escalateUpdate, { args: [escalation] });
    const raised = await h.until(handle, (s) => s.decisions.some((d) => d.rule === 'EFFECT'));
    expect(raised.starred).toBe(true);
    expect(raised.decisions.find((d) => d.rule === 'EFFECT')?.summary).toMatch(/^Tags star not done: .*422/);
    expect(alertsFor(open.ticketId, 'a Zendesk write was refused')).toHaveLength(1);
    expect(alertsFor(open.ticketId, ':star: STAR')).toHaveLength(1);
    expect(raised.star?.acknowledgeBy).toBeDefined();
    await h.finish(handle);
  });

  test('a ticket closed in Zendesk behind the workflow: the refused write ends the lifecycle as closed, and later events start nothing', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    const open = await h.until(handle, (s) => s.phase === 'open');
    const runId = await latestRunId(open.ticketId);
    await h.world.updateTicket(open.ticketId, { status: 'closed' });
    await handle.executeUpdate(escalateUpdate, { args: [escalation] });
    const outcome = (await handle.result()) as PartnerTicketOutcome;
    expect(outcome.ending).toBe('closed');
    expect(
      outcome.decisions.some((d) => /the ticket is closed in Zendesk; the lifecycle ends/.test(d.summary)),
    ).toBe(true);
    expect(outcome.clocks[0].status).toBe('met');

    const late: TicketEvent = {
      eventId: `late-${open.ticketId}`,
      ticketId: open.ticketId,
      type: 'comment.public',
      occurredAt: new Date(await h.now()).toISOString(),
      actor: 'end_user',
    };
    const delivery = await deliverTicketEvent({ client: h.env.client, taskQueue: h.taskQueue }, late);
    expect(delivery.outcome).toBe('ignored_closed');
    expect(await latestRunId(open.ticketId)).toBe(runId);
  });

  test('intake of a ticket already closed writes nothing and ends; of a deleted ticket, ends as deleted', async () => {
    const closedId = await h.world.createTicket(globexAllianceTicket({ impact: 'emergency' }));
    await h.world.updateTicket(closedId, { status: 'closed' });
    await h.sendEvent(closedId, 'ticket.created', { actor: 'end_user' });
    const closed = (await h.env.client.workflow
      .getHandle<typeof partnerTicket>(partnerTicketWorkflowId(closedId))
      .result()) as PartnerTicketOutcome;
    expect(closed).toMatchObject({ ending: 'closed', clocks: [], slaState: 'none' });
    expect((await h.world.comments(closedId)).filter((c) => !c.public)).toEqual([]);

    const deletedId = await h.world.createTicket(globexAllianceTicket());
    await h.world.deleteTicket(deletedId);
    await h.sendEvent(deletedId, 'ticket.created', { actor: 'end_user' });
    const deleted = (await h.env.client.workflow
      .getHandle<typeof partnerTicket>(partnerTicketWorkflowId(deletedId))
      .result()) as PartnerTicketOutcome;
    expect(deleted.ending).toBe('deleted');
    expect(deleted.decisions.at(-1)?.summary).toMatch(/no longer exists in Zendesk/);
  });

  test('a ticket deleted or marked as spam in Zendesk (its event) ends its lifecycle as deleted', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    const open = await h.until(handle, (s) => s.phase === 'open');
    await h.sendEvent(open.ticketId, 'ticket.deleted', { actor: 'agent', deletion: 'marked_as_spam' });
    const outcome = (await handle.result()) as PartnerTicketOutcome;
    expect(outcome.ending).toBe('deleted');
    expect(outcome.decisions.at(-1)?.summary).toBe(
      'Ticket deleted in Zendesk (marked_as_spam): the lifecycle ends',
    );
  });

  test('a solved ticket ends after 28 quiet days (a reopen restarts the period); a later reopen continues from its state, not a fresh intake', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    const open = await h.until(handle, (s) => s.phase === 'open');
    const ticketId = open.ticketId;
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent' });
    await h.sendEvent(ticketId, 'status.changed', { status: 'solved', actor: 'agent' });
    await h.until(handle, (s) => s.phase === 'solved');
    await h.skip(20 * DAY);
    await h.sendEvent(ticketId, 'status.changed', { status: 'open', actor: 'end_user' });
    await h.until(handle, (s) => s.phase === 'open');
    await h.sendEvent(ticketId, 'status.changed', { status: 'solved', actor: 'agent' });
    const solvedAgain = await h.until(handle, (s) => s.phase === 'solved');
    const commentsBefore = (await h.world.comments(ticketId)).length;
    const dormantRunId = await latestRunId(ticketId);
    await h.skip(20 * DAY);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await h.skip(8 * DAY + HOUR);
    const dormant = (await handle.result()) as PartnerTicketOutcome;
    expect(dormant.ending).toBe('dormant');
    expect(dormant.carried?.phase).toBe('solved');

    const reopen: TicketEvent = {
      eventId: `reopen-${ticketId}`,
      ticketId,
      type: 'status.changed',
      status: 'open',
      occurredAt: new Date(await h.now()).toISOString(),
      actor: 'end_user',
    };
    const delivery = await deliverTicketEvent({ client: h.env.client, taskQueue: h.taskQueue }, reopen);
    expect(delivery.outcome).toBe('reopened');
    const next = h.env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
    const resumed = await h.until(next, (s) => s.phase === 'open');
    expect(resumed.decisions.slice(0, solvedAgain.decisions.length)).toEqual(solvedAgain.decisions);
    expect(resumed.eventsSeen).toBe(solvedAgain.eventsSeen + 1);
    // No second intake: nothing was written to the ticket by the reopening.
    expect(await h.world.comments(ticketId)).toHaveLength(commentsBefore);
    expect(await latestRunId(ticketId)).not.toBe(dormantRunId);
    await h.finish(next);
  });

  test('events are ordered by their instants, not their text: a late status change with an offset does not undo a newer one', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    const open = await h.until(handle, (s) => s.phase === 'open');
    // Yesterday 10:30:00.5Z is later than yesterday 11:00:00+01:00 (10:00Z), though it sorts first as text.
    const day = new Date((await h.now()) - DAY).toISOString().slice(0, 10);
    const newer = `${day}T10:30:00.5Z`;
    const olderLocal = `${day}T11:00:00+01:00`;
    expect(newer < olderLocal).toBe(true);
    await h.sendEvent(open.ticketId, 'status.changed', { status: 'open', occurredAt: newer });
    await h.until(handle, (s) => s.eventsSeen === open.eventsSeen + 1);
    await h.sendEvent(open.ticketId, 'status.changed', { status: 'pending', occurredAt: olderLocal });
    const final = await h.until(handle, (s) => s.eventsSeen === open.eventsSeen + 2);
    expect(final.ticketStatus).toBe('open');
    await h.finish(handle);
  });

  test('a policy version rolled out to an open ticket re-targets its clock deterministically; an unknown version changes nothing', async () => {
    const catalog = loadSlaPolicyCatalog();
    const older = Object.keys(catalog.versions).find((v) => v !== catalog.current) as string;
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    const open = await h.until(handle, (s) => s.phase === 'open');
    expect(open.policyVersion).toBe(catalog.current);

    const refused: unknown = await handle
      .executeUpdate(reloadSlaPolicyUpdate, { args: [{ version: 'no-such-version' }] })
      .catch((err: unknown) => err);
    expect((refused as Error).name).toBe(WorkflowUpdateFailedError.name);
    expect(String((refused as { cause?: Error }).cause?.message)).toMatch(/no-such-version/);
    const unchanged = await h.status(handle);
    expect(unchanged.policyVersion).toBe(catalog.current);
    expect(unchanged.clocks.map((c) => c.deadline)).toEqual(open.clocks.map((c) => c.deadline));

    await h.skip(3 * HOUR);
    const result = await handle.executeUpdate(reloadSlaPolicyUpdate, { args: [{ version: older }] });
    const after = await h.until(handle, (s) => s.policyVersion === older);
    expect(result).toMatchObject({ previousVersion: catalog.current, version: older });
    const clock = after.clocks[0];
    const calendar = policyByVersion(catalog, older).calendars[clock.calendar];
    const rolledAt = Date.parse(clock.runningSince ?? '');
    const expected = addBusinessTime(calendar, rolledAt, clock.targetMs - clock.consumedMs);
    expect(Date.parse(clock.deadline ?? '')).toBe(expected);
    expect(result.retargetedClocks).toBe(clock.deadline === open.clocks[0].deadline ? 0 : 1);
    await h.finish(handle);
  });
});
