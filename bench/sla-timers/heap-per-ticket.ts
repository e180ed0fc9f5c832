/**
 * What one cached ticket workflow costs the worker's memory (bench-only, not a test).
 *
 *   node --expose-gc --import tsx bench/sla-timers/heap-per-ticket.ts --tickets 300 [--no-preload] [--snapshot]
 *
 * A worker with the project's workflow bundle and no activities holds N ticket workflows in its
 * cache, each waiting on its first activity (intake's policy read); the heap and RSS growth
 * divided by N is the per-ticket cost of the workflow sandbox (the modules each workflow
 * evaluates) plus its starting state. `--no-preload` bundles without the shared modules
 * (workers/workflow-source.ts: SHARED_WORKFLOW_MODULES) to compare; `--snapshot` writes a heap
 * snapshot for Chrome DevTools' Memory tab.
 */
import { readFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { partnerTicketStartOptions } from '../../client/temporal/start-options';
import { SHARED_WORKFLOW_MODULES } from '../../workers/workflow-source';
import { startDevServerEnvironment } from '../../test/support/temporal';

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) collect();
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string', default: '300' },
      'no-preload': { type: 'boolean', default: false },
      snapshot: { type: 'boolean', default: false },
      cache: { type: 'string' },
      bundle: { type: 'string' },
    },
  });
  const tickets = Number(values.tickets);
  const preloadModules = values['no-preload'] ? [] : [...SHARED_WORKFLOW_MODULES];
  // A prebuilt bundle (npm run build's dist/workflow-bundle.js), or workflows/ bundled now.
  const { code } = values.bundle
    ? { code: readFileSync(values.bundle, 'utf8') }
    : await bundleWorkflowCode({
        workflowsPath: require.resolve('../../workflows'),
        preloadModules,
        logger: new DefaultLogger('WARN'),
      });
  const env = await startDevServerEnvironment();
  const taskQueue = 'heap-per-ticket';
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code },
    // Workflows in this thread (not a worker thread), so that this process's heap figures and
    // snapshot include them.
    debugMode: true,
    maxCachedWorkflows: values.cache === undefined ? tickets + 10 : Number(values.cache),
  });
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  await worker.runUntil(async () => {
    // One workflow first, so that the sandbox itself is counted in the baseline.
    const start = (ticketId: number) =>
      env.client.workflow.start('partnerTicket', {
        ...partnerTicketStartOptions(ticketId, taskQueue),
        args: [{ ticketId }],
      });
    const waitCached = async (n: number) => {
      while (worker.getStatus().numCachedWorkflows < n) await new Promise((r) => setTimeout(r, 200));
    };
    await start(1);
    await waitCached(Math.min(1, worker.options.maxCachedWorkflows));
    gc();
    const before = process.memoryUsage();
    for (let i = 0; i < tickets; i += 50)
      await Promise.all(Array.from({ length: Math.min(50, tickets - i) }, (_, k) => start(1000 + i + k)));
    // Every workflow has had its first task: intake's first activity is scheduled.
    for (let i = 0; i < tickets; i++) {
      const handle = env.client.workflow.getHandle(partnerTicketStartOptions(1000 + i, taskQueue).workflowId);
      while (((await handle.describe()).raw.pendingActivities ?? []).length === 0)
        await new Promise((r) => setTimeout(r, 200));
    }
    gc();
    const after = process.memoryUsage();
    console.log(
      `${values.bundle ? `bundle ${values.bundle}` : `preloaded modules: [${preloadModules.join(', ')}]`}; ` +
        `${tickets} cached ticket workflows: ` +
        `heap +${mib(after.heapUsed - before.heapUsed)} MiB (${((after.heapUsed - before.heapUsed) / tickets / 1024).toFixed(0)} KiB a ticket), ` +
        `RSS +${mib(after.rss - before.rss)} MiB (${((after.rss - before.rss) / tickets / 1024).toFixed(0)} KiB a ticket); ` +
        `external +${mib(after.external - before.external)} MiB, heap committed +${mib(after.heapTotal - before.heapTotal)} MiB; ` +
        `heap ${mib(after.heapUsed)} MiB, RSS ${mib(after.rss)} MiB in all`,
    );
    if (values.snapshot) console.log(`heap snapshot: ${writeHeapSnapshot()}`);
  });
  await env.teardown();
}

main().catch((err: unknown) => {
  console.error('heap-per-ticket: failed', err);
  process.exit(1);
});
