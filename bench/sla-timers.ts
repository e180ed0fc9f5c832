/**
 * SLA timers benchmark (not a test): how late the Slack alert of an SLA warning or breach is,
 * with thousands of open tickets, against the floor of a bare workflow sleeping to the same
 * instants. See docs/benchmarks.md ("SLA timers").
 *
 *   npm run bench:sla                 # 10,000 open tickets, 1,000 warnings, then 1,000 breaches, within 2 minutes each
 *   npm run bench:sla:burst           # 500 tickets due in the same second
 *   npm run bench:sla -- --tickets 2000 --breaching 200 --window 60   # smaller
 *
 * Processes: the Temporal CLI dev server; the simulators (bench/sla-timers/simulators.ts); the
 * REAL worker, compiled and with the prebuilt workflow bundle as production runs it
 * (`node dist/workers/main.js`, built into node_modules/.cache/sla-bench); the floor worker
 * (bench/sla-timers/floor-worker.ts) with the same WORKER_* settings; this load generator.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { deliverTicketEvent } from '../client/temporal/deliver-ticket-event';
import { loadConfig, type WorkerTuningConfig } from '../config';
import { partnerTicketWorkflowId } from '../domain/ticket-ids';
import { startDevServerEnvironment } from '../test/support/temporal';
import { buildCommit } from './sla-timers/build';
import { pacedIntake } from './sla-timers/paced-intake';
import { loadAverage, phaseClock, type Phase } from './sla-timers/phases';
import { lateness, type Due, type Lateness } from './sla-timers/lateness';
import type { BenchRequest, BenchResponse, SlackArrival, TicketSpec } from './sla-timers/protocol';
import { startSampler } from './sla-timers/process-sampler';
import { describeMachine, writeBenchResult, type BenchMeasure } from './results-format';
import { appendResultsSection } from './support/results-md';
import { wholeNumberOption } from './support/options';

const root = path.resolve(__dirname, '..');
/** HEAD's files and their build, inside node_modules so that the build resolves the project's packages. */
const sourceDir = path.join(root, 'node_modules', '.cache', 'sla-bench', 'source');
const buildDir = path.join(sourceDir, 'dist');
const MINUTE = 60_000;
/** Priority, emergency impact: 30 minutes on 24x7, warning at 75 % (domain/sla/policies). */
const EMERGENCY_TARGET_MS = 30 * MINUTE;
const WARNING_AT_MS = 0.75 * EMERGENCY_TARGET_MS;
/**
 * A due ticket's setup against an open one's: SLA timers, a past warning, a floor workflow.
 * Measured 1.18 at 10,000 on a quiet machine, 1.29–1.51 while other jobs came and went (the
 * margin below and the overrun warning cover those).
 */
const DUE_TICKET_COST = 1.3;
/** The due tickets' predicted setup is stretched by this much before their first instant. */
const SETUP_MARGIN = 1.1;
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
  /** Seconds between the last warning instant and the first breach instant (windows apart). */
  gapSeconds: number;
  /**
   * Warnings and breaches due within the same window, interleaved (--shared-window: 2 minutes
   * shorter, but twice the alerts a second), rather than the warnings' window, --gap, then the breaches'.
   */
  sharedWindow: boolean;
  concurrency: number;
  /** Tickets delivered and not yet triaged, at most (see bench/sla-timers/paced-intake.ts). */
  inIntake: number;
  build: boolean;
  floor: boolean;
  /** The Markdown file the run's section is appended to. */
  resultsFile: string;
  /** Node flags for the real worker only, e.g. `--max-old-space-size=512` (none: as production starts it). */
  workerNodeOptions: string[];
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
      gap: { type: 'string', default: '10' },
      'shared-window': { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '32' },
      'in-intake': { type: 'string', default: '100' },
      'skip-build': { type: 'boolean', default: false },
      'no-floor': { type: 'boolean', default: false },
      results: { type: 'string', default: path.join(__dirname, 'results.md') },
      'worker-node-options': { type: 'string' },
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
    gapSeconds: wholeNumberOption('gap', values.gap, 0),
    sharedWindow: values['shared-window'] as boolean,
    concurrency: wholeNumberOption('concurrency', values.concurrency, 1),
    inIntake: wholeNumberOption('in-intake', values['in-intake'], 1),
    build: !values['skip-build'],
    floor: !values['no-floor'],
    resultsFile: values.results as string,
    workerNodeOptions:
      (values['worker-node-options'] as string | undefined)?.split(' ').filter(Boolean) ?? [],
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
  // Straight into the file: the worker's log lines cost this process (the load generator) nothing.
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', out, out] });
  closeSync(out);
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null) log(`${name} exited with ${code}; see ${logFile}`);
  });
  return child;
}

/** SIGTERM, then SIGKILL if the process has not exited after its drain time (the worker's is 10 s). */
async function stop(child: ChildProcess | undefined, graceMs = 12_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
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

/** A ticket's creation in Zendesk: now, or backdated to `createdAtMs`. */
function ticketSpec(impact: string, n: number, createdAtMs?: number): TicketSpec {
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
  const clock = phaseClock(log);
  log(`load average at start: ${loadAverage().join(' ')}`);
  // The build (the committed code, never the shared working tree) runs while the dev server, the
  // simulators and the floor worker start: none of them needs it.
  if (options.build) log(`building ${options.ref} as production does (tsc + prebuilt workflow bundle)…`);
  const built = options.build
    ? buildCommit(root, sourceDir, options.ref, log)
    : Promise.resolve(readFileSync(path.join(sourceDir, 'COMMIT'), 'utf8').trim());
  built.catch(() => undefined); // awaited below, after the other processes have started
  const bundlePath = path.join(buildDir, 'workflow-bundle.js');
  const logDir = path.join(tmpdir(), `sla-bench-${process.pid}`);
  mkdirSync(logDir, { recursive: true });

  // The dev server's Go collector at GOGC=400 (unless set): about a fifth less of Temporal's CPU
  // per ticket for a few hundred MB more (measured, docs/benchmarks.md). Temporal is the bench's
  // engine, not the service under test, and the floor runs on the same server.
  process.env.GOGC ??= '400';
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
  let worker: ChildProcess | undefined;
  // Ctrl-C: the children go too (the dev server is the environment's child, stopped with it).
  process.once('SIGINT', () => {
    sims.child.kill('SIGTERM');
    void Promise.all([stop(worker), stop(floorWorker)])
      .then(() => env.teardown())
      .finally(() => process.exit(130));
  });
  const command = `npm run bench:sla -- ${process.argv.slice(2).join(' ')}`.trim();
  let section = '';
  try {
    const commit = await built;
    clock.end(`build of ${commit}; dev server, simulators, floor worker started meanwhile`);
    const workerLog = path.join(logDir, 'worker.log');
    worker = spawnLogged(
      'worker',
      [...options.workerNodeOptions, path.join(buildDir, 'workers', 'main.js')],
      processEnv,
      workerLog,
    );
    await waitForLog(workerLog, 'worker: polling', 60_000);
    if (floorWorker) await waitForLog(floorLog, 'floor worker: polling', 120_000);
    clock.end('workers polling');
    const sampler = startSampler(worker.pid ?? 0);
    // Before the first ticket: Node, the Core SDK runtime, the activities' clients, the bundle.
    const idle = sampler.now();
    const delivery = { client: env.client, taskQueue };
    const intake = pacedIntake(
      {
        createTickets: async (specs) =>
          (await sims.call({ type: 'create', tickets: specs }, 'created')).tickets,
        triagedAmong: async (ids) => (await sims.call({ type: 'triagedIds', ids }, 'triagedIds')).ids,
        deliver: (event) => deliverTicketEvent(delivery, event),
        log,
      },
      { concurrency: options.concurrency, maxInIntake: options.inIntake },
    );

    // Phase 1: the tickets that stay open (low impact, 24 h on 24x5), created now.
    const setupStarted = Date.now();
    const fillerCount = options.tickets - options.breaching - options.warnings;
    const fillerIds = await intake.open(
      Array.from({ length: fillerCount }, (_, i) => ticketSpec('low', i)),
      'open tickets',
    );
    const steadyRate = intake.rate();
    await intake.drain('open tickets');
    const fillerSeconds = (Date.now() - setupStarted) / 1000;
    const rate = fillerCount / Math.max(1, fillerSeconds);
    clock.end(
      `${fillerCount} open tickets triaged (${rate.toFixed(1)}/s, ${steadyRate.toFixed(1)}/s over the last minute)`,
    );

    // Phase 2: the tickets due soon. Their deadlines are fixed when Zendesk creates them, so the
    // first due instant is where their own setup is predicted to end (from the open tickets' rate),
    // with a margin: a due ticket costs about 1.3 open ones (its SLA timers, the breaching
    // tickets' past warning, one floor workflow each).
    const dueCount = options.breaching + options.warnings;
    const createMs = Number.isFinite(intake.createMsPerTicket()) ? intake.createMsPerTicket() : 5;
    const setupEstimateMs =
      fillerCount > 0 && Number.isFinite(steadyRate) && steadyRate > 0
        ? dueCount * createMs + (DUE_TICKET_COST * SETUP_MARGIN * dueCount * 1000) / steadyRate
        : dueCount * 500;
    const firstDue = Math.ceil((Date.now() + setupEstimateMs + 15_000) / 1000) * 1000;
    const spread = (n: number, start: number): number[] =>
      Array.from(
        { length: n },
        (_, i) => start + Math.floor((i * options.windowSeconds) / Math.max(1, n)) * 1000,
      );
    // The warnings' tickets breach 7.5 min later, after the run. The warnings' window comes first,
    // then the breaches' (--shared-window: both within the same window).
    const warningDues = spread(options.warnings, firstDue);
    const breachStart =
      firstDue +
      (options.warnings > 0 && !options.sharedWindow
        ? (options.windowSeconds + options.gapSeconds) * 1000
        : 0);
    const breachDues = spread(options.breaching, breachStart);
    const dueSpecs = [
      ...warningDues.map((at, i) => ticketSpec('emergency', i, at - WARNING_AT_MS)),
      ...breachDues.map((at, i) => ticketSpec('emergency', i, at - EMERGENCY_TARGET_MS)),
    ];
    const dueSetupStarted = Date.now();
    // Created in Zendesk before any of them is delivered: a backdated creation sets the simulator's
    // clock back, which no intake request may see.
    const dueIds = await intake.createThenOpen(dueSpecs);
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
    await intake.drain('due tickets');
    const setupDone = Date.now();
    const atOpen = sampler.now();
    clock.end(
      `${dueCount} due tickets triaged (${(dueCount / ((setupDone - dueSetupStarted) / 1000)).toFixed(1)}/s)`,
    );
    log(
      `${options.tickets} open; worker RSS ${((atOpen?.rssBytes ?? 0) / 2 ** 20).toFixed(0)} MiB; ` +
        `first due in ${((firstDue - setupDone) / 1000).toFixed(0)} s`,
    );
    if (setupDone > firstDue) log('WARNING: setup ran past the first due instant; lateness includes setup');
    while (Date.now() < firstDue) await sleep(Math.min(1000, firstDue - Date.now()));
    clock.end('until the first due instant');

    // Wait for every due alert (ours and the floor's), or 3 minutes past the last instant.
    const lastDue = Math.max(...dues.map((d) => d.dueAt));
    let arrivals: SlackArrival[] = [];
    let lastLog = 0;
    for (;;) {
      await sleep(Date.now() > lastDue ? 1000 : 5000);
      arrivals = (await sims.call({ type: 'messages' }, 'messages')).messages;
      const ours = lateness(dues, arrivals, false);
      const floor = lateness(dues, arrivals, true);
      const done = ours.missing === 0 && (!options.floor || floor.missing === 0);
      if (Date.now() > lastDue && (done || Date.now() > lastDue + 3 * MINUTE)) break;
      if (Date.now() - lastLog >= 10_000) {
        log(`alerts: ours ${ours.count}/${dues.length}, floor ${floor.count}/${dues.length}`);
        lastLog = Date.now();
      }
    }
    const runEnd = Date.now();
    sampler.stop();
    clock.end(`due instants over ${((lastDue - firstDue) / 1000).toFixed(0)} s, until every alert arrived`);

    // History events per ticket, on a sample of each kind.
    const historyLength = async (ids: number[]): Promise<number> => {
      const lengths = await Promise.all(
        ids.map(
          async (id) =>
            (await env.client.workflow.getHandle(partnerTicketWorkflowId(id)).fetchHistory()).events
              ?.length ?? 0,
        ),
      );
      return ids.length === 0 ? 0 : lengths.reduce((a, b) => a + b, 0) / ids.length;
    };
    const sample = (kind: Due['kind']) =>
      dues
        .filter((d) => d.kind === kind)
        .slice(0, 50)
        .map((d) => d.ticketId);
    const history = {
      open: await historyLength(fillerIds.slice(0, 50)),
      warned: await historyLength(sample('warning')),
      breached: await historyLength(sample('breach')),
    };
    clock.end('history lengths');

    const pick = (kind: Due['kind']) => dues.filter((d) => d.kind === kind);
    const result: Result = {
      scenario: options.name,
      options,
      workerSettings: tuning,
      setup: {
        openTicketsPerSecond: rate,
        seconds: (setupDone - setupStarted) / 1000,
        firstDueAfterSetupSeconds: (firstDue - setupDone) / 1000,
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
        rssIdleMiB: (idle?.rssBytes ?? 0) / 2 ** 20,
        rssAtOpenMiB: (atOpen?.rssBytes ?? 0) / 2 ** 20,
        peakRssMiB: sampler.peakRssBytes() / 2 ** 20,
        cpuSetup: sampler.cpu(setupStarted, setupDone),
        cpuDue: sampler.cpu(firstDue, runEnd),
      },
      historyEventsPerTicket: history,
      phases: clock.phases,
      loadAverage: {
        firstDue: loadAverageAt(clock.phases, 'until the first due instant'),
        end: loadAverage(),
      },
    };
    section = [
      `- Machine: ${describeMachine()}; Temporal CLI dev server (in-memory)`,
      `- Command: \`${command}\`, commit ${commit}`,
      `- Worker settings: ${JSON.stringify(tuning)}`,
      '',
      summary(result),
    ].join('\n');
    console.log(
      `\nSLA timers, scenario "${options.name}" (lateness in seconds: Slack arrival minus the deadline)\n\n${section}\n`,
    );
    await writeResult(result, options, commit, command);
  } finally {
    sims.child.disconnect();
    // The workers drain while Temporal is still up; then the dev server goes.
    await Promise.all([stop(worker), stop(floorWorker)]);
    await env.teardown();
    clock.end('teardown');
    log(`total ${clock.totalSeconds().toFixed(0)} s; logs in ${logDir}`);
  }
  console.log(`\n${clock.table()}\n`);
  await appendResultsSection(
    options.resultsFile,
    '# Benchmark results\n\nAppended by the benchmarks in bench/; see docs/benchmarks.md.',
    [`## SLA timers (${options.name}), ${new Date().toISOString()}`, '', section, '', clock.table(), ''].join(
      '\n',
    ),
  );
  log(`section appended to ${path.relative(process.cwd(), options.resultsFile)}`);
}

type Result = {
  scenario: string;
  options: Options;
  workerSettings: WorkerTuningConfig;
  warnings: { ours: Lateness; floor: Lateness };
  breaches: { ours: Lateness; floor: Lateness };
  worker: {
    rssIdleMiB: number;
    rssAtOpenMiB: number;
    peakRssMiB: number;
    cpuSetup: { seconds: number; peakPercent: number };
    cpuDue: { seconds: number; peakPercent: number };
  };
  historyEventsPerTicket: Record<string, number>;
  slackMessages: { ours: number; floor: number };
  setup: { openTicketsPerSecond: number; seconds: number; firstDueAfterSetupSeconds: number };
  phases: Phase[];
  loadAverage: { firstDue?: Phase['loadAverage']; end: Phase['loadAverage'] };
};

const loadAverageAt = (phases: Phase[], name: string): Phase['loadAverage'] | undefined =>
  phases.find((p) => p.name === name)?.loadAverage;

/** The run's figures as Markdown, for the console and bench/results.md. */
function summary(result: Result): string {
  const s = (ms: number) => (Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(2));
  const row = (name: string, l: { ours: Lateness; floor: Lateness }) => {
    const ratio = l.ours.p99 / l.floor.p99;
    return `| ${name} | ${l.ours.count} (${l.ours.missing} missing) | ${s(l.ours.p50)} | ${s(l.ours.p99)} | ${s(l.ours.max)} | ${s(l.floor.p50)} | ${s(l.floor.p99)} | ${s(l.floor.max)} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} | ≤ 2 s, ≤ 1.5× |`;
  };
  const w = result.worker;
  return [
    '| Alert | Alerts | ours p50 | ours p99 | ours max | floor p50 | floor p99 | floor max | p99 ratio | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    row('warning', result.warnings),
    row('breach', result.breaches),
    '',
    `Worker: RSS ${w.rssAtOpenMiB.toFixed(0)} MiB with every ticket open (target ≤ 500), peak ${w.peakRssMiB.toFixed(0)} MiB, ` +
      `${w.rssIdleMiB.toFixed(0)} MiB before the first ticket; ` +
      `CPU ${w.cpuSetup.seconds.toFixed(0)} s during setup (peak ${w.cpuSetup.peakPercent.toFixed(0)} %), ` +
      `${w.cpuDue.seconds.toFixed(0)} s from the first due instant (peak ${w.cpuDue.peakPercent.toFixed(0)} %)`,
    `History events per ticket: ${Object.entries(result.historyEventsPerTicket)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')}`,
    `Slack messages from the first due instant: ours ${result.slackMessages.ours}, floor ${result.slackMessages.floor}`,
    `Setup: ${result.setup.seconds.toFixed(0)} s (open tickets triaged at ${result.setup.openTicketsPerSecond.toFixed(1)}/s); ` +
      `first due instant ${result.setup.firstDueAfterSetupSeconds.toFixed(0)} s after it`,
    `Load average: ${result.loadAverage.firstDue?.join(' ') ?? '–'} at the first due instant, ${result.loadAverage.end.join(' ')} at the end`,
  ].join('\n');
}

/** bench/results/<name>.json in the shared format (bench/results-format.ts), for docs and charts. */
async function writeResult(result: Result, options: Options, commit: string, command: string): Promise<void> {
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
    commit,
    command,
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
