import { defaultSlaPolicy } from '../../activities/clients';
import { addBusinessTime, businessTimeBetween } from '../../domain/sla/calendar';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/histories';
import { nextUtc, startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * SLA clocks over real durations (minutes to days, across weekends) under time skipping: the
 * timers act at the deadline, and the actions land in the simulators.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const policy = defaultSlaPolicy();
const SATURDAY = 6;
const FRIDAY = 5;
const MONDAY = 1;

const globexTicket = (impact: string) => globexAllianceTicket({ impact });

describe('SLA clocks on the partner ticket workflow (time-skipping server)', () => {
  let h: LifecycleHarness;

  const alertsFor = (ticketId: number, text: string): string[] =>
    h.world.slackMessages('alerts').filter((m) => m.includes(`#${ticketId}`) && m.includes(text));

  beforeAll(async () => {
    h = await startLifecycleHarness();
  });

  /** A Highly Degraded ticket opened on Monday at 9:00 (24x5), an hour ago. */
  const openedAnHourAgo = async () => {
    await h.skipTo(nextUtc(await h.now(), MONDAY, 9));
    const handle = await h.openTicket(globexTicket('highly_degraded'));
    const { ticketId } = await h.until(handle, (s) => s.phase === 'open');
    await h.skip(HOUR);
    return { handle, ticketId };
  };
  afterAll(async () => {
    await h?.close();
  });

  test('Emergency on a weekend (24x7): warning at 75%, breach at exactly 30 minutes, alert, tag and note; STAR an hour later', async () => {
    await h.skipTo(nextUtc(await h.now(), SATURDAY, 10));
    const handle = await h.openTicket(globexTicket('emergency'));
    const open = await h.until(handle, (s) => s.phase === 'open');
    const ticketId = open.ticketId;
    const clock = open.clocks[0];
    expect(clock).toMatchObject({
      kind: 'first_reply',
      target: '30 min',
      calendar: '24x7',
      status: 'running',
    });
    const startedAt = Date.parse(clock.startedAt);
    expect(Date.parse(clock.deadline ?? '')).toBe(startedAt + 30 * MINUTE);
    expect(open.nextDeadline).toMatchObject({
      type: 'warning',
      at: new Date(startedAt + 22.5 * MINUTE).toISOString(),
    });

    await h.skipTo(new Date(startedAt + 23 * MINUTE));
    const warned = await h.until(handle, (s) => s.slaState === 'warning');
    expect(warned.clocks[0].breachedAt).toBeUndefined();
    await eventually(async () => (await h.world.ticket(ticketId)).tags.includes('sla_warning'));
    await eventually(() => alertsFor(ticketId, 'SLA warning').length > 0);
    expect(alertsFor(ticketId, 'SLA warning')).toHaveLength(1);

    await h.skipTo(new Date(startedAt + 31 * MINUTE));
    const breached = await h.until(handle, (s) => s.slaState === 'breached');
    expect(breached.clocks[0].breachedAt).toBe(new Date(startedAt + 30 * MINUTE).toISOString());
    await eventually(() => alertsFor(ticketId, 'SLA breach').length > 0);
    expect((await h.world.ticket(ticketId)).tags).toContain('sla_breached');
    const breachNotes = (await h.world.comments(ticketId)).filter(
      (c) => !c.public && c.body.startsWith('SLA breach'),
    );
    expect(breachNotes).toHaveLength(1);
    expect(alertsFor(ticketId, 'SLA breach')).toHaveLength(1);
    expect(breached.starred).toBe(false);

    // A first-response breach of an hour or more requests a STAR by itself.
    await h.skipTo(new Date(startedAt + 91 * MINUTE));
    const starred = await h.until(handle, (s) => s.starred);
    expect(starred.star?.requests[0]).toMatchObject({ source: 'sla_breach' });
    await eventually(async () => (await h.world.ticket(ticketId)).tags.includes('star'));
    await recordHistoryIfAsked('emergency-weekend-breach-star', handle);
    await h.finish(handle);
  });

  test('Medium (8 h, 24x5) from Friday evening: the weekend does not count, the breach lands on Monday', async () => {
    await h.skipTo(nextUtc(await h.now(), FRIDAY, 20));
    const handle = await h.openTicket({
      requesterId: 2001,
      organizationId: 1001,
      formId: 360000837100,
      groupId: 3001,
      impact: 'medium',
      partnerSituation: 'customer_issue',
    });
    const open = await h.until(handle, (s) => s.phase === 'open');
    const clock = open.clocks[0];
    expect(clock).toMatchObject({ target: '8 h', calendar: '24x5' });
    const startedAt = Date.parse(clock.startedAt);
    const deadline = Date.parse(clock.deadline ?? '');
    const calendar = policy.calendars['24x5'];
    expect(deadline).toBe(addBusinessTime(calendar, startedAt, 8 * HOUR));
    expect(businessTimeBetween(calendar, startedAt, deadline)).toBe(8 * HOUR);
    expect(deadline - startedAt).toBeGreaterThan(48 * HOUR);

    // Sunday night, 51 hours later: nothing has fired, the deadline stands.
    await h.skipTo(nextUtc(startedAt, 0, 23));
    const sunday = await h.status(handle);
    expect(sunday.slaState).toBe('active');
    expect(sunday.clocks[0].deadline).toBe(clock.deadline);
    expect((await h.world.ticket(open.ticketId)).tags).not.toContain('sla_breached');

    await h.skipTo(new Date(deadline + MINUTE));
    const breached = await h.until(handle, (s) => s.slaState === 'breached');
    expect(breached.clocks[0].breachedAt).toBe(new Date(deadline).toISOString());
    await h.finish(handle);
  });

  test('next reply: an agent reply meets the first reply, a customer reply starts the next-reply clock, pending pauses it and open resumes it', async () => {
    await h.skipTo(nextUtc(await h.now(), MONDAY, 9));
    const handle = await h.openTicket(globexTicket('highly_degraded'));
    const open = await h.until(handle, (s) => s.phase === 'open');
    const ticketId = open.ticketId;

    await h.skip(HOUR);
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent' });
    const replied = await h.until(handle, (s) => s.slaState === 'met');
    expect(replied.clocks[0].metAt).toBeDefined();

    await h.skip(30 * MINUTE);
    const customerReply = await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user' });
    const next = await h.until(handle, (s) => s.clocks.length === 2);
    expect(next.clocks[1]).toMatchObject({ kind: 'next_reply', target: '4 h', status: 'running' });
    const nextStart = Date.parse(next.clocks[1].startedAt);
    expect(nextStart).toBe(Date.parse(customerReply.occurredAt));

    // One hour in, the agent asks a question and sets the ticket to pending for two days.
    await h.skip(HOUR);
    const pending = await h.sendEvent(ticketId, 'status.changed', { status: 'pending', actor: 'agent' });
    const paused = await h.until(handle, (s) => s.slaState === 'paused');
    expect(paused.clocks[1].consumedMinutes).toBe(60);
    await h.skip(2 * 24 * HOUR);
    const stillPaused = await h.status(handle);
    expect(stillPaused.clocks[1].status).toBe('paused');
    expect(stillPaused.clocks[1].consumedMinutes).toBe(60);

    // The customer answers: the clock resumes with three hours left.
    const reopened = await h.sendEvent(ticketId, 'status.changed', { status: 'open', actor: 'end_user' });
    const resumed = await h.until(handle, (s) => s.slaState === 'active');
    const consumed = Date.parse(pending.occurredAt) - nextStart;
    const deadline = Date.parse(resumed.clocks[1].deadline ?? '');
    expect(deadline).toBe(
      addBusinessTime(policy.calendars['24x5'], Date.parse(reopened.occurredAt), 4 * HOUR - consumed),
    );
    expect(deadline).toBeGreaterThan(nextStart + 4 * HOUR);
    await h.skipTo(new Date(deadline + MINUTE));
    const breached = await h.until(handle, (s) => s.slaState === 'breached');
    expect(breached.clocks[1].breachedAt).toBe(new Date(deadline).toISOString());
    await recordHistoryIfAsked('next-reply-pause-resume', handle);
    await h.finish(handle);
  });

  test('an agent reply delivered after the solve that met the clock moves the met instant back to the reply', async () => {
    const { handle, ticketId } = await openedAnHourAgo();
    const replyAt = new Date((await h.now()) - 5 * MINUTE).toISOString();
    await h.sendEvent(ticketId, 'ticket.solved', { actor: 'agent' });
    const bySolve = await h.until(handle, (s) => s.phase === 'solved');
    expect(Date.parse(bySolve.clocks[0].metAt ?? '')).toBeGreaterThan(Date.parse(replyAt));
    // The reply's webhook, delayed, arrives after the solve's.
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent', occurredAt: replyAt });
    const byReply = await h.until(handle, (s) => s.eventsSeen === bySolve.eventsSeen + 1);
    expect(byReply.clocks).toHaveLength(1);
    expect(byReply.clocks[0]).toMatchObject({ status: 'met', metAt: replyAt });
    await h.finish(handle);
  });

  test("the partner's message delivered after the agent's answer to it: the next-reply clock starts at the message and is met by the answer", async () => {
    const { handle, ticketId } = await openedAnHourAgo();
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent' });
    await h.until(handle, (s) => s.slaState === 'met');
    await h.skip(HOUR);
    const partnerAt = new Date((await h.now()) - 20 * MINUTE).toISOString();
    const answer = await h.sendEvent(ticketId, 'comment.public', { actor: 'agent' });
    const answered = await h.until(handle, (s) => s.eventsSeen === 3);
    expect(answered.clocks).toHaveLength(1);
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user', occurredAt: partnerAt });
    const followed = await h.until(handle, (s) => s.eventsSeen === 4);
    expect(followed.clocks).toHaveLength(2);
    expect(followed.clocks[1]).toMatchObject({
      kind: 'next_reply',
      status: 'met',
      startedAt: partnerAt,
      metAt: answer.occurredAt,
    });
    expect(followed.slaState).toBe('met');
    await recordHistoryIfAsked('late-partner-message-followed', handle);
    await h.finish(handle);
  });

  test("the agent's first reply delivered after the partner's next message: the first reply is met, then the message starts the next-reply clock", async () => {
    const { handle, ticketId } = await openedAnHourAgo();
    const replyAt = new Date((await h.now()) - 10 * MINUTE).toISOString();
    const partner = await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user' });
    const unanswered = await h.until(handle, (s) => s.eventsSeen === 2);
    expect(unanswered.clocks.map((c) => c.status)).toEqual(['running']);
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent', occurredAt: replyAt });
    const followed = await h.until(handle, (s) => s.eventsSeen === 3);
    expect(followed.clocks).toEqual([
      expect.objectContaining({ kind: 'first_reply', status: 'met', metAt: replyAt }),
      expect.objectContaining({ kind: 'next_reply', status: 'running', startedAt: partner.occurredAt }),
    ]);
    await h.finish(handle);
  });

  test("the partner's message on the reopened ticket delivered before the reopening: it starts the next-reply clock once the reopening arrives", async () => {
    const { handle, ticketId } = await openedAnHourAgo();
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent' });
    await h.sendEvent(ticketId, 'ticket.solved', { actor: 'agent' });
    await h.until(handle, (s) => s.phase === 'solved');
    await h.skip(HOUR);
    const reopenedAt = new Date((await h.now()) - 10 * MINUTE).toISOString();
    const partner = await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user' });
    const stillSolved = await h.until(handle, (s) => s.eventsSeen === 4);
    expect(stillSolved.clocks).toHaveLength(1);
    await h.sendEvent(ticketId, 'status.changed', {
      status: 'open',
      actor: 'end_user',
      occurredAt: reopenedAt,
    });
    const reopened = await h.until(handle, (s) => s.eventsSeen === 5);
    expect(reopened.phase).toBe('open');
    expect(reopened.clocks[1]).toMatchObject({
      kind: 'next_reply',
      status: 'running',
      startedAt: partner.occurredAt,
    });
    await h.finish(handle);
  });

  test("a reopening delivered after the partner's message, the answer and the next solve: the message's next-reply clock starts, met by the answer", async () => {
    const { handle, ticketId } = await openedAnHourAgo();
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent' });
    await h.sendEvent(ticketId, 'ticket.solved', { actor: 'agent' });
    await h.until(handle, (s) => s.phase === 'solved');
    await h.skip(HOUR);
    const now = await h.now();
    const reopenedAt = new Date(now - 30 * MINUTE).toISOString();
    const partnerAt = new Date(now - 20 * MINUTE).toISOString();
    const answerAt = new Date(now - 10 * MINUTE).toISOString();
    // The reopening's webhook was lost: the rest of the conversation arrives, then the solve.
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user', occurredAt: partnerAt });
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent', occurredAt: answerAt });
    await h.sendEvent(ticketId, 'ticket.solved', { actor: 'agent' });
    const solvedAgain = await h.until(handle, (s) => s.eventsSeen === 6);
    expect(solvedAgain.clocks).toHaveLength(1);
    // The reconciliation brings the reopening, older than the solve on record.
    await h.sendEvent(ticketId, 'status.changed', {
      status: 'open',
      actor: 'end_user',
      occurredAt: reopenedAt,
    });
    const followed = await h.until(handle, (s) => s.eventsSeen === 7);
    expect(followed.phase).toBe('solved');
    expect(followed.clocks).toHaveLength(2);
    expect(followed.clocks[1]).toMatchObject({
      kind: 'next_reply',
      status: 'met',
      startedAt: partnerAt,
      metAt: answerAt,
    });
    await recordHistoryIfAsked('stale-reopening-followed', handle);
    await h.finish(handle);
  });

  test("the partner's message delivered after the solve that followed it: its next-reply clock starts, met by the agent's answer (or the solve)", async () => {
    const { handle, ticketId } = await openedAnHourAgo();
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent' });
    await h.until(handle, (s) => s.slaState === 'met');
    await h.skip(HOUR);
    const now = await h.now();
    const partnerAt = new Date(now - 30 * MINUTE).toISOString();
    const answerAt = new Date(now - 20 * MINUTE).toISOString();
    const solve = await h.sendEvent(ticketId, 'ticket.solved', { actor: 'agent' });
    await h.until(handle, (s) => s.phase === 'solved');
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user', occurredAt: partnerAt });
    const bySolve = await h.until(handle, (s) => s.eventsSeen === 4);
    expect(bySolve.clocks[1]).toMatchObject({ kind: 'next_reply', status: 'met', startedAt: partnerAt });
    expect(bySolve.clocks[1].metAt).toBe(solve.occurredAt);
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent', occurredAt: answerAt });
    const byAnswer = await h.until(handle, (s) => s.eventsSeen === 5);
    expect(byAnswer.clocks).toHaveLength(2);
    expect(byAnswer.clocks[1]).toMatchObject({ status: 'met', metAt: answerAt });
    expect(byAnswer.phase).toBe('solved');
    // Written after the solve, on the solved ticket: no clock (a reopening would start one).
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user' });
    const onSolved = await h.until(handle, (s) => s.eventsSeen === 6);
    expect(onSolved.clocks).toHaveLength(2);
    await recordHistoryIfAsked('partner-message-after-solve', handle);
    await h.finish(handle);
  });

  test("the agent's first reply delivered late, while a later message's next-reply clock runs: the partner's first message starts its clock too", async () => {
    const { handle, ticketId } = await openedAnHourAgo();
    const now = await h.now();
    const at = (minutesAgo: number): string => new Date(now - minutesAgo * MINUTE).toISOString();
    // The first reply's webhook was lost (at 50 minutes ago); the conversation goes on.
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user', occurredAt: at(49) });
    await h.sendEvent(ticketId, 'status.changed', { status: 'pending', actor: 'agent', occurredAt: at(48) });
    await h.sendEvent(ticketId, 'status.changed', { status: 'open', actor: 'agent', occurredAt: at(47) });
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent', occurredAt: at(46) });
    await h.sendEvent(ticketId, 'ticket.solved', { actor: 'agent', occurredAt: at(45) });
    await h.sendEvent(ticketId, 'status.changed', { status: 'open', actor: 'end_user', occurredAt: at(44) });
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user', occurredAt: at(43) });
    const waiting = await h.until(handle, (s) => s.eventsSeen === 8 && s.slaState === 'active');
    expect(waiting.clocks.map((c) => `${c.kind} ${c.status}`)).toEqual([
      'first_reply met',
      'next_reply running',
    ]);
    // The reconciliation brings the first reply while the later message's clock runs.
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent', occurredAt: at(50) });
    await h.until(handle, (s) => s.eventsSeen === 9);
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent', occurredAt: at(42) });
    await h.sendEvent(ticketId, 'ticket.solved', { actor: 'agent', occurredAt: at(41) });
    const followed = await h.until(handle, (s) => s.eventsSeen === 11 && s.phase === 'solved');
    const byStart = [...followed.clocks].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    // As if every webhook had arrived in order.
    expect(byStart).toEqual([
      expect.objectContaining({ kind: 'first_reply', status: 'met', metAt: at(50) }),
      expect.objectContaining({ kind: 'next_reply', status: 'met', startedAt: at(49), metAt: at(46) }),
      expect.objectContaining({ kind: 'next_reply', status: 'met', startedAt: at(43), metAt: at(42) }),
    ]);
    await recordHistoryIfAsked('late-first-reply-while-next-runs', handle);
    await h.finish(handle);
  });

  test('a ticket already past its deadline when its workflow starts breaches at once, without a warning', async () => {
    // Ticket 123456 of the fixture world was created on 2026-11-20, long before this run.
    await h.sendEvent(123456, 'ticket.created', { actor: 'end_user' });
    const handle = h.env.client.workflow.getHandle(partnerTicketWorkflowId(123456));
    const breached = await h.until(handle, (s) => s.slaState === 'breached');
    const createdAt = Date.parse('2026-11-20T09:00:00Z');
    expect(breached.clocks[0].breachedAt).toBe(
      new Date(addBusinessTime(policy.calendars['24x5'], createdAt, 4 * HOUR)).toISOString(),
    );
    await eventually(() => alertsFor(123456, 'SLA breach').length > 0);
    expect(alertsFor(123456, 'SLA breach')).toHaveLength(1);
    expect(alertsFor(123456, 'SLA warning')).toEqual([]);
    expect((await h.world.ticket(123456)).tags).not.toContain('sla_warning');
    await h.finish(handle);
  });

  test('an Emergency whose warning is past when intake ends is warned in the step that starts its clock (the chaos run expects it)', async () => {
    await h.skipTo(nextUtc(await h.now(), SATURDAY, 10));
    const ticketId = await h.world.createTicket(globexTicket('emergency'));
    // Its webhook comes 25 minutes late: past the warning (22.5 minutes), before the breach (30).
    await h.skip(25 * MINUTE);
    await h.sendEvent(ticketId, 'ticket.created', { actor: 'end_user' });
    const handle = h.env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId));
    const warned = await h.until(handle, (s) => s.slaState === 'warning');
    const decidedAt = (prefix: string) => warned.decisions.find((d) => d.summary.startsWith(prefix))?.at;
    expect(decidedAt('First reply due by')).toBeDefined();
    // The same workflow task (the starting event, still pending, has the loop act on time at once):
    // a timer's task would come later, and a worker lost meanwhile could put it past the breach.
    expect(decidedAt('SLA warning')).toBe(decidedAt('First reply due by'));
    expect(warned.clocks[0].breachedAt).toBeUndefined();
    await eventually(() => alertsFor(ticketId, 'SLA warning').length > 0);
    expect(alertsFor(ticketId, 'SLA warning')).toHaveLength(1);
    await h.finish(handle);
  });

  test('a three-day ticket: created, answered, waiting, solved and closed runs to completion in seconds', async () => {
    await h.skipTo(nextUtc(await h.now(), MONDAY, 8));
    const handle = await h.openTicket(globexTicket('low'));
    const { ticketId } = await h.until(handle, (s) => s.phase === 'open');
    await h.skip(5 * HOUR);
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent' });
    await h.sendEvent(ticketId, 'status.changed', { status: 'pending', actor: 'agent' });
    await h.skip(24 * HOUR);
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user' });
    await h.sendEvent(ticketId, 'status.changed', { status: 'open', actor: 'end_user' });
    await h.skip(20 * HOUR);
    await h.sendEvent(ticketId, 'comment.public', { actor: 'agent' });
    await h.sendEvent(ticketId, 'ticket.solved', { actor: 'agent' });
    await h.skip(24 * HOUR);
    await h.sendEvent(ticketId, 'ticket.closed', { actor: 'system' });
    const final = await handle.result();
    expect(final.phase).toBe('closed');
    expect(final.clocks.map((c) => [c.kind, c.status])).toEqual([
      ['first_reply', 'met'],
      ['next_reply', 'met'],
    ]);
    expect(final.slaState).toBe('met');
    await recordHistoryIfAsked('three-day-ticket', handle);
    expect(final.eventsSeen).toBe(8);
  });
});
