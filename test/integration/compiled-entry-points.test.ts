import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { compiledEnvironment, distPath, ensureBuilt, workflowBundlePath } from '../support/compiled-build';
import { freePort, startChild, type RunningChild } from '../support/child-process';
import { eventually } from '../support/eventually';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';
import { startDevServerEnvironment } from '../support/temporal';

/**
 * What production runs: `npm run build`'s output started with plain `node` (no tsx), the worker
 * on the prebuilt workflow bundle, configured only through the environment (.env.example's
 * variables). One ticket goes the whole way: created in the Zendesk simulator → signed webhook →
 * the compiled server → the compiled worker → the triage note back in the simulator.
 */
describe('compiled entry points (node dist/…)', () => {
  let env: TestWorkflowEnvironment;
  let world: SimulatedWorld;
  const children: RunningChild[] = [];
  let serverUrl: string;
  let workerHealthUrl: string;

  const childOutput = (): string => children.map((child) => child.output()).join('\n');
  /** Waits like `eventually`, and on a timeout shows what the children printed. */
  const until = async (check: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
    try {
      await eventually(check, { timeoutMs, intervalMs: 200 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${childOutput()}`);
    }
  };
  const answers200 = async (url: string): Promise<boolean> => (await fetch(url)).status === 200;
  let serverEnv: Record<string, string>;
  let workerEnv: Record<string, string>;
  /** Runs `node dist/scripts/healthcheck.js` (the Dockerfile's HEALTHCHECK); its exit code. */
  const healthcheck = (variables: Record<string, string>): Promise<number | null> =>
    new Promise((resolve) => {
      const check = startChild('healthcheck', [distPath('scripts', 'healthcheck.js')], variables);
      check.process.once('exit', (code) => resolve(code));
    });

  beforeAll(async () => {
    await ensureBuilt();
    env = await startDevServerEnvironment();
    world = await startSimulatedWorld();
    const [httpPort, workerHealthPort] = [await freePort(), await freePort()];
    const { config } = world;
    const variables: Record<string, string> = {
      ...compiledEnvironment(env, config, { taskQueuePrefix: 'compiled', httpPort }),
      WORKER_HEALTH_PORT: String(workerHealthPort),
    };
    // As in docker-compose.yml: only the worker has WORKER_HEALTH_PORT.
    const { WORKER_HEALTH_PORT: _workerOnly, ...withoutWorkerHealth } = variables;
    [workerEnv, serverEnv] = [variables, withoutWorkerHealth];
    children.push(startChild('worker', [distPath('workers', 'main.js')], workerEnv));
    children.push(startChild('server', [distPath('client', 'server', 'main.js')], serverEnv));
    serverUrl = `http://127.0.0.1:${httpPort}`;
    workerHealthUrl = `http://127.0.0.1:${workerHealthPort}/healthz`;
    // Ready, not only alive: /healthz answers 200 while the worker still waits for Temporal.
    const workerReadyUrl = `http://127.0.0.1:${workerHealthPort}/readyz`;
    await until(async () => (await answers200(`${serverUrl}/readyz`)) && answers200(workerReadyUrl), 60_000);
    world.zendesk.setWebhook({ url: `${serverUrl}/webhooks/zendesk`, secret: config.zendesk.webhookSecret });
  }, 240_000);

  afterAll(async () => {
    world?.zendesk.setWebhook(undefined);
    await Promise.all(children.map((child) => child.stop()));
    await world?.close();
    await env?.teardown();
  });

  test('the worker runs the prebuilt bundle and reports itself healthy', async () => {
    expect(children[0].output()).toContain(`workflow code from ${workflowBundlePath}`);
    expect(await (await fetch(workerHealthUrl)).json()).toEqual({ status: 'ok', worker: 'RUNNING' });
  });

  test('a ticket created in Zendesk gets its triage note through the compiled server and worker', async () => {
    const ticketId = await world.createTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    await until(
      async () => (await world.comments(ticketId)).some((c) => !c.public && c.body.includes('triage')),
      60_000,
    );
    // Every webhook of the ticket's creation was accepted (the triage may come before the last answer).
    const deliveries = () => world.zendesk.state.webhookDeliveries.filter((d) => d.ticketId === ticketId);
    await until(async () => deliveries().every((d) => d.status !== 'pending'), 60_000);
    expect(deliveries().length).toBeGreaterThan(0);
    expect(deliveries().map((d) => d.status)).toEqual(deliveries().map(() => 'delivered'));
  });

  test("the image's HEALTHCHECK command passes for the server and for the worker", async () => {
    expect(await healthcheck(serverEnv)).toBe(0);
    expect(await healthcheck(workerEnv)).toBe(0);
  });

  test('SIGTERM drains both processes, which exit 0; the HEALTHCHECK then fails', async () => {
    await Promise.all(children.map((child) => child.stop()));
    expect(children.map((child) => child.process.exitCode)).toEqual([0, 0]);
    expect(await healthcheck(serverEnv)).toBe(1);
    expect(await healthcheck(workerEnv)).toBe(1);
  });
});
