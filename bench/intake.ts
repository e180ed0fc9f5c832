/**
 * Intake benchmark (not a test): tickets fully triaged per second — a ticket created in Zendesk,
 * its signed webhook through the server, the worker's triage, the triage note back in Zendesk —
 * against the floor: bare workflows doing as many no-op activities as a triage really does (counted
 * in this run's histories), on the same Temporal server. Every part in its own process: the
 * Temporal dev server, the simulators, the server, the worker, the floor's worker and the load
 * generator. Writes bench/results/intake.json and appends a section to bench/results.md.
 *
 *   npm run bench:intake -- --tickets 300 --concurrency 8
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { freePort } from '../test/support/child-process';
import { startDevServerEnvironment } from '../test/support/temporal';
import type { BenchSimulators } from './intake/simulators';
import type { IntakePlan, IntakeResult, PathRun } from './intake/load-generator';
import { describeMachine, writeBenchResult } from './results-format';
import { summariseCpuProfile } from './support/cpu-profile';
import {
  childProcessId,
  firstJsonLine,
  runToEnd,
  startNodeProcess,
  waitForOutput,
  waitUntilServing,
} from './support/processes';
import { appendResultsSection } from './support/results-md';
import { markdownTable, spread } from './support/stats';
import { wholeNumberOption } from './support/options';

/** The ratio the issue asks: ≥ 70 % of the floor's tickets per second. */
const TARGET_RATIO = 0.7;

function readOptions() {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '8' },
      'timeout-minutes': { type: 'string', default: '8' },
      'log-level': { type: 'string', default: 'info' },
      profile: { type: 'boolean', default: false },
      results: { type: 'string', default: path.join(__dirname, 'results.md') },
    },
  });
  return {
    tickets: wholeNumberOption('tickets', values.tickets, 1),
    concurrency: wholeNumberOption('concurrency', values.concurrency, 1),
    timeoutMinutes: wholeNumberOption('timeout-minutes', values['timeout-minutes'], 1),
    logLevel: values['log-level'] as string,
    profile: values.profile as boolean,
    resultsFile: values.results as string,
  };
}

/**
 * The worker's CPU profiles (`--profile`): one per thread that ran JavaScript (activities and
 * the SDK on the main thread, workflow code on its own thread), the busiest first.
 */
async function workerProfiles(dir: string): Promise<string> {
  const root = path.resolve(__dirname, '..');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile'));
  const summaries = await Promise.all(
    files.map((file) => summariseCpuProfile(path.join(dir, file), root, 12)),
  );
  return summaries
    .filter((summary) => summary.busyMs > 1_000)
    .sort((a, b) => b.busyMs - a.busyMs)
    .map((summary, i) =>
      [
        `Worker thread ${i + 1}: ${(summary.busyMs / 1000).toFixed(1)} s busy`,
        '',
        markdownTable(
          ['Self time by package', 'ms', 'share'],
          summary.byPackage.map((line) => [
            line.what,
            Math.round(line.selfMs),
            `${(100 * line.share).toFixed(1)} %`,
          ]),
        ),
      ].join('\n'),
    )
    .join('\n\n');
}

async function main(): Promise<void> {
  const options = readOptions();
  const started = Date.now();
  const secret = 'bench-webhook-secret';
  const taskQueue = `bench-intake-${randomUUID()}`;
  const floorTaskQueue = `bench-intake-floor-${randomUUID()}`;
  const defaults = loadConfig({});
  const profileDir = options.profile ? await mkdtemp(path.join(tmpdir(), 'bench-intake-')) : undefined;
  const env = await startDevServerEnvironment();
  const children: Array<{ stop(): Promise<void> }> = [];
  let result: IntakeResult;
  try {
    const serverPort = await freePort();
    const simulators = startNodeProcess('simulators', 'bench/intake/simulators.ts', {
      BENCH_SIMULATORS: JSON.stringify({
        webhookUrl: `http://127.0.0.1:${serverPort}/webhooks/zendesk`,
        webhookSecret: secret,
      }),
    });
    children.push(simulators);
    const urls = await firstJsonLine<BenchSimulators>(simulators);
    const common = {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      ZENDESK_URL: urls.zendeskApiUrl,
      ZENDESK_WEBHOOK_SECRET: secret,
      SALESFORCE_LOGIN_URL: urls.salesforceUrl,
      SLACK_ALERT_WEBHOOK_URL: `${urls.slackUrl}/services/T0LOCAL/B0ALERTS/local-alerts`,
      SLACK_OWNER_WEBHOOK_URL: `${urls.slackUrl}/services/T0LOCAL/B0OWNERS/local-owners`,
      LOG_LEVEL: options.logLevel,
      // No Schedules: their runs would add work to the measured window.
      PARTNER_RECONCILE_EVERY: 'off',
      ZENDESK_RECONCILE_EVERY: 'off',
    };
    const workerHealthPort = await freePort();
    // The worker as `npm run worker` runs it: workflows/ bundled at start.
    const worker = startNodeProcess(
      'worker',
      'workers/main.ts',
      { ...common, WORKER_HEALTH_PORT: String(workerHealthPort) },
      { cpuProfileDir: profileDir },
    );
    children.push(worker);
    const floorWorker = startNodeProcess('floor-worker', 'bench/intake/floor-worker.ts', {
      ...common,
      INTAKE_FLOOR_TASK_QUEUE: floorTaskQueue,
    });
    children.push(floorWorker);
    const server = startNodeProcess('server', 'client/server/main.ts', {
      ...common,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(serverPort),
    });
    children.push(server);
    await waitUntilServing(`http://127.0.0.1:${serverPort}/readyz`, server);
    await waitUntilServing(`http://127.0.0.1:${workerHealthPort}/readyz`, worker, 300_000);
    await waitForOutput(floorWorker, 'floor worker: polling', 300_000);
    console.log(
      `bench: ${options.tickets} tickets, concurrency ${options.concurrency}; set up in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    const plan: IntakePlan = {
      zendeskApiUrl: urls.zendeskApiUrl,
      zendeskAuth: `Basic ${Buffer.from(`${defaults.zendesk.email}/token:${defaults.zendesk.apiToken}`).toString('base64')}`,
      triagedUrl: urls.triagedUrl,
      impactFieldId: defaults.zendesk.fields.impact,
      temporalAddress: env.address,
      namespace: env.namespace ?? 'default',
      floorTaskQueue,
      tickets: options.tickets,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMinutes * 60_000,
      pids: {
        server: server.process.pid,
        worker: worker.process.pid,
        floorWorker: floorWorker.process.pid,
        simulators: simulators.process.pid,
        temporal: childProcessId('temporal'),
      },
    };
    result = await runToEnd<IntakeResult>(
      startNodeProcess('load-generator', 'bench/intake/load-generator.ts', {
        BENCH_INTAKE_PLAN: JSON.stringify(plan),
      }),
    );
  } finally {
    for (const child of children.reverse()) await child.stop();
    await env.teardown();
  }

  const { ours, floor } = result;
  const ratio = ours.perSecond / floor.perSecond;
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const cpu = (run: PathRun, name: string) => {
    const ms = run.cpuMs[name];
    return ms === undefined ? 'n/a' : `${(ms / run.completed).toFixed(1)}`;
  };
  const row = (name: string, run: PathRun, workerName: string) => {
    const latency = spread(run.latenciesMs);
    return [
      name,
      run.completed,
      run.seconds.toFixed(1),
      run.perSecond.toFixed(2),
      s(latency.p50),
      s(latency.p99),
      cpu(run, workerName),
      cpu(run, 'server'),
      cpu(run, 'simulators'),
      cpu(run, 'temporal'),
      run.workerRssMiB === undefined ? 'n/a' : run.workerRssMiB.toFixed(0),
    ];
  };
  const table = markdownTable(
    [
      'Path',
      'Done',
      'Wall (s)',
      'Tickets/s',
      'p50 (s)',
      'p99 (s)',
      'CPU ms/ticket: worker',
      'server',
      'simulators',
      'Temporal',
      'worker RSS (MiB)',
    ],
    [
      row('ours: webhook → triage note in Zendesk', ours, 'worker'),
      row(`floor: bare workflow, ${result.floorActivities} no-op activities`, floor, 'floorWorker'),
    ],
  );
  const summary =
    `Ours / floor: **${ratio.toFixed(2)}** (${(100 * ratio).toFixed(0)} %; target ≥ ${TARGET_RATIO}). ` +
    `Activities per triage in sampled histories: ${result.activitiesPerTriage.join(', ')}`;
  console.log(`\n${table}\n\n${summary}\n`);

  const profiles = profileDir ? await workerProfiles(profileDir) : '';
  if (profiles) console.log(`${profiles}\n`);

  const command = `npm run bench:intake -- --tickets ${options.tickets} --concurrency ${options.concurrency}`;
  await appendResultsSection(
    options.resultsFile,
    '# Benchmark results\n\nAppended by the benchmarks in bench/; see docs/benchmarks.md.',
    [
      `## Intake, ${new Date().toISOString()}`,
      '',
      `- Machine: ${describeMachine()}; Temporal CLI dev server (in-memory)`,
      `- Dev server, simulators, server, worker, floor worker and load generator in separate processes; LOG_LEVEL=${options.logLevel}`,
      `- Command: \`${command}\``,
      '',
      table,
      '',
      summary,
      '',
      ...(profiles ? [profiles, ''] : []),
    ].join('\n'),
  );
  // A profiled worker is slower: its run explains the figures, it does not replace them.
  const json = options.profile
    ? undefined
    : await writeBenchResult({
        benchmark: 'intake',
        title: 'Intake: tickets fully triaged per second (webhook → triage note) vs bare workflows',
        recordedAt: new Date().toISOString(),
        command,
        measures: [
          {
            name: 'intake (tickets triaged/s)',
            unit: 'tickets/s',
            ours: ours.perSecond,
            floor: floor.perSecond,
            ratio,
            target: { ratio: TARGET_RATIO, kind: 'at-least' },
          },
        ],
        details: {
          tickets: options.tickets,
          concurrency: options.concurrency,
          activitiesPerTriage: result.activitiesPerTriage,
          floorActivities: result.floorActivities,
          ours: { ...ours, latenciesMs: undefined, latency: spread(ours.latenciesMs) },
          floor: { ...floor, latenciesMs: undefined, latency: spread(floor.latenciesMs) },
        },
      });
  console.log(
    `bench: ${((Date.now() - started) / 1000).toFixed(0)} s in all; appended to ${path.relative(process.cwd(), options.resultsFile)}, ${json ? `wrote ${path.relative(process.cwd(), json)}` : 'bench/results/intake.json left as it was (profiled run)'}`,
  );
  if (ours.completed < options.tickets) {
    console.error(`bench: only ${ours.completed} of ${options.tickets} tickets were triaged in time`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error('bench: failed', err);
  process.exit(1);
});
