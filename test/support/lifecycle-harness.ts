import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createActivityDeps } from '../../activities/clients';
import { partnerTicketStartOptions } from '../../client/temporal/start-options';
import type { TicketEvent, TicketEventType, TicketActor } from '../../domain/ticket-events';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { partnerTicket } from '../../workflows';
import { statusQuery, ticketEventSignal } from '../../workflows/definitions';
import { alertDigestQuery, slackAlertDigestWorkflowId } from '../../workflows/slack-alert-digest/definitions';
import type { PartnerTicketOutcome, PartnerTicketStatus } from '../../workflows/partner-ticket/types';
import { eventually } from './eventually';
import { startSimulatedWorld, type SimulatedWorld } from './simulated-world';
import { startDevServerEnvironment, startTimeSkippingEnvironment } from './temporal';
import { createTestWorker } from './worker';

/**
 * One test file's stack for the ticket lifecycle: the time-skipping server (or the dev server), the three API
 * simulators, and a worker running the real workflow bundle with the real activities (real
 * node-zendesk, jsforce and @slack/webhook clients pointed at the simulators).
 */
export interface LifecycleHarness {
  env: TestWorkflowEnvironment;
  world: SimulatedWorld;
  worker: Worker;
  taskQueue: string;
  /** Creates a ticket in the Zendesk simulator at the test server's current time and starts its workflow as the webhook server would. */
  openTicket(
    ticket: Parameters<SimulatedWorld['createTicket']>[0],
    workflow?: { continueAsNewAfter?: number },
  ): Promise<WorkflowHandle<typeof partnerTicket>>;
  /** Sends a ticket event as the webhook server would (signal-with-start, event id kept). */
  sendEvent(
    ticketId: number,
    type: TicketEventType,
    extra?: {
      actor?: TicketActor;
      status?: string;
      impact?: string;
      situation?: string;
      deletion?: TicketEvent['deletion'];
      tagsAdded?: string[];
      eventId?: string;
      occurredAt?: string;
      /** Passed to the workflow if this event starts it. */
      continueAsNewAfter?: number;
    },
  ): Promise<TicketEvent>;
  status(handle: WorkflowHandle<typeof partnerTicket>): Promise<PartnerTicketStatus>;
  /**
   * Waits (polling the status query) until the workflow's state satisfies `check` and its side
   * effects are done (nothing pending, the alerts' digest idle), so that the simulators show what
   * the state says.
   */
  until(
    handle: WorkflowHandle<typeof partnerTicket>,
    check: (status: PartnerTicketStatus) => boolean,
  ): Promise<PartnerTicketStatus>;
  /** Like `until`, without waiting for side effects (e.g. while Slack is down). */
  untilState(
    handle: WorkflowHandle<typeof partnerTicket>,
    check: (status: PartnerTicketStatus) => boolean,
  ): Promise<PartnerTicketStatus>;
  /** Moves the test server's clock to `at` (skipping time), and the simulators' clock with it. */
  skipTo(at: Date): Promise<void>;
  skip(ms: number): Promise<void>;
  /**
   * Ends a test's workflow the way a ticket ends: closed in Zendesk, the workflow finishing its
   * work and returning. (Terminating it instead can leave an activity mid-flight, and the
   * time-skipping server keeps time locked for such an activity: later tests then sleep for real.)
   */
  finish(handle: WorkflowHandle<typeof partnerTicket>): Promise<PartnerTicketOutcome>;
  now(): Promise<number>;
  close(): Promise<void>;
}

export async function startLifecycleHarness({
  server = 'time-skipping',
  s3,
}: {
  server?: 'time-skipping' | 'dev';
  /** The S3 server and support bucket the file activities use (e.g. a test's moto). */
  s3?: { endpoint: string; supportBucket: string };
} = {}): Promise<LifecycleHarness> {
  const env = server === 'dev' ? await startDevServerEnvironment() : await startTimeSkippingEnvironment();
  const world = await startSimulatedWorld();
  const config = s3 ? { ...world.config, s3: { ...world.config.s3, ...s3 } } : world.config;
  const { worker, taskQueue } = await createTestWorker(
    env,
    // The Temporal client too: provisioning (A1) wakes a representative's tickets through it.
    createActivities({ ...createActivityDeps(config), temporal: env.client }),
  );
  const running = worker.run();
  let eventCounter = 0;

  const now = async (): Promise<number> => env.currentTimeMs();
  const syncClock = async (): Promise<void> => world.setNow(await now());

  const sendEvent: LifecycleHarness['sendEvent'] = async (ticketId, type, extra = {}) => {
    const event: TicketEvent = {
      eventId: extra.eventId ?? `evt-${ticketId}-${++eventCounter}`,
      ticketId,
      type,
      occurredAt: extra.occurredAt ?? new Date(await now()).toISOString(),
      actor: extra.actor ?? 'system',
      status: extra.status,
      impact: extra.impact,
      situation: extra.situation,
      deletion: extra.deletion,
      tagsAdded: extra.tagsAdded,
    };
    // The start options every production start path uses (client/temporal/start-options.ts).
    await env.client.workflow.signalWithStart(partnerTicket, {
      ...partnerTicketStartOptions(ticketId, taskQueue),
      args: [{ ticketId, continueAsNewAfter: extra.continueAsNewAfter }],
      signal: ticketEventSignal,
      signalArgs: [event],
    });
    return event;
  };

  const untilState: LifecycleHarness['untilState'] = async (handle, check) => {
    let last: PartnerTicketStatus | undefined;
    await eventually(
      async () => {
        // A deadline per query: one lost to a dropped connection is simply asked again.
        last = await env.client.connection.withDeadline(Date.now() + 5_000, () => handle.query(statusQuery));
        return check(last);
      },
      { timeoutMs: 30_000 },
    );
    return last as PartnerTicketStatus;
  };

  /** Alerts accepted so far by the alerts' digest once it has posted them all; undefined while it has some pending. */
  const digestIdleAt = async (): Promise<number | undefined> => {
    try {
      const digest = env.client.workflow.getHandle(slackAlertDigestWorkflowId('alerts'));
      const view = await env.client.connection.withDeadline(Date.now() + 5_000, () =>
        digest.query(alertDigestQuery),
      );
      return view.pending === 0 ? view.received : undefined;
    } catch (err) {
      if ((err as Error).name === 'WorkflowNotFoundError') return 0;
      throw err;
    }
  };

  /** The ticket settled and the digest idle before and after, with no alert arriving in between. */
  const until: LifecycleHarness['until'] = async (handle, check) => {
    let last: PartnerTicketStatus | undefined;
    await eventually(
      async () => {
        const before = await digestIdleAt();
        if (before === undefined) return false;
        last = await env.client.connection.withDeadline(Date.now() + 5_000, () => handle.query(statusQuery));
        if (!(last.pendingEffects === 0 && last.pendingEvents === 0 && check(last))) return false;
        return (await digestIdleAt()) === before;
      },
      { timeoutMs: 30_000 },
    );
    return last as PartnerTicketStatus;
  };

  return {
    env,
    world,
    worker,
    taskQueue,
    async openTicket(ticket, workflow = {}) {
      await syncClock();
      const ticketId = await world.createTicket(ticket);
      await sendEvent(ticketId, 'ticket.created', { actor: 'end_user', ...workflow });
      return env.client.workflow.getHandle(partnerTicketWorkflowId(ticketId)) as WorkflowHandle<
        typeof partnerTicket
      >;
    },
    sendEvent,
    status: (handle) => untilState(handle, () => true),
    until,
    untilState,
    async skipTo(at) {
      const current = await now();
      if (at.getTime() > current) await env.sleep(at.getTime() - current);
      await syncClock();
    },
    async skip(ms) {
      await env.sleep(ms);
      await syncClock();
    },
    async finish(handle) {
      const { ticketId } = await handle.query(statusQuery);
      await sendEvent(ticketId, 'ticket.closed', { actor: 'system' });
      return handle.result();
    },
    now,
    async close() {
      worker.shutdown();
      await running;
      await world.close();
      await env.teardown();
    },
  };
}

/** The next instant at `weekday` (0 = Sunday … 6 = Saturday) and `hourUtc`, strictly after `fromMs`. */
export function nextUtc(fromMs: number, weekday: number, hourUtc: number): Date {
  const d = new Date(fromMs);
  d.setUTCHours(hourUtc, 0, 0, 0);
  let days = (weekday - d.getUTCDay() + 7) % 7;
  if (days === 0 && d.getTime() <= fromMs) days = 7;
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}
