import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TicketDirectory } from '../../activities/tickets';
import { createActivities } from '../../activities';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { partnerTicket } from '../../workflows';
import { statusQuery, ticketEventSignal } from '../../workflows/definitions';
import { startTimeSkippingEnvironment } from '../support/temporal';
import { createTestWorker } from '../support/worker';

const HOUR_MS = 60 * 60 * 1000;

// The ticket source is a dependency of the activity factory; these tests are about the clock.
const tickets: TicketDirectory = {
  async getTicket(ticketId) {
    return { id: ticketId, subject: `Ticket ${ticketId}`, status: 'new' };
  },
};

describe('partnerTicket on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await startTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('a 24-hour first-reply timer fires at the deadline, in seconds of wall time', async () => {
    const { worker, taskQueue } = await createTestWorker(env, createActivities({ tickets }));
    await worker.runUntil(async () => {
      const startedAt = await env.currentTimeMs();
      const handle = await env.client.workflow.start(partnerTicket, {
        taskQueue,
        workflowId: partnerTicketWorkflowId(1001),
        args: [{ ticketId: 1001 }],
      });

      await env.sleep(23 * HOUR_MS);
      expect((await handle.query(statusQuery)).slaState).toBe('active');

      await env.sleep(2 * HOUR_MS);
      const status = await handle.query(statusQuery);
      expect(status.slaState).toBe('breached');
      expect(status.subject).toBe('Ticket 1001');
      expect(Date.parse(status.firstReplyDeadline ?? '') - startedAt).toBeGreaterThanOrEqual(24 * HOUR_MS);

      await handle.signal(ticketEventSignal, {
        eventId: 'evt-close',
        ticketId: 1001,
        type: 'ticket.closed',
        occurredAt: new Date(await env.currentTimeMs()).toISOString(),
      });
      const result = await handle.result();
      expect(result.phase).toBe('closed');
      expect(result.decisions.map((d) => d.summary)).toContain('First reply target breached');
      expect((await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(24 * HOUR_MS);
    });
  });

  test('an agent reply before the deadline meets the clock; a redelivered event counts once', async () => {
    const { worker, taskQueue } = await createTestWorker(env, createActivities({ tickets }));
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(partnerTicket, {
        taskQueue,
        workflowId: partnerTicketWorkflowId(1002),
        args: [{ ticketId: 1002 }],
      });
      const reply = {
        eventId: 'evt-reply',
        ticketId: 1002,
        type: 'comment.public' as const,
        actor: 'agent' as const,
        occurredAt: new Date(await env.currentTimeMs()).toISOString(),
      };
      await env.sleep(HOUR_MS);
      await handle.signal(ticketEventSignal, reply);
      await handle.signal(ticketEventSignal, reply);
      await handle.signal(ticketEventSignal, { ...reply, eventId: 'evt-close', type: 'ticket.closed' });
      const result = await handle.result();
      expect(result.slaState).toBe('met');
      expect(result.eventsSeen).toBe(2);
    });
  });
});
