/**
 * The intake benchmark's load generator, in its own process (started by bench/intake.ts).
 *
 * 1. Ours: creates tickets through the Zendesk simulator's API (as agents and end users do); the
 *    simulator sends its signed webhooks to the server, the worker triages each ticket and writes
 *    its triage note back to Zendesk. Done when every note has arrived (the simulators' /triaged).
 * 2. Counts the activities a triage really ran, in the recorded histories of a sample of tickets.
 * 3. The floor: as many bareTriage workflows, each with that many no-op activities, started from
 *    this process's client on the same Temporal server, at the same concurrency.
 * Prints one JSON line.
 */
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { eventually } from '../../test/support/eventually';
import { processCpuMs, processRssMiB } from '../support/processes';
import type { bareTriage } from './floor-workflow';

export interface IntakePlan {
  zendeskApiUrl: string;
  zendeskAuth: string;
  triagedUrl: string;
  impactFieldId: number;
  temporalAddress: string;
  namespace: string;
  floorTaskQueue: string;
  tickets: number;
  concurrency: number;
  /** Longest the whole of one path may take. */
  timeoutMs: number;
  pids: Record<string, number | undefined>;
}

export interface PathRun {
  completed: number;
  seconds: number;
  perSecond: number;
  /** Per ticket: creation request sent → triage note in Zendesk (ours), start → completion (floor). */
  latenciesMs: number[];
  /** CPU ms each process spent during the path, and the worker's resident memory at its end. */
  cpuMs: Record<string, number | undefined>;
  workerRssMiB?: number;
}

export interface IntakeResult {
  ours: PathRun;
  /** Activities scheduled per triaged ticket, in the sampled histories. */
  activitiesPerTriage: number[];
  floorActivities: number;
  floor: PathRun;
}

/** Work over items with at most `concurrency` in flight. */
async function inParallel<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

function cpuSnapshot(pids: IntakePlan['pids']): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuMs(pid)]));
}

function cpuSince(before: Record<string, number | undefined>, pids: IntakePlan['pids']) {
  const after = cpuSnapshot(pids);
  return Object.fromEntries(
    Object.keys(pids).map((name) => {
      const [a, b] = [before[name], after[name]];
      return [name, a === undefined || b === undefined ? undefined : b - a];
    }),
  );
}

/** The fixture's partner tickets, alternately: Globex on the Alliance form (medium), an emergency on the Select form. */
function newTicket(i: number, impactFieldId: number) {
  const alliance = i % 2 === 0;
  return {
    ticket: {
      subject: `Bench ticket ${i}: pipelines stuck in pending`,
      comment: { body: 'Since this morning our pipelines stay pending.' },
      requester_id: 2003,
      ...(alliance ? { organization_id: 1003, group_id: 3002 } : {}),
      ticket_form_id: alliance ? 360001172559 : 360000837100,
      custom_fields: [{ id: impactFieldId, value: alliance ? 'medium' : 'emergency' }],
    },
  };
}

async function runOurs(plan: IntakePlan): Promise<{ run: PathRun; ticketIds: number[] }> {
  const created = new Map<number, number>();
  const cpu0 = cpuSnapshot(plan.pids);
  const started = Date.now();
  await inParallel(
    Array.from({ length: plan.tickets }, (_, i) => i),
    plan.concurrency,
    async (i) => {
      const sent = Date.now();
      const response = await fetch(`${plan.zendeskApiUrl}/tickets.json`, {
        method: 'POST',
        headers: { authorization: plan.zendeskAuth, 'content-type': 'application/json' },
        body: JSON.stringify(newTicket(i, plan.impactFieldId)),
      });
      if (!response.ok) throw new Error(`ticket ${i}: HTTP ${response.status} ${await response.text()}`);
      const { ticket } = (await response.json()) as { ticket: { id: number } };
      created.set(ticket.id, sent);
    },
  );
  let triaged: Record<string, number> = {};
  await eventually(
    async () => {
      triaged = (await (await fetch(plan.triagedUrl)).json()) as Record<string, number>;
      return [...created.keys()].every((id) => triaged[id] !== undefined);
    },
    { timeoutMs: plan.timeoutMs, intervalMs: 250 },
  ).catch(() => undefined);
  const done = [...created.entries()].filter(([id]) => triaged[id] !== undefined);
  const last = Math.max(...done.map(([id]) => triaged[id]));
  const seconds = (last - started) / 1000;
  return {
    ticketIds: [...created.keys()],
    run: {
      completed: done.length,
      seconds,
      perSecond: done.length / seconds,
      latenciesMs: done.map(([id, sent]) => triaged[id] - sent),
      cpuMs: cpuSince(cpu0, plan.pids),
      workerRssMiB: processRssMiB(plan.pids.worker),
    },
  };
}

/** Activities scheduled in each sampled ticket's history so far (the triage and what it started). */
async function activitiesPerTriage(client: Client, ticketIds: number[]): Promise<number[]> {
  const scheduled = temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED;
  const sample = ticketIds
    .filter((_, i) => i % Math.max(1, Math.floor(ticketIds.length / 10)) === 0)
    .slice(0, 10);
  return Promise.all(
    sample.map(async (ticketId) => {
      const history = await client.workflow.getHandle(partnerTicketWorkflowId(ticketId)).fetchHistory();
      return (history.events ?? []).filter((event) => event.eventType === scheduled).length;
    }),
  );
}

async function runFloor(client: Client, plan: IntakePlan, activities: number): Promise<PathRun> {
  const latenciesMs: number[] = [];
  const cpu0 = cpuSnapshot(plan.pids);
  const started = Date.now();
  const results: Array<Promise<void>> = [];
  await inParallel(
    Array.from({ length: plan.tickets }, (_, i) => i),
    plan.concurrency,
    async (i) => {
      const sent = Date.now();
      const handle = await client.workflow.start<typeof bareTriage>('bareTriage', {
        taskQueue: plan.floorTaskQueue,
        workflowId: `intake-floor-${started}-${i}`,
        // Each floor workflow is new: its ID is never reused.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [activities],
      });
      results.push(handle.result().then(() => void latenciesMs.push(Date.now() - sent)));
    },
  );
  await Promise.all(results);
  const seconds = (Date.now() - started) / 1000;
  return {
    completed: latenciesMs.length,
    seconds,
    perSecond: latenciesMs.length / seconds,
    latenciesMs,
    cpuMs: cpuSince(cpu0, plan.pids),
    workerRssMiB: processRssMiB(plan.pids.floorWorker),
  };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.env.BENCH_INTAKE_PLAN ?? '') as IntakePlan;
  const connection = await Connection.connect({ address: plan.temporalAddress });
  const client = new Client({ connection, namespace: plan.namespace });
  const { run: ours, ticketIds } = await runOurs(plan);
  const counts = await activitiesPerTriage(client, ticketIds);
  const floorActivities = Math.round(counts.reduce((sum, n) => sum + n, 0) / Math.max(1, counts.length));
  const floor = await runFloor(client, plan, floorActivities);
  await connection.close();
  const result: IntakeResult = { ours, activitiesPerTriage: counts, floorActivities, floor };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  console.error('intake load generator: failed', err);
  process.exit(1);
});
