import { compiledEnvironment, distPath, ensureBuilt } from '../support/compiled-build';
import { freePort, startChild, type RunningChild } from '../support/child-process';
import { devServerProcess, type DevServerProcess } from '../support/dev-server-process';
import { eventually } from '../support/eventually';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';

/**
 * Start-up in any order: the compiled worker and server started while nothing listens on
 * Temporal's address stay up, say why they are not ready, and connect once a dev server comes up
 * there (bounded backoff); then a ticket goes through them. docker-compose.yml relies on this.
 */
describe('worker and server started before Temporal', () => {
  let world: SimulatedWorld;
  let temporal: DevServerProcess;
  const children: RunningChild[] = [];
  let serverUrl: string;
  let workerUrl: string;

  const childOutput = (): string =>
    [...children.map((child) => child.output()), temporal.output()].join('\n');
  const until = async (check: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
    try {
      await eventually(check, { timeoutMs, intervalMs: 250 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${childOutput()}`);
    }
  };
  const answer = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(url);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await ensureBuilt();
    world = await startSimulatedWorld();
    const [temporalPort, httpPort, workerHealthPort] = [await freePort(), await freePort(), await freePort()];
    temporal = devServerProcess({ port: temporalPort });
    const variables = compiledEnvironment({ address: temporal.address, namespace: 'default' }, world.config, {
      taskQueuePrefix: 'startup',
      httpPort,
    });
    children.push(
      startChild('worker', [distPath('workers', 'main.js')], {
        ...variables,
        WORKER_HEALTH_PORT: String(workerHealthPort),
      }),
    );
    children.push(startChild('server', [distPath('client', 'server', 'main.js')], variables));
    serverUrl = `http://127.0.0.1:${httpPort}`;
    workerUrl = `http://127.0.0.1:${workerHealthPort}`;
  }, 240_000);

  afterAll(async () => {
    world?.zendesk.setWebhook(undefined);
    await Promise.all(children.map((child) => child.stop()));
    await temporal?.stop();
    await world?.close();
  });

  test('without Temporal: both stay up, alive but not ready, and say why', async () => {
    await until(async () => (await answer(`${serverUrl}/readyz`)).status === 503, 30_000);
    const server = await answer(`${serverUrl}/readyz`);
    expect(server.body).toEqual({
      error: 'TemporalUnavailable',
      message: expect.stringContaining(`Temporal at ${temporal.address} is unreachable`),
    });
    expect((await answer(`${serverUrl}/healthz`)).status).toBe(200);

    await until(async () => (await answer(`${workerUrl}/readyz`)).status === 503, 30_000);
    // Past the first retry: the reason is the failed connection's.
    await until(
      async () => String((await answer(`${workerUrl}/readyz`)).body.reason).includes('is unreachable'),
      30_000,
    );
    const worker = await answer(`${workerUrl}/readyz`);
    expect(worker).toEqual({
      status: 503,
      body: {
        status: 'starting',
        worker: 'CONNECTING',
        reason: expect.stringContaining(`Temporal at ${temporal.address} is unreachable`),
      },
    });
    expect((await answer(`${workerUrl}/healthz`)).status).toBe(200);
    // Several attempts later, neither has exited.
    await until(async () => (children[0].output().match(/worker: not ready/g) ?? []).length >= 3, 30_000);
    expect(children.map((child) => child.process.exitCode)).toEqual([null, null]);
  }, 120_000);

  test('Temporal comes up on that address: both become ready and a ticket goes through', async () => {
    await temporal.start();
    // The backoff is capped at 15 s: both connect within a few attempts.
    await until(
      async () =>
        (await answer(`${serverUrl}/readyz`)).status === 200 &&
        (await answer(`${workerUrl}/readyz`)).status === 200,
      60_000,
    );
    expect((await answer(`${workerUrl}/readyz`)).body).toEqual({ status: 'ok', worker: 'RUNNING' });

    world.zendesk.setWebhook({
      url: `${serverUrl}/webhooks/zendesk`,
      secret: world.config.zendesk.webhookSecret,
    });
    const ticketId = await world.createTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    await until(
      async () => (await world.comments(ticketId)).some((c) => !c.public && c.body.includes('triage')),
      60_000,
    );
  }, 120_000);
});
