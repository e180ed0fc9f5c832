import { StarredAttribute } from '../../domain/search-attributes';
import {
  acknowledgeStarSignal,
  acknowledgeStarUpdate,
  escalateSignal,
  escalateUpdate,
  unstarSignal,
  unstarUpdate,
} from '../../workflows/definitions';
import type { EscalationInput } from '../../workflows/partner-ticket/types';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/histories';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/** STAR on the ticket workflow: raise once, coalesce, acknowledgement clocks, emergency, unstar. */
const MINUTE = 60_000;

const escalation = (overrides: Partial<EscalationInput> = {}): EscalationInput => ({
  reason: 'Production outage at our customer',
  desiredActions: 'Assign a senior engineer',
  submitter: 'carol@globex.example',
  source: 'slack_form',
  urgency: 'timely',
  requestId: 'T123456789',
  ...overrides,
});

describe('STAR escalation on the partner ticket workflow (time-skipping server)', () => {
  let h: LifecycleHarness;
  const openGlobexTicket = async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    const { ticketId } = await h.until(handle, (s) => s.phase === 'open');
    return { handle, ticketId };
  };
  const starAlerts = (ticketId: number) =>
    h.world.slackMessages('alerts').filter((m) => m.includes(`#${ticketId}`) && m.includes('STAR'));

  beforeAll(async () => {
    h = await startLifecycleHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a STAR is raised once: tag, internal note, alert, Starred; a second request coalesces with an appended note', async () => {
    const { handle, ticketId } = await openGlobexTicket();
    const first = await handle.executeUpdate(escalateUpdate, { args: [escalation()] });
    expect(first.outcome).toBe('raised');
    expect(first.star.acknowledgeBy).toBe(
      new Date(Date.parse(first.star.raisedAt) + 60 * MINUTE).toISOString(),
    );
    const second = await handle.executeUpdate(escalateUpdate, {
      args: [escalation({ submitter: 'ops-bridge@globex.example', reason: 'Still down' })],
    });
    expect(second.outcome).toBe('coalesced');
    expect(second.star.requests).toHaveLength(2);

    await h.until(handle, (s) => s.starred && s.decisions.some((d) => d.summary.includes('joined the STAR')));
    await eventually(async () =>
      (await h.world.comments(ticketId)).some((c) => c.body.includes('Still down')),
    );
    const ticket = await h.world.ticket(ticketId);
    expect(ticket.tags.filter((t) => t === 'star')).toHaveLength(1);
    const notes = (await h.world.comments(ticketId)).filter((c) => !c.public && c.body.includes('STAR'));
    expect(notes.filter((c) => c.body.startsWith('STAR raised'))).toHaveLength(1);
    expect(
      notes.filter((c) => c.body.includes('joined the STAR') && c.body.includes('Still down')),
    ).toHaveLength(1);
    expect(starAlerts(ticketId)).toHaveLength(1);
    expect((await handle.describe()).typedSearchAttributes.get(StarredAttribute)).toBe(true);
    await h.finish(handle);
  });

  test('acknowledged before the clock lapses: no further escalation', async () => {
    const { handle, ticketId } = await openGlobexTicket();
    await handle.executeUpdate(escalateUpdate, { args: [escalation({ urgency: 'urgent' })] });
    await h.skip(20 * MINUTE);
    const acked = await handle.executeUpdate(acknowledgeStarUpdate, { args: [{ by: 'Mia Manager' }] });
    expect(acked.status).toBe('acknowledged');
    await h.skip(2 * 60 * MINUTE);
    const status = await h.until(handle, (s) =>
      s.decisions.some((d) => d.summary.includes('acknowledged by Mia')),
    );
    expect(status.star?.escalationLevel).toBe(0);
    expect(starAlerts(ticketId).filter((m) => m.includes('NOT acknowledged'))).toEqual([]);
    await h.finish(handle);
  });

  test('not acknowledged in time (Urgent, 30 min): re-alert and escalate further, again each lapse, until acknowledged', async () => {
    const { handle, ticketId } = await openGlobexTicket();
    const raised = await handle.executeUpdate(escalateUpdate, { args: [escalation({ urgency: 'urgent' })] });
    const raisedAt = Date.parse(raised.star.raisedAt);
    await h.skipTo(new Date(raisedAt + 31 * MINUTE));
    const lapsed = await h.until(handle, (s) => s.star?.escalationLevel === 1);
    expect(lapsed.star?.acknowledgeBy).toBeDefined();
    await eventually(() => starAlerts(ticketId).some((m) => m.includes('NOT acknowledged')));
    await h.skipTo(new Date(raisedAt + 62 * MINUTE));
    await h.until(handle, (s) => s.star?.escalationLevel === 2);
    await handle.executeUpdate(acknowledgeStarUpdate, { args: [{ by: 'Mia Manager' }] });
    await h.skip(3 * 60 * MINUTE);
    expect((await h.status(handle)).star?.escalationLevel).toBe(2);
    expect(starAlerts(ticketId).filter((m) => m.includes('NOT acknowledged'))).toHaveLength(2);
    await recordHistoryIfAsked('star-lapse-escalation', handle);
    await h.finish(handle);
  });

  test('an emergency is Urgent and sets the ticket priority to urgent', async () => {
    const { handle, ticketId } = await openGlobexTicket();
    const raised = await handle.executeUpdate(escalateUpdate, {
      args: [escalation({ urgency: 'not_urgent', emergency: true })],
    });
    expect(raised.star).toMatchObject({ urgency: 'urgent', emergency: true });
    await eventually(async () => (await h.world.ticket(ticketId)).priority === 'urgent');
    expect(
      (await h.status(handle)).decisions.some((d) => d.summary === 'STAR raised (urgent, emergency)'),
    ).toBe(true);
    await h.finish(handle);
  });

  test('unstarring needs a reason; with one, the tag goes and Starred is false', async () => {
    const { handle, ticketId } = await openGlobexTicket();
    await handle.executeUpdate(escalateUpdate, { args: [escalation()] });
    const refused = await handle
      .executeUpdate(unstarUpdate, { args: [{ by: 'Mia Manager', reason: '  ' }] })
      .then(
        () => undefined,
        (err: unknown) => err as Error & { cause?: Error },
      );
    expect(refused?.cause?.message).toMatch(/Unstarring needs a reason/);
    expect((await h.status(handle)).starred).toBe(true);

    const view = await handle.executeUpdate(unstarUpdate, {
      args: [{ by: 'Mia Manager', reason: 'Resolved with the partner on a call' }],
    });
    expect(view.status).toBe('unstarred');
    await h.until(handle, (s) => !s.starred && !s.tags.includes('star'));
    await eventually(async () => !(await h.world.ticket(ticketId)).tags.includes('star'));
    expect((await handle.describe()).typedSearchAttributes.get(StarredAttribute)).toBe(false);
    await h.finish(handle);
  });

  test('from the Temporal UI by signal: an invalid escalation is recorded as refused and fails nothing; valid ones raise, acknowledge and unstar', async () => {
    const { handle, ticketId } = await openGlobexTicket();
    // What a manager might type into "Send Signal": no reason.
    await handle.signal(escalateSignal, {
      desiredActions: 'Call',
      submitter: 'mia.manager',
    } as EscalationInput);
    const refused = await h.until(handle, (s) =>
      s.decisions.some((d) => d.summary.startsWith('Escalation by signal refused')),
    );
    expect(refused.decisions.at(-1)?.summary).toBe(
      'Escalation by signal refused: An escalation needs a reason.',
    );
    expect(refused.starred).toBe(false);

    await handle.signal(escalateSignal, {
      reason: 'Customer escalated by phone',
      desiredActions: 'Call back',
      submitter: 'mia.manager',
    } as EscalationInput);
    const raised = await h.until(handle, (s) => s.starred);
    expect(raised.star?.requests[0]).toMatchObject({ source: 'temporal_ui', submitter: 'mia.manager' });
    await eventually(() => starAlerts(ticketId).length === 1);

    await handle.signal(unstarSignal, { by: 'mia.manager', reason: '' });
    await handle.signal(acknowledgeStarSignal, { by: 'mia.manager' });
    const acknowledged = await h.until(handle, (s) => s.star?.status === 'acknowledged');
    expect(
      acknowledged.decisions.some(
        (d) => d.summary === 'Unstarring by signal refused: Unstarring needs a reason.',
      ),
    ).toBe(true);
    await handle.signal(unstarSignal, { by: 'mia.manager', reason: 'Handled by phone' });
    const unstarred = await h.until(handle, (s) => !s.starred);
    expect(unstarred.star?.unstarReason).toBe('Handled by phone');
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await h.finish(handle);
  });
});
