import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compiledEnvironment, distPath, ensureBuilt } from '../test/support/compiled-build';
import { ensureChaosBuild } from './build';
import { freePort, startChild, type RunningChild } from '../test/support/child-process';
import { devServerProcess, type DevServerProcess } from '../test/support/dev-server-process';
import { startSimulatedWorld, type SimulatedWorld } from '../test/support/simulated-world';
import { createS3Client } from '../activities/files/s3-client';
import { loadWorld } from '../simulators/fixtures/world';
import { seedS3, type RunningS3 } from '../simulators/moto-s3';
import { startMotoOnFreePort } from '../test/support/moto';

/**
 * What a chaos run breaks: the Temporal dev server on a file database, two workers and the
 * webhook/API server as `node dist/…` child processes (each restartable), and the simulators in
 * this process (the outside world, which keeps its state across the storm).
 */
export interface ChaosStack {
  world: SimulatedWorld;
  /** moto's S3: the partners' buckets of the fixture world and the support bucket (A5). */
  s3: { server: RunningS3; client: ReturnType<typeof createS3Client>; supportBucket: string };
  /** The API's bearer token (A1 requests). */
  apiToken: string;
  temporal: DevServerProcess;
  serverUrl: string;
  taskQueue: string;
  workflowBundlePath: string;
  /** Worker i (0 or 1): kill (SIGKILL) and start again. */
  workers: RestartableProcess[];
  server: RestartableProcess;
  close(): Promise<void>;
  /** What the children and Temporal printed last, for a failure's message. */
  output(): string;
}

export interface RestartableProcess {
  name: string;
  alive(): boolean;
  /** Answers its readiness endpoint with 200 (polls its task queue; Temporal ready for the server). */
  ready(): Promise<boolean>;
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  start(): void;
  restarts: number;
}

function restartable(
  name: string,
  script: string,
  env: Record<string, string>,
  readyUrl: string,
): RestartableProcess {
  let child: RunningChild | undefined;
  let log = '';
  const self: RestartableProcess = {
    name,
    restarts: -1,
    ready: () =>
      fetch(readyUrl, { signal: AbortSignal.timeout(3_000) }).then(
        (response) => response.status === 200,
        () => false,
      ),
    alive: () => child !== undefined && child.process.exitCode === null && child.process.signalCode === null,
    start() {
      if (child) log = child.output().slice(-4_000);
      child = startChild(name, [script], env);
      self.restarts += 1;
    },
    async kill(signal) {
      const current = child;
      if (!current || !self.alive()) return;
      const exited = new Promise<void>((resolve) => current.process.once('exit', () => resolve()));
      current.process.kill(signal);
      const force = setTimeout(() => current.process.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(force);
    },
  };
  Object.defineProperty(self, 'output', { value: () => `${log}\n${child?.output().slice(-4_000) ?? ''}` });
  return self;
}

/** Stacks still up: a test that times out closes them (closeChaosStacks) instead of leaking processes. */
const openStacks = new Set<ChaosStack>();
export const closeChaosStacks = (): Promise<unknown> =>
  Promise.allSettled([...openStacks].map((s) => s.close()));

export async function startChaosStack({
  clockBehindMs,
  build,
  log,
}: {
  clockBehindMs: number;
  /** `dist`: `npm run build`'s output, shared with the other tests; `own`: .tools/chaos-build. */
  build: 'dist' | 'own';
  log: (line: string) => void;
}): Promise<ChaosStack> {
  const { dist } =
    build === 'own' ? await ensureChaosBuild(log) : await ensureBuilt().then(() => ({ dist: distPath }));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chaos-temporal-'));
  const temporal = devServerProcess({
    port: await freePort(),
    dbFilename: path.join(dataDir, 'temporal.db'),
  });
  await temporal.start();
  const world = await startSimulatedWorld({ clockBehindMs });
  const s3Server = await startMotoOnFreePort();
  const s3Credentials = {
    region: 'us-east-1',
    accessKeyId: 'chaos-access-key',
    secretAccessKey: 'chaos-secret-key',
  };
  const s3Client = createS3Client({ endpoint: s3Server.url, forcePathStyle: true, ...s3Credentials });
  const supportBucket = 'partner-support-files-chaos';
  await seedS3(s3Client, loadWorld(), supportBucket);
  const httpPort = await freePort();
  const apiToken = 'chaos-api-token-0000000001';
  const env: Record<string, string> = {
    ...compiledEnvironment({ address: temporal.address, namespace: 'default' }, world.config, {
      taskQueuePrefix: 'chaos',
      httpPort,
    }),
    PARTNER_ESCALATION_SECRETS: '1003=globex-escalation-secret-0001',
    API_BEARER_TOKEN: apiToken,
    S3_ENDPOINT: s3Server.url,
    S3_REGION: s3Credentials.region,
    S3_ACCESS_KEY_ID: s3Credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3Credentials.secretAccessKey,
    SUPPORT_BUCKET: supportBucket,
    // Both reconciliations run through the storm: the Zendesk export brings what webhooks lost
    // (and what they also delivered: applied once), the A1 reconciliation meets running requests.
    ZENDESK_RECONCILE_EVERY: '20s',
    PARTNER_RECONCILE_EVERY: '1 minute',
    LOG_LEVEL: 'error',
    WORKFLOW_BUNDLE_PATH: dist('workflow-bundle.js'),
  };
  const taskQueue = env.TEMPORAL_TASK_QUEUE;
  const workers: RestartableProcess[] = [];
  for (const i of [1, 2]) {
    const healthPort = await freePort();
    workers.push(
      restartable(
        `worker-${i}`,
        dist('workers', 'main.js'),
        { ...env, WORKER_HEALTH_PORT: String(healthPort) },
        `http://127.0.0.1:${healthPort}/readyz`,
      ),
    );
  }
  const server = restartable(
    'server',
    dist('client', 'server', 'main.js'),
    env,
    `http://127.0.0.1:${httpPort}/readyz`,
  );
  for (const process of [...workers, server]) process.start();
  const serverUrl = `http://127.0.0.1:${httpPort}`;
  const all = [...workers, server];
  const stack: ChaosStack = {
    world,
    s3: { server: s3Server, client: s3Client, supportBucket },
    apiToken,
    temporal,
    serverUrl,
    taskQueue,
    workflowBundlePath: dist('workflow-bundle.js'),
    workers,
    server,
    output: () =>
      [
        ...all.map((p) => (p as unknown as { output(): string }).output()),
        temporal.output().slice(-4_000),
      ].join('\n'),
    async close() {
      if (!openStacks.delete(stack)) return;
      world.zendesk.setWebhook(undefined);
      await Promise.all(all.map((p) => p.kill('SIGTERM')));
      await temporal.stop();
      await world.close();
      s3Client.destroy();
      await s3Server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  openStacks.add(stack);
  return stack;
}

export const chaosRunId = (): string => randomUUID().slice(0, 8);
