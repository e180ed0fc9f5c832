import { partnerTicketStartOptions, reopeningStartOptions } from '../../client/temporal/start-options';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import type { TicketEvent } from '../../domain/ticket-events';
import { partnerTicket } from '../../workflows';
import { ticketEventSignal } from '../../workflows/definitions';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * What the shared start options rely on Temporal for (dev server, real worker): a completed run
 * refuses the ordinary start, and two concurrent reopening starts make one new run that gets
 * both events (the second delivery signals the run the first one started).
 */
describe('partner ticket start options on the dev server', () => {
  let h: LifecycleHarness;

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const event = (ticketId: number, eventId: string): TicketEvent => ({
    eventId,
    ticketId,
    type: 'comment.public',
    actor: 'end_user',
    occurredAt: new Date().toISOString(),
  });
  const start = (options: ReturnType<typeof partnerTicketStartOptions>, ticketEvent: TicketEvent) =>
    h.env.client.workflow.signalWithStart(partnerTicket, {
      ...options,
      args: [{ ticketId: ticketEvent.ticketId }],
      signal: ticketEventSignal,
      signalArgs: [ticketEvent],
    });

  test('a completed run refuses the ordinary start; concurrent reopening starts make exactly one new run', async () => {
    const handle = await h.openTicket(globexAllianceTicket());
    const { ticketId } = await h.until(handle, (s) => s.phase === 'open');
    await h.finish(handle);
    const workflowId = partnerTicketWorkflowId(ticketId);
    const completed = await h.env.client.workflow.getHandle(workflowId).describe();

    await expect(
      start(partnerTicketStartOptions(ticketId, h.taskQueue), event(ticketId, 'late-reply')),
    ).rejects.toMatchObject({ name: 'WorkflowExecutionAlreadyStartedError' });

    const [first, second] = await Promise.all([
      start(reopeningStartOptions(ticketId, h.taskQueue), event(ticketId, 'reopen-1')),
      start(reopeningStartOptions(ticketId, h.taskQueue), event(ticketId, 'reopen-2')),
    ]);
    expect(first.signaledRunId).toBe(second.signaledRunId);
    expect(first.signaledRunId).not.toBe(completed.runId);

    const reopened = h.env.client.workflow.getHandle<typeof partnerTicket>(workflowId);
    // Both reopening events, in the one new run.
    const status = await h.until(reopened, (s) => s.eventsSeen >= 2);
    expect(status.eventsSeen).toBe(2);
    const history = await reopened.fetchHistory();
    expect(history.events?.filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(2);
    await h.finish(reopened);
  });
});
