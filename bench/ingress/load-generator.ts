/**
 * The ingress benchmark's load generator, in its own process (started by bench/webhooks.ts), so
 * that it does not compete with the server inside one event loop. It alternates the two paths,
 * round after round on fresh tickets: signed Zendesk webhooks to the server, then the same events
 * straight to Temporal with signal-with-start from this process's own client. Prints one JSON line.
 */
import { Client, Connection } from '@temporalio/client';
import type { TicketEvent } from '../../domain/ticket-events';
import {
  PARTNER_TICKET_WORKFLOW_TYPE,
  partnerTicketStartOptions,
  type PartnerTicketWorkflow,
} from '../../client/temporal/start-options';
import { ticketEventSignal } from '../../workflows/definitions';
import { processCpuMs } from '../support/processes';
import { runPhase, type PhaseResult } from '../support/stats';
import { signedWebhooks, ticketEvents, type SignedWebhook } from './events';

export interface LoadPlan {
  webhookUrl: string;
  secret: string;
  impactFieldId: number;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  events: number;
  tickets: number;
  concurrency: number;
  warmup: number;
  rounds: number;
  /** The server's and Temporal's process ids, to read their CPU time from /proc around each phase. */
  serverPid?: number;
  temporalPid?: number;
}

/** A phase with the CPU it cost the server and this process (the client). */
export interface MeasuredPhase extends PhaseResult {
  serverCpuMs?: number;
  temporalCpuMs?: number;
  clientCpuMs: number;
}

export interface LoadResult {
  webhook: MeasuredPhase[];
  direct: MeasuredPhase[];
}

async function measured(phase: () => Promise<PhaseResult>, plan: LoadPlan): Promise<MeasuredPhase> {
  const server0 = processCpuMs(plan.serverPid);
  const temporal0 = processCpuMs(plan.temporalPid);
  const client0 = process.cpuUsage();
  const result = await phase();
  const client = process.cpuUsage(client0);
  const server1 = processCpuMs(plan.serverPid);
  const temporal1 = processCpuMs(plan.temporalPid);
  return {
    ...result,
    clientCpuMs: (client.user + client.system) / 1000,
    ...(server0 !== undefined && server1 !== undefined ? { serverCpuMs: server1 - server0 } : {}),
    ...(temporal0 !== undefined && temporal1 !== undefined ? { temporalCpuMs: temporal1 - temporal0 } : {}),
  };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.env.BENCH_LOAD_PLAN ?? '') as LoadPlan;
  const connection = await Connection.connect({ address: plan.temporalAddress });
  const client = new Client({ connection, namespace: plan.namespace });

  const refusals = new Set<string>();
  const sendWebhook = async (request: SignedWebhook): Promise<boolean> => {
    const response = await fetch(plan.webhookUrl, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    const answer = await response.text();
    if (response.status !== 202 && refusals.size < 5) refusals.add(`${response.status} ${answer}`);
    return response.status === 202;
  };
  const signalDirectly = async (event: TicketEvent): Promise<boolean> => {
    // The server's start options, so that only the server's work differs between the paths.
    await client.workflow.signalWithStart<PartnerTicketWorkflow, [TicketEvent]>(
      PARTNER_TICKET_WORKFLOW_TYPE,
      {
        ...partnerTicketStartOptions(event.ticketId, plan.taskQueue),
        args: [{ ticketId: event.ticketId }],
        signal: ticketEventSignal,
        signalArgs: [event],
      },
    );
    return true;
  };
  const signed = (events: TicketEvent[]) => signedWebhooks(events, plan.secret, plan.impactFieldId);

  // Distinct ticket ranges: neither path (nor any round) signals another's workflows.
  const range = (path: number, round: number) => 10_000_000 * path + 1_000_000 * round;
  if (plan.warmup > 0) {
    const warm = Math.min(plan.warmup, plan.events);
    await runPhase(
      'warm-up',
      signed(ticketEvents(warm, warm, range(3, 0), 'warm-wh')),
      plan.concurrency,
      sendWebhook,
    );
    await runPhase(
      'warm-up',
      ticketEvents(warm, warm, range(4, 0), 'warm-direct'),
      plan.concurrency,
      signalDirectly,
    );
  }
  const result: LoadResult = { webhook: [], direct: [] };
  for (let round = 0; round < plan.rounds; round += 1) {
    // Signed just before sending: the timestamp stays inside the signature window.
    const webhooks = signed(ticketEvents(plan.events, plan.tickets, range(1, round), `wh${round}`));
    result.webhook.push(
      await measured(
        () => runPhase('webhooks through the server', webhooks, plan.concurrency, sendWebhook),
        plan,
      ),
    );
    const direct = ticketEvents(plan.events, plan.tickets, range(2, round), `direct${round}`);
    result.direct.push(
      await measured(
        () => runPhase('direct signal-with-start', direct, plan.concurrency, signalDirectly),
        plan,
      ),
    );
  }
  await connection.close();
  for (const refusal of refusals) console.error(`load generator: webhook refused: ${refusal}`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  console.error('load generator: failed', err);
  process.exit(1);
});
