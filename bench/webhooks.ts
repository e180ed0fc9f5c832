/**
 * Webhook ingress benchmark (not a test): accepted Zendesk webhooks per second and their latency
 * through the server, against direct client signal-with-start on the same Temporal dev server in
 * the same run. Appends a dated section to bench/results.md.
 *
 *   npm run bench -- --events 2000 --concurrency 16 --tickets 500
 *
 * No worker runs: both paths are measured up to Temporal accepting the signal (what a webhook's
 * 202 promises), not the workflow's work afterwards.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer } from '../client/server/build-server';
import { partnerTicketStartOptions } from '../client/temporal/start-options';
import { createServerLogger } from '../client/server/logger';
import { signZendeskWebhook } from '../client/server/zendesk-webhook/signature';
import { loadConfig } from '../config';
import type { TicketEvent, TicketEventType } from '../domain/ticket-events';
import { ticketEventPayload, type ZendeskEventChange } from '../simulators/zendesk/webhook-payload';
import { partnerTicket } from '../workflows';
import { ticketEventSignal } from '../workflows/definitions';
import { startDevServerEnvironment } from '../test/support/temporal';

interface Options {
  events: number;
  concurrency: number;
  tickets: number;
  warmup: number;
  resultsFile: string;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '16' },
      tickets: { type: 'string' },
      warmup: { type: 'string', default: '100' },
      results: { type: 'string', default: path.join(__dirname, 'results.md') },
    },
  });
  const whole = (name: string, raw: string | undefined, min: number): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${name} must be a whole number >= ${min}`);
    return value;
  };
  const events = whole('events', values.events, 1);
  return {
    events,
    concurrency: whole('concurrency', values.concurrency, 1),
    // Four events per ticket by default: a creation (starts the workflow) and three updates.
    tickets: whole('tickets', values.tickets ?? String(Math.max(1, Math.ceil(events / 4))), 1),
    warmup: whole('warmup', values.warmup, 0),
    resultsFile: values.results as string,
  };
}

const updateTypes: TicketEventType[] = [
  'comment.public',
  'comment.private',
  'status.changed',
  'impact.changed',
];

/** `count` events over `tickets` tickets starting at `firstTicketId`, each ticket's creation first. */
function ticketEvents(count: number, tickets: number, firstTicketId: number, prefix: string): TicketEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const ticketId = firstTicketId + (i % tickets);
    const round = Math.floor(i / tickets);
    const type = round === 0 ? 'ticket.created' : updateTypes[round % updateTypes.length];
    return {
      eventId: `${prefix}-${ticketId}-${round}`,
      ticketId,
      type,
      occurredAt: new Date().toISOString(),
      actor: 'agent',
      ...(type === 'status.changed' ? { status: 'open' } : {}),
      ...(type === 'impact.changed' ? { impact: 'medium' } : {}),
    };
  });
}

/** The Zendesk change behind one of the benchmark's events (see ticketEvents). */
function zendeskChange(event: TicketEvent, impactFieldId: number): ZendeskEventChange {
  const comment = (isPublic: boolean): ZendeskEventChange => ({
    type: 'comment_added',
    comment: {
      id: event.eventId,
      body: 'Looking into it',
      is_public: isPublic,
      author: { id: '1001', is_staff: true, name: 'Agent' },
    },
  });
  switch (event.type) {
    case 'comment.public':
      return comment(true);
    case 'comment.private':
      return comment(false);
    case 'status.changed':
      return { type: 'status_changed', current: (event.status ?? 'open').toUpperCase(), previous: 'NEW' };
    case 'impact.changed':
      return {
        type: 'custom_field_changed',
        custom_field: { id: String(impactFieldId), title: 'Impact', type: 'tagger' },
        current: { value: event.impact ?? null },
        previous: { value: null },
      };
    default:
      return { type: 'created' };
  }
}

interface PhaseResult {
  name: string;
  accepted: number;
  failed: number;
  seconds: number;
  latenciesMs: number[];
}

/** Runs `work` over every item with at most `concurrency` in flight; records each one's latency. */
async function runPhase<T>(
  name: string,
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<boolean>,
): Promise<PhaseResult> {
  const latenciesMs: number[] = [];
  let accepted = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const t0 = performance.now();
        const ok = await work(item).catch(() => false);
        latenciesMs.push(performance.now() - t0);
        if (ok) accepted += 1;
        else failed += 1;
      }
    }),
  );
  return { name, accepted, failed, seconds: (performance.now() - started) / 1000, latenciesMs };
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function summarise(result: PhaseResult) {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  return {
    rate: result.accepted / result.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  const secret = 'bench-webhook-secret';
  const env: TestWorkflowEnvironment = await startDevServerEnvironment();
  const config = loadConfig({ TEMPORAL_TASK_QUEUE: 'bench-no-worker', ZENDESK_WEBHOOK_SECRET: secret });
  const server = await buildServer({
    config,
    temporalClient: env.client,
    logger: createServerLogger('silent'),
  });
  try {
    const baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
    const url = `${baseUrl}/webhooks/zendesk`;

    /** Signed requests prepared before timing: the benchmark measures the server, not the signer. */
    const signedBodies = (events: TicketEvent[]) =>
      events.map((event) => {
        // Zendesk's ticket event for each change, with the event's id and time.
        const body = JSON.stringify(
          ticketEventPayload({
            id: event.eventId,
            ticketId: event.ticketId,
            time: event.occurredAt,
            change: zendeskChange(event, config.zendesk.fields.impact),
            actorId: 1001,
          }),
        );
        const timestamp = new Date().toISOString();
        return {
          body,
          headers: {
            'content-type': 'application/json',
            'x-zendesk-webhook-signature': signZendeskWebhook(secret, timestamp, body),
            'x-zendesk-webhook-signature-timestamp': timestamp,
          },
        };
      });
    const sendWebhook = async (request: { body: string; headers: Record<string, string> }) => {
      const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
      await response.arrayBuffer();
      return response.status === 202;
    };
    const signalDirectly = async (event: TicketEvent) => {
      // The same start options as the server's path, so that only the HTTP hop differs.
      await env.client.workflow.signalWithStart(partnerTicket, {
        ...partnerTicketStartOptions(event.ticketId, config.temporal.taskQueue),
        args: [{ ticketId: event.ticketId }],
        signal: ticketEventSignal,
        signalArgs: [event],
      });
      return true;
    };

    // Distinct ticket ranges, so that neither path signals the other's workflows.
    const webhookEvents = ticketEvents(options.events, options.tickets, 10_000_000, 'wh');
    const directEvents = ticketEvents(options.events, options.tickets, 20_000_000, 'direct');
    if (options.warmup > 0) {
      const warm = Math.min(options.warmup, options.events);
      await runPhase(
        'warm-up',
        signedBodies(ticketEvents(warm, warm, 30_000_000, 'warm-wh')),
        options.concurrency,
        sendWebhook,
      );
      await runPhase(
        'warm-up',
        ticketEvents(warm, warm, 40_000_000, 'warm-direct'),
        options.concurrency,
        signalDirectly,
      );
    }

    console.log(
      `bench: ${options.events} events over ${options.tickets} tickets, concurrency ${options.concurrency}, no worker`,
    );
    const webhook = await runPhase(
      'webhooks through the server',
      signedBodies(webhookEvents),
      options.concurrency,
      sendWebhook,
    );
    const direct = await runPhase(
      'direct signal-with-start',
      directEvents,
      options.concurrency,
      signalDirectly,
    );

    const w = summarise(webhook);
    const d = summarise(direct);
    const ratio = w.rate / d.rate;
    const ms = (value: number) => value.toFixed(1);
    const row = (result: PhaseResult, s: ReturnType<typeof summarise>) =>
      `| ${result.name} | ${result.accepted} | ${result.failed} | ${result.seconds.toFixed(2)} | ` +
      `${s.rate.toFixed(0)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} |`;
    const rows = [
      '| Path | Accepted | Failed | Wall time (s) | Accepted/s | p50 (ms) | p99 (ms) | max (ms) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      row(webhook, w),
      row(direct, d),
    ];
    const summary = `Webhook rate / direct rate: **${ratio.toFixed(2)}** (${(100 * ratio).toFixed(0)} %)`;
    console.log(`\n${rows.join('\n')}\n\n${summary}\n`);

    const cpu = cpus();
    const section = [
      `## ${new Date().toISOString()}`,
      '',
      `- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${osType()} ${release()}`,
      `- Node ${process.version}; Temporal CLI dev server (in-memory), server and load generator in one process`,
      `- ${options.events} events over ${options.tickets} tickets, concurrency ${options.concurrency}, warm-up ${options.warmup}, no worker`,
      `- Command: \`npm run bench -- --events ${options.events} --concurrency ${options.concurrency} --tickets ${options.tickets} --warmup ${options.warmup}\``,
      '',
      ...rows,
      '',
      summary,
      '',
    ].join('\n');
    const header = existsSync(options.resultsFile)
      ? ''
      : '# Webhook ingress benchmark results\n\nAppended by `npm run bench` (bench/webhooks.ts); see docs/benchmarks.md.\n\n';
    await appendFile(options.resultsFile, `${header}${section}\n`);
    // Kept in the project's Markdown style, so that `npm run lint` passes after a run.
    const text = await readFile(options.resultsFile, 'utf8');
    const style = (await resolveConfig(options.resultsFile)) ?? {};
    await writeFile(options.resultsFile, await format(text, { ...style, parser: 'markdown' }));
    console.log(`bench: appended to ${path.relative(process.cwd(), options.resultsFile)}`);
    if (webhook.failed > 0 || direct.failed > 0) process.exitCode = 1;
  } finally {
    await server.close();
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  console.error('bench: failed', err);
  process.exit(1);
});
