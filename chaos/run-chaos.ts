import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { partnerTicketWorkflowId } from '../domain/ticket-ids';
import { eventually } from '../test/support/eventually';
import { createDriver, type DrivenTicket } from './driver';
import { openUploads, retrievalsByTicket } from './files';
import { provisioningDifferences, provisioningScript } from './provisioning';
import { chaosScript, scriptDurationMs, ZENDESK_CLOCK_BEHIND_MS } from './script';
import { startChaosStack, type ChaosStack } from './stack';
import { setDelivery, startStorm, type StormSettings } from './storm';
import {
  alertsByTicket,
  checkHistories,
  distinctPosts,
  observeTicket,
  settled,
  ticketDifferences,
  type RunSummary,
} from './verify';

export interface ChaosOptions {
  seed: number;
  lifecycles: number;
  /** Between two lifecycles' starts, and (about) between two steps of one. */
  spacingMs: number;
  stepGapMs: number;
  /** How long after its solve the script closes a ticket (see chaosScript). */
  closeAfterMs: number;
  /** A1 requests made through the API during the run (chaos/provisioning.ts). */
  provisioningRequests: number;
  /** No storm: the same script on a quiet stack (what the storm's results must equal). */
  faults: boolean;
  storm: Omit<StormSettings, 'seed'>;
  /** How long the service may take to settle once the storm is over. */
  drainTimeoutMs: number;
  /** Which compiled service the processes run (see startChaosStack). */
  build: 'dist' | 'own';
  /** Where to write the history of each ticket that differs (for the post-mortem), if anywhere. */
  keepHistoriesIn?: string;
  log?: (line: string) => void;
}

export interface ChaosReport {
  differences: string[];
  /** [what, count] rows: faults injected, then effects counted. */
  injected: Array<[string, number | string]>;
  effects: Array<[string, number | string]>;
  durationMs: number;
  /** The end of what the workers, the server and Temporal printed (for a failing run). */
  processOutput: string;
}

/** A run's history (the latest by default), as JSON that `temporal workflow show` and replay read. */
async function keepHistory(client: Client, dir: string, workflowId: string, runId?: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  writeFileSync(path.join(dir, `${workflowId}.json`), historyToJSON(history));
}

const alertsChannel = (stack: ChaosStack) =>
  stack.world.slack.messages.filter(
    (m) => m.path === new URL(stack.world.config.slack.alertWebhookUrl).pathname,
  );

/**
 * One chaos run (issue 16): the stack up, the seeded script played while the storm rages, the
 * storm stopped, the service drained, then every ticket checked against its expectation and
 * every history scanned and replayed. Differences make the run fail.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const began = Date.now();
  const log = (line: string): void =>
    options.log?.(`[${String(Math.round((Date.now() - began) / 1000)).padStart(4)} s] ${line}`);
  const script = chaosScript({
    seed: options.seed,
    count: options.lifecycles,
    spacingMs: options.spacingMs,
    stepGapMs: options.stepGapMs,
    closeAfterMs: options.closeAfterMs,
  });
  const requests = provisioningScript({
    seed: options.seed,
    count: options.provisioningRequests,
    durationMs: scriptDurationMs(script) / 2,
  });
  log(
    `chaos: ${script.length} lifecycles and ${requests.length} A1 requests over ${Math.round(scriptDurationMs(script) / 1000)} s, seed ${options.seed}`,
  );
  const stack = await startChaosStack({ clockBehindMs: ZENDESK_CLOCK_BEHIND_MS, build: options.build, log });
  const connection = await Connection.connect({ address: stack.temporal.address });
  const client = new Client({ connection, namespace: 'default' });
  try {
    await eventually(async () => (await fetch(`${stack.serverUrl}/readyz`)).status === 200, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    setDelivery(stack, { storm: false });
    log(`chaos: stack ready (Temporal ${stack.temporal.address}, server ${stack.serverUrl})`);

    const driver = createDriver({
      config: stack.world.config,
      serverUrl: stack.serverUrl,
      apiToken: stack.apiToken,
      writesDone: async (ticketId) => {
        const { raw } = await client.workflow.getHandle(partnerTicketWorkflowId(ticketId)).describe();
        return (raw.pendingActivities ?? []).length === 0 && (raw.pendingChildren ?? []).length === 0;
      },
    });
    const storm = options.faults ? startStorm(stack, { seed: options.seed, ...options.storm }) : undefined;
    const [tickets, provisioningUnsent] = await Promise.all([
      driver.play(script),
      driver.requestProvisioning(requests),
    ]);
    const faultHits = (await storm?.stop()) ?? {};
    log(`chaos: script played${storm ? ', storm over' : ''}; draining`);

    // Drained: every ticket settled (after a Temporal restart the query may need the workers back).
    const drained = Date.now();
    const pending = (): Promise<DrivenTicket[]> =>
      Promise.all(
        tickets.map(async (t) =>
          t.ticketId === undefined || t.error || settled(t, await observeTicket(client, t.ticketId))
            ? undefined
            : t,
        ),
      ).then((list) => list.filter((t): t is DrivenTicket => t !== undefined));
    let unsettled: DrivenTicket[] = [];
    await eventually(
      async () => {
        unsettled = await pending();
        const deliveries = stack.world.zendesk.state.webhookDeliveries.filter((d) => d.status === 'pending');
        // Retrievals and provisioning runs finish too (a ticket's close does not wait for its copy).
        const running = await client.workflow.count(
          `TaskQueue = '${stack.taskQueue}' AND ExecutionStatus = 'Running' AND WorkflowType IN ('fileRetrieval', 'accountProvisioning', 'accountDeprovisioning')`,
        );
        return unsettled.length === 0 && deliveries.length === 0 && running.count === 0;
      },
      { timeoutMs: options.drainTimeoutMs, intervalMs: 2_000 },
    ).catch(() => log(`chaos: ${unsettled.length} tickets not settled after ${options.drainTimeoutMs} ms`));
    // Alerts leave through the digest, paced: wait until the channel is quiet for a few seconds.
    let last = -1;
    await eventually(
      () => {
        const now = alertsChannel(stack).length;
        const quiet = now === last;
        last = now;
        return quiet;
      },
      { timeoutMs: 60_000, intervalMs: 3_000 },
    ).catch(() => undefined);
    const drainMs = Date.now() - drained;
    log(`chaos: drained in ${Math.round(drainMs / 1000)} s; checking`);

    const posts = distinctPosts(alertsChannel(stack));
    const alerts = alertsByTicket(posts.texts);
    const differences: string[] = [];
    // Every run listed once, every history scanned and replayed: the checks below read the list.
    const histories = await checkHistories(client, stack.taskQueue, stack.workflowBundlePath);
    const findings = {
      client,
      world: stack.world,
      alerts,
      s3: stack.s3,
      retrievals: retrievalsByTicket(histories.runs),
    };
    for (const ticket of tickets) {
      const found = await ticketDifferences(findings, ticket);
      differences.push(...found);
      if (found.length > 0 && ticket.ticketId !== undefined && options.keepHistoriesIn) {
        await keepHistory(client, options.keepHistoriesIn, partnerTicketWorkflowId(ticket.ticketId));
        // Its retrievals too: where a files ticket's time went.
        for (const { workflowId, runId } of findings.retrievals.get(ticket.ticketId) ?? [])
          await keepHistory(client, options.keepHistoriesIn, workflowId, runId);
      }
    }
    if (options.keepHistoriesIn && differences.length > 0)
      log(`chaos: the histories of the tickets that differ are in ${options.keepHistoriesIn}`);
    differences.push(
      ...(await provisioningDifferences(client, stack.world, requests, provisioningUnsent, histories.runs)),
    );
    const uploadsLeftOpen = await openUploads(stack.s3);
    if (uploadsLeftOpen > 0)
      differences.push(`${uploadsLeftOpen} multipart uploads left open in the support bucket`);
    differences.push(...histories.unsuccessfulRuns.map((r) => `run ended unsuccessfully: ${r}`));
    differences.push(...histories.workflowTaskFailed.map((f) => `WorkflowTaskFailed in ${f}`));
    differences.push(...histories.replayFailures.map((f) => `replay failed: ${f}`));

    const deliveries = stack.world.zendesk.state.webhookDeliveries;
    const reconcileRuns = histories.runs.filter(
      (r): r is RunSummary & { durationMs: number } =>
        r.type === 'zendeskTicketEventsReconcile' && r.durationMs !== undefined,
    );
    const reconcileRunsMs = reconcileRuns.map((r) => r.durationMs);
    // A slow reconciliation run is the post-mortem's first lead (a lost webhook waits that long).
    if (options.keepHistoriesIn && differences.length > 0)
      for (const run of reconcileRuns.filter((r) => r.durationMs > 60_000))
        await keepHistory(client, options.keepHistoriesIn, run.workflowId, run.runId);
    const runsByType = new Map<string, number>();
    for (const { type } of histories.runs) runsByType.set(type, (runsByType.get(type) ?? 0) + 1);
    const alertCount = (kind: 'warning' | 'breach' | 'star') =>
      [...alerts.values()].reduce((sum, a) => sum + a[kind], 0);
    const injected: Array<[string, number | string]> = [
      ...Object.entries(faultHits),
      ['webhook deliveries (events × 1–3 copies)', deliveries.length],
      [
        '  of which events lost (never sent: the export brings them)',
        deliveries.filter((d) => d.lost).length,
      ],
      ['  of which redeliveries', deliveries.filter((d) => d.duplicate).length],
      [
        '  failed attempts (server or Temporal down)',
        deliveries.reduce(
          (n, d) => n + d.attempts.filter((a) => a.status !== 200 && a.status !== 202).length,
          0,
        ),
      ],
      ['worker SIGKILLs (and restarts)', storm?.counts.workerKills ?? 0],
      ['  worker restart to polling (median s)', median(storm?.counts.workerReadyMs ?? [])],
      ['webhook server restarts', storm?.counts.serverRestarts ?? 0],
      [
        'Temporal restarts (total s down)',
        `${storm?.counts.temporalRestarts ?? 0} (${Math.round((storm?.counts.temporalDownMs ?? 0) / 1000)} s)`,
      ],
      ['driver requests repeated', driver.counts.retries],
      ['  longest wait for a triage note (s)', Math.round(driver.counts.longestTriageWaitMs / 1000)],
      ['  longest wait for a files note (s)', Math.round(driver.counts.longestFilesWaitMs / 1000)],
      ['  longest close held for writes under way (s)', Math.round(driver.counts.longestCloseWaitMs / 1000)],
    ];
    const effects: Array<[string, number | string]> = [
      ['lifecycles played (steps)', `${tickets.length} (${driver.counts.steps})`],
      [
        'A1 requests (sent, copies included)',
        `${requests.length} (${requests.reduce((n, r) => n + r.copies, 0)})`,
      ],
      ...[...runsByType.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, runs]): [string, number] => [`  runs of ${type}`, runs]),
      ['workflows on the task queue (runs)', histories.runs.length],
      [
        '  Zendesk reconciliation runs: median / longest (s)',
        `${median(reconcileRunsMs)} / ${longest(reconcileRunsMs)}`,
      ],
      ['SLA warning alerts', alertCount('warning')],
      ['SLA breach alerts', alertCount('breach')],
      ['STAR alerts', alertCount('star')],
      ['Slack messages in the alerts channel', alertsChannel(stack).length],
      ['  of which repeated posts (same key, dropped)', posts.repeats],
      ['workflow tasks timed out (killed workers)', histories.workflowTaskTimedOut],
      ['activities that needed retries', histories.activityRetries],
      ['WorkflowTaskFailed', histories.workflowTaskFailed.length],
      ['  UnhandledCommand (a signal raced a completion; redone)', histories.unhandledCommand],
      ['histories replayed / failed', `${histories.runs.length} / ${histories.replayFailures.length}`],
      ['drain time (s)', Math.round(drainMs / 1000)],
      ['differences', differences.length],
    ];
    return { differences, injected, effects, durationMs: Date.now() - began, processOutput: stack.output() };
  } catch (err) {
    // Before the error, which main prints last (CI shows a failing run's last lines).
    log(`chaos: what the processes printed last:\n${stack.output()}`);
    throw err;
  } finally {
    await connection.close();
    await stack.close();
  }
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const longest = (values: number[]): string => (values.length === 0 ? '-' : seconds(Math.max(...values)));
const median = (values: number[]): string => {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  return seconds(sorted[Math.floor(sorted.length / 2)]);
};

/** The run's table, as printed by `npm run chaos`. */
export function chaosTable(report: ChaosReport): string {
  const rows = [
    ['faults injected', ''],
    ...report.injected,
    ['effects counted', ''],
    ...report.effects,
  ] as Array<[string, number | string]>;
  const width = Math.max(...rows.map(([what]) => what.length));
  return rows
    .map(([what, count]) =>
      count === '' ? `\n${what}` : `  ${what.padEnd(width)}  ${String(count).padStart(8)}`,
    )
    .join('\n');
}
