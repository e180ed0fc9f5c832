/**
 * SLA timers benchmark (not a test): how late the Slack alert of an SLA warning or breach is,
 * with thousands of open tickets, against the floor of a bare workflow sleeping to the same
 * instants. See docs/benchmarks.md ("SLA timers").
 *
 *   npm run bench:sla                 # 10,000 open tickets, 1,000 breaches within 2 minutes
 *   npm run bench:sla:burst           # 500 tickets due in the same second
 *   npm run bench:sla -- --tickets 2000 --breaching 200 --window 60   # smaller
 *
 * Processes: the Temporal CLI dev server; the simulators (bench/sla-timers/simulators.ts); the
 * REAL worker, compiled and with the prebuilt workflow bundle as production runs it
 * (`node dist/workers/main.js`, built into node_modules/.cache/sla-bench); the floor worker
 * (bench/sla-timers/floor-worker.ts) with the same WORKER_* settings; this load generator.
 */
import { execFileSync, execSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { deliverTicketEvent } from '../client/temporal/deliver-ticket-event';
import { loadConfig, type WorkerTuningConfig } from '../config';
import type { TicketEvent } from '../domain/ticket-events';
import { partnerTicketWorkflowId } from '../domain/ticket-ids';
import { zendeskChangeId } from '../domain/zendesk-change-ids';
import { startDevServerEnvironment } from '../test/support/temporal';
import type { BenchRequest, BenchResponse, SlackArrival, TicketSpec } from './sla-timers/protocol';
import { startSampler } from './sla-timers/process-sampler';
import { writeBenchResult, type BenchMeasure } from './results-format';
import { wholeNumberOption } from './support/options';

const root = path.resolve(__dirname, '..');
/** HEAD's files and their build, inside node_modules so that the build resolves the project's packages. */
const sourceDir = path.join(root, 'node_modules', '.cache', 'sla-bench', 'source');
const buildDir = path.join(sourceDir, 'dist');
const MINUTE = 60_000;
/** Priority, emergency impact: 30 minutes on 24x7, warning at 75 % (domain/sla/policies). */
const EMERGENCY_TARGET_MS = 30 * MINUTE;
const WARNING_AT_MS = 0.75 * EMERGENCY_TARGET_MS;
const GLOBEX_REQUESTER = 2003;
const SELECT_FORM = 360000837100;

interface Options {
  /** The results file's name: bench/results/<name>.json. */
  name: string;
  /** The commit measured (built with tsc and the workflow bundler, as `npm run build` does). */
  ref: string;
  tickets: number;
  breaching: number;
  warnings: number;
  windowSeconds: number;
  concurrency: number;
  build: boolean;
  floor: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      name: { type: 'string', default: 'sla-timers' },
      ref: { type: 'string', default: 'HEAD' },
      tickets: { type: 'string', default: '10000' },
      breaching: { type: 'string', default: '1000' },
      warnings: { type: 'string' },
      window: { type: 'string', default: '120' },
      concurrency: { type: 'string', default: '32' },
      'skip-build': { type: 'boolean', default: false },
      'no-floor': { type: 'boolean', default: false },
    },
  });
  const breaching = wholeNumberOption('breaching', values.breaching, 1);
  const options: Options = {
    name: values.name as string,
    ref: values.ref as string,
    tickets: wholeNumberOption('tickets', values.tickets, 1),
    breaching,
    warnings: wholeNumberOption('warnings', values.warnings ?? String(breaching), 0),
    windowSeconds: wholeNumberOption('window', values.window, 0),
    concurrency: wholeNumberOption('concurrency', values.concurrency, 1),
    build: !values['skip-build'],
    floor: !values['no-floor'],
  };
  if (options.breaching + options.warnings > options.tickets)
    throw new Error('--breaching plus --warnings must not exceed --tickets');
  return options;
}

const log = (text: string): void =>
  console.log(`sla-bench ${new Date().toISOString().slice(11, 19)} ${text}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The simulators process, and a request/response call over its IPC channel. */
async function startSimulators() {
  const child = fork(path.join(__dirname, 'sla-timers', 'simulators.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, (response: BenchResponse) => void>();
  const ready = new Promise<Extract<BenchResponse, { type: 'ready' }>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulators exited (${code})`)));
    child.on('message', (raw) => {
      const message = raw as BenchResponse;
      if (message.type === 'ready') resolve(message);
      else waiting.get(message.requestId)?.(message);
    });
  });
  async function call<T extends BenchResponse['type']>(
    request: BenchRequest extends infer R ? (R extends BenchRequest ? Omit<R, 'requestId'> : never) : never,
    expect: T,
  ): Promise<Extract<BenchResponse, { type: T }>> {
    const requestId = nextId++;
    const answer = new Promise<BenchResponse>((resolve) => waiting.set(requestId, resolve));
    child.send({ ...request, requestId });
    const response = await answer;
    waiting.delete(requestId);
    if (response.type === 'error') throw new Error(`simulators: ${response.message}`);
    if (response.type !== expect) throw new Error(`simulators answered ${response.type}, expected ${expect}`);
    return response as Extract<BenchResponse, { type: T }>;
  }
  return { child, urls: await ready, call };
}

function spawnLogged(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(logFile);
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null) log(`${name} exited with ${code}; see ${logFile}`);
  });
  return child;
}

async function waitForLog(file: string, text: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(file) && readFileSync(file, 'utf8').includes(text)) return;
    await sleep(250);
  }
  throw new Error(`"${text}" not seen in ${file} within ${timeoutMs} ms`);
}

/** Runs `work` over items with at most `concurrency` in flight. */
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

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

interface Due {
  ticketId: number;
  kind: 'warning' | 'breach';
  dueAt: number;
}

interface Lateness {
  /** One sample per alert that arrived, in milliseconds. */
  samples: number[];
  count: number;
  missing: number;
  p50: number;
  p99: number;
  max: number;
}

/** Lateness (ms) of each due alert: its ticket's first mention at or after the due instant. */
function lateness(dues: Due[], arrivals: SlackArrival[], floor: boolean): Lateness {
  const mentions = new Map<number, number[]>();
  for (const message of arrivals) {
    if (message.text.startsWith('FLOOR') !== floor) continue;
    const at = Date.parse(message.receivedAt);
    for (const match of message.text.matchAll(/#(\d+)/g)) {
      const id = Number(match[1]);
      const list = mentions.get(id) ?? [];
      list.push(at);
      mentions.set(id, list);
    }
  }
  const late: number[] = [];
  let missing = 0;
  for (const due of dues) {
    const first = (mentions.get(due.ticketId) ?? []).filter((at) => at >= due.dueAt).sort((a, b) => a - b)[0];
    if (first === undefined) missing += 1;
    else late.push(first - due.dueAt);
  }
  late.sort((a, b) => a - b);
  return {
    samples: late,
    count: late.length,
    missing,
    p50: percentile(late, 50),
    p99: percentile(late, 99),
    max: late[late.length - 1] ?? Number.NaN,
  };
}

function ticketSpec(createdAtMs: number, impact: string, n: number): TicketSpec {
  return {
    createdAtMs,
    subject:
      impact === 'emergency' ? `Production down: runners offline (${n})` : `Question about licences (${n})`,
    body:
      impact === 'emergency' ? 'All our CI runners are offline since the upgrade.' : 'How do we add seats?',
    requesterId: GLOBEX_REQUESTER,
    formId: SELECT_FORM,
    impact,
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  const { tuning } = loadConfig(process.env).worker;
  if (options.build) {
    // The committed code (HEAD), not the shared working tree: the figures name the commit they measure.
    log(`building ${options.ref} as production does (tsc + prebuilt workflow bundle)…`);
    rmSync(sourceDir, { recursive: true, force: true });
    mkdirSync(sourceDir, { recursive: true });
    const commit = execFileSync('git', ['rev-parse', '--short', '--verify', `${options.ref}^{commit}`], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    execSync(`git archive --format=tar ${commit} | tar -x -C ${JSON.stringify(sourceDir)}`, { cwd: root });
    // The commit the build is of, for the results (also with --skip-build).
    writeFileSync(path.join(sourceDir, 'COMMIT'), commit);
    const tsc = require.resolve('typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
        cwd: sourceDir,
        stdio: 'inherit',
      });
    } catch {
      // tsc still emits; what matters is whether the worker starts (its log says if not).
      log('WARNING: HEAD has type errors (above); measuring what tsc emitted');
    }
    // tsc emits no imported JSON from under a node_modules path: the SLA policies are copied as the build would.
    execSync(
      `find domain activities workflows -name '*.json' -exec sh -c 'mkdir -p dist/$(dirname "$1") && cp "$1" dist/"$1"' _ {} \\;`,
      { cwd: sourceDir },
    );
    execFileSync(process.execPath, [path.join(buildDir, 'scripts', 'build-workflow-bundle.js')], {
      cwd: sourceDir,
      stdio: 'inherit',
    });
  }
  const bundlePath = path.join(buildDir, 'workflow-bundle.js');
  const logDir = path.join(tmpdir(), `sla-bench-${process.pid}`);
  mkdirSync(logDir, { recursive: true });

  const env: TestWorkflowEnvironment = await startDevServerEnvironment();
  const address = env.connection.options.address;
  const sims = await startSimulators();
  const taskQueue = 'partner-support-bench';
  const floorQueue = 'sla-bench-floor';
  const processEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    ZENDESK_URL: sims.urls.zendeskApiUrl,
    SALESFORCE_LOGIN_URL: sims.urls.salesforceUrl,
    SLACK_ALERT_WEBHOOK_URL: `${sims.urls.slackUrl}${sims.urls.alertWebhookPath}`,
    SLACK_OWNER_WEBHOOK_URL: `${sims.urls.slackUrl}${sims.urls.ownerWebhookPath}`,
    ZENDESK_RECONCILE_EVERY: 'off',
    PARTNER_RECONCILE_EVERY: 'off',
    WORKFLOW_BUNDLE_PATH: bundlePath,
  };
  const workerLog = path.join(logDir, 'worker.log');
  const worker = spawnLogged('worker', [path.join(buildDir, 'workers', 'main.js')], processEnv, workerLog);
  const floorLog = path.join(logDir, 'floor-worker.log');
  const floorWorker = options.floor
    ? spawnLogged(
        'floor worker',
        ['--import', 'tsx', path.join(__dirname, 'sla-timers', 'floor-worker.ts')],
        {
          ...processEnv,
          SLA_FLOOR_TASK_QUEUE: floorQueue,
          SLA_FLOOR_WEBHOOK_URL: sims.urls.floorWebhookUrl,
        },
        floorLog,
      )
    : undefined;
  // Ctrl-C: the children go too (the dev server is the environment's child, stopped with it).
  process.once('SIGINT', () => {
    worker.kill('SIGTERM');
    floorWorker?.kill('SIGTERM');
    sims.child.kill('SIGTERM');
    void env.teardown().finally(() => process.exit(130));
  });
  try {
    await waitForLog(workerLog, 'worker: polling', 60_000);
    if (floorWorker) await waitForLog(floorLog, 'floor worker: polling', 120_000);
    const sampler = startSampler(worker.pid ?? 0);
    const delivery = { client: env.client, taskQueue };

    /** Creates the tickets in Zendesk, then hands each its `ticket.created` event (signal-with-start). */
    async function openTickets(specs: TicketSpec[]): Promise<number[]> {
      const created: Array<{ id: number; createdAt: string }> = [];
      for (let i = 0; i < specs.length; i += 500) {
        created.push(
          ...(await sims.call({ type: 'create', tickets: specs.slice(i, i + 500) }, 'created')).tickets,
        );
      }
      await inParallel(created, options.concurrency, async ({ id, createdAt }) => {
        const event: TicketEvent = {
          eventId: zendeskChangeId(id, Math.floor(Date.parse(createdAt) / 1000), { kind: 'created' }),
          ticketId: id,
          type: 'ticket.created',
          occurredAt: createdAt,
          actor: 'end_user',
          status: 'new',
        };
        await deliverTicketEvent(delivery, event);
      });
      return created.map((t) => t.id);
    }

    async function untilTriaged(ids: number[], label: string): Promise<void> {
      for (;;) {
        const { count } = await sims.call({ type: 'triaged', ids }, 'triaged');
        if (count >= ids.length) return;
        log(`${label}: ${count}/${ids.length} triaged`);
        await sleep(5000);
      }
    }

    // Phase 1: the tickets that stay open (low impact, 24 h on 24x5), created now.
    const setupStarted = Date.now();
    const fillerCount = options.tickets - options.breaching - options.warnings;
    const fillerIds = await openTickets(
      Array.from({ length: fillerCount }, (_, i) => ticketSpec(Date.now(), 'low', i)),
    );
    log(`${fillerCount} open tickets started in ${((Date.now() - setupStarted) / 1000).toFixed(0)} s`);
    await untilTriaged(fillerIds, 'open tickets');
    const fillerSeconds = (Date.now() - setupStarted) / 1000;
    const rate = fillerCount / Math.max(1, fillerSeconds);
    log(`${fillerCount} open tickets triaged in ${fillerSeconds.toFixed(0)} s (${rate.toFixed(1)}/s)`);

    // Phase 2: the tickets due soon. The first instant is far enough for their own setup to finish.
    const dueCount = options.breaching + options.warnings;
    const setupEstimateMs = fillerCount > 0 ? (2 * dueCount * 1000) / rate : dueCount * 500;
    const firstDue = Math.ceil((Date.now() + setupEstimateMs + 30_000) / 1000) * 1000;
    const gapMs = 30_000;
    const spread = (n: number, start: number): number[] =>
      Array.from(
        { length: n },
        (_, i) => start + Math.floor((i * options.windowSeconds) / Math.max(1, n)) * 1000,
      );
    // Warnings first (their tickets breach 7.5 min later, after the run), then the breaches.
    const warningDues = spread(options.warnings, firstDue);
    const breachStart = firstDue + (options.warnings > 0 ? options.windowSeconds * 1000 + gapMs : 0);
    const breachDues = spread(options.breaching, breachStart);
    const dueSpecs = [
      ...warningDues.map((at, i) => ticketSpec(at - WARNING_AT_MS, 'emergency', i)),
      ...breachDues.map((at, i) => ticketSpec(at - EMERGENCY_TARGET_MS, 'emergency', i)),
    ];
    const dueSetupStarted = Date.now();
    const dueIds = await openTickets(dueSpecs);
    const dues: Due[] = dueIds.map((ticketId, i) => ({
      ticketId,
      kind: i < options.warnings ? 'warning' : 'breach',
      dueAt: i < options.warnings ? warningDues[i] : breachDues[i - options.warnings],
    }));
    if (options.floor) {
      const floorClient = env.client;
      await inParallel(dues, options.concurrency, async (due) => {
        await floorClient.workflow.start('slaFloor', {
          taskQueue: floorQueue,
          workflowId: `sla-floor-${due.kind}-${due.ticketId}`,
          // Bench-only workflows, one per due alert: a rerun in the same server never reuses an ID.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [{ ticketId: due.ticketId, kind: due.kind, dueAt: due.dueAt }],
        });
      });
    }
    await untilTriaged(dueIds, 'due tickets');
    const setupDone = Date.now();
    const atOpen = sampler.now();
    log(
      `${dueCount} due tickets triaged in ${((setupDone - dueSetupStarted) / 1000).toFixed(0)} s; ` +
        `${options.tickets} open; worker RSS ${((atOpen?.rssBytes ?? 0) / 2 ** 20).toFixed(0)} MiB; first due in ${((firstDue - setupDone) / 1000).toFixed(0)} s`,
    );
    if (setupDone > firstDue) log('WARNING: setup ran past the first due instant; lateness includes setup');

    // Wait for every due alert (ours and the floor's), or 3 minutes past the last instant.
    const lastDue = Math.max(...dues.map((d) => d.dueAt));
    let arrivals: SlackArrival[] = [];
    for (;;) {
      await sleep(5000);
      arrivals = (await sims.call({ type: 'messages' }, 'messages')).messages;
      const ours = lateness(dues, arrivals, false);
      const floor = lateness(dues, arrivals, true);
      const done = ours.missing === 0 && (!options.floor || floor.missing === 0);
      if (Date.now() > lastDue && (done || Date.now() > lastDue + 3 * MINUTE)) break;
      if (Date.now() > firstDue)
        log(`alerts: ours ${ours.count}/${dues.length}, floor ${floor.count}/${dues.length}`);
    }
    const runEnd = Date.now();
    sampler.stop();

    // History events per ticket, on a sample of each kind.
    const historyLength = async (ids: number[]): Promise<number> => {
      let total = 0;
      for (const id of ids)
        total +=
          (await env.client.workflow.getHandle(partnerTicketWorkflowId(id)).fetchHistory()).events?.length ??
          0;
      return ids.length === 0 ? 0 : total / ids.length;
    };
    const history = {
      open: await historyLength(fillerIds.slice(0, 50)),
      warned: await historyLength(
        dues
          .filter((d) => d.kind === 'warning')
          .slice(0, 50)
          .map((d) => d.ticketId),
      ),
      breached: await historyLength(
        dues
          .filter((d) => d.kind === 'breach')
          .slice(0, 50)
          .map((d) => d.ticketId),
      ),
    };

    const pick = (kind: Due['kind']) => dues.filter((d) => d.kind === kind);
    const result = {
      scenario: options.name,
      options,
      workerSettings: tuning,
      setup: {
        openTicketsPerSecond: rate,
        seconds: (setupDone - setupStarted) / 1000,
      },
      warnings: {
        ours: lateness(pick('warning'), arrivals, false),
        floor: lateness(pick('warning'), arrivals, true),
      },
      breaches: {
        ours: lateness(pick('breach'), arrivals, false),
        floor: lateness(pick('breach'), arrivals, true),
      },
      slackMessages: {
        ours: arrivals.filter((m) => !m.text.startsWith('FLOOR') && Date.parse(m.receivedAt) >= firstDue)
          .length,
        floor: arrivals.filter((m) => m.text.startsWith('FLOOR')).length,
      },
      worker: {
        rssAtOpenMiB: (atOpen?.rssBytes ?? 0) / 2 ** 20,
        peakRssMiB: sampler.peakRssBytes() / 2 ** 20,
        cpuSetup: sampler.cpu(setupStarted, setupDone),
        cpuDue: sampler.cpu(firstDue, runEnd),
      },
      historyEventsPerTicket: history,
    };
    printSummary(result);
    await writeResult(result, options);
  } finally {
    worker.kill('SIGTERM');
    floorWorker?.kill('SIGTERM');
    sims.child.disconnect();
    await sleep(1000);
    await env.teardown();
    log(`logs in ${logDir}`);
  }
}

type Result = {
  scenario: string;
  options: Options;
  workerSettings: WorkerTuningConfig;
  warnings: { ours: Lateness; floor: Lateness };
  breaches: { ours: Lateness; floor: Lateness };
  worker: {
    rssAtOpenMiB: number;
    peakRssMiB: number;
    cpuSetup: { seconds: number; peakPercent: number };
    cpuDue: { seconds: number; peakPercent: number };
  };
  historyEventsPerTicket: Record<string, number>;
  slackMessages: { ours: number; floor: number };
  setup: { openTicketsPerSecond: number; seconds: number };
};

function printSummary(result: Result): void {
  const s = (ms: number) => (Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(2));
  const row = (name: string, l: { ours: Lateness; floor: Lateness }) => {
    const ratio = l.ours.p99 / l.floor.p99;
    return `| ${name} | ${l.ours.count} (${l.ours.missing} missing) | ${s(l.ours.p50)} | ${s(l.ours.p99)} | ${s(l.ours.max)} | ${s(l.floor.p50)} | ${s(l.floor.p99)} | ${s(l.floor.max)} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} | ≤ 2 s, ≤ 1.5× |`;
  };
  const w = result.worker;
  console.log(
    [
      '',
      `SLA timers, scenario "${result.scenario}" (lateness in seconds: Slack arrival minus the deadline)`,
      '',
      '| Alert | Alerts | ours p50 | ours p99 | ours max | floor p50 | floor p99 | floor max | p99 ratio | target |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      row('warning', result.warnings),
      row('breach', result.breaches),
      '',
      `Worker: RSS ${w.rssAtOpenMiB.toFixed(0)} MiB with every ticket open (target ≤ 500), peak ${w.peakRssMiB.toFixed(0)} MiB; ` +
        `CPU ${w.cpuSetup.seconds.toFixed(0)} s during setup (peak ${w.cpuSetup.peakPercent.toFixed(0)} %), ` +
        `${w.cpuDue.seconds.toFixed(0)} s from the first due instant (peak ${w.cpuDue.peakPercent.toFixed(0)} %)`,
      `History events per ticket: ${Object.entries(result.historyEventsPerTicket)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')}`,
      `Slack messages from the first due instant: ours ${result.slackMessages.ours}, floor ${result.slackMessages.floor}`,
      `Setup: ${result.setup.seconds.toFixed(0)} s (open tickets triaged at ${result.setup.openTicketsPerSecond.toFixed(1)}/s)`,
      '',
    ].join('\n'),
  );
}

/** bench/results/<name>.json in the shared format (bench/results-format.ts), for docs and charts. */
async function writeResult(result: Result, options: Options): Promise<void> {
  const measure = (name: string, l: { ours: Lateness; floor: Lateness }): BenchMeasure => ({
    name: `${name} lateness p99`,
    unit: 's',
    ours: l.ours.p99 / 1000,
    floor: l.floor.p99 / 1000,
    ratio: l.ours.p99 / l.floor.p99,
    target: { ratio: 1.5, kind: 'at-most' },
  });
  const withoutSamples = ({ samples: _samples, ...rest }: Lateness) => rest;
  const due = options.windowSeconds === 0 ? 'in the same second' : `within ${options.windowSeconds} s`;
  const file = await writeBenchResult({
    benchmark: options.name,
    title: `SLA alerts: ${options.breaching} breaches and ${options.warnings} warnings due ${due}, ${options.tickets} open tickets`,
    recordedAt: new Date().toISOString(),
    commit: readFileSync(path.join(sourceDir, 'COMMIT'), 'utf8').trim(),
    command: `npx tsx bench/sla-timers.ts ${process.argv.slice(2).join(' ')}`.trim(),
    measures: [measure('warning', result.warnings), measure('breach', result.breaches)].filter((m) =>
      Number.isFinite(m.ratio),
    ),
    distributions: [
      { name: 'warnings', oursMs: result.warnings.ours.samples, floorMs: result.warnings.floor.samples },
      { name: 'breaches', oursMs: result.breaches.ours.samples, floorMs: result.breaches.floor.samples },
    ],
    details: {
      ...result,
      warnings: { ours: withoutSamples(result.warnings.ours), floor: withoutSamples(result.warnings.floor) },
      breaches: { ours: withoutSamples(result.breaches.ours), floor: withoutSamples(result.breaches.floor) },
    },
  });
  log(`figures written to ${path.relative(process.cwd(), file)}`);
}

main().catch((err: unknown) => {
  console.error('sla-bench: failed', err);
  process.exit(1);
});
