import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { compiledEnvironment, distPath, ensureBuilt } from '../support/compiled-build';
import { freePort, startChild, type RunningChild } from '../support/child-process';
import { dashboardMetricNames } from '../support/dashboard';
import { eventually } from '../support/eventually';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';
import { startDevServerEnvironment } from '../support/temporal';

/**
 * The worker's two Prometheus endpoints, on the compiled worker in a child process (the Core
 * SDK's exporter is part of the runtime, installed once per process: this test process has its
 * own quiet one): Temporal's worker metrics on WORKER_METRICS_PORT, the business metrics on
 * WORKER_HEALTH_PORT's /metrics, after one ticket from a Zendesk webhook to its triage note.
 */
describe('worker metrics (node dist/workers/main.js)', () => {
  let env: TestWorkflowEnvironment;
  let world: SimulatedWorld;
  const children: RunningChild[] = [];
  let coreMetricsUrl: string;
  let businessMetricsUrl: string;
  let serverUrl: string;

  const until = async (check: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
    try {
      await eventually(check, { timeoutMs, intervalMs: 200 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${children.map((child) => child.output()).join('\n')}`);
    }
  };
  const text = async (url: string): Promise<string> => {
    const response = await fetch(url);
    return response.status === 200 ? response.text() : '';
  };

  beforeAll(async () => {
    await ensureBuilt();
    env = await startDevServerEnvironment();
    world = await startSimulatedWorld();
    const [httpPort, healthPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
    const { config } = world;
    const variables: Record<string, string> = {
      ...compiledEnvironment(env, config, { taskQueuePrefix: 'metrics', httpPort }),
    };
    const workerVariables = {
      ...variables,
      WORKER_HEALTH_PORT: String(healthPort),
      WORKER_METRICS_PORT: String(metricsPort),
    };
    children.push(startChild('worker', [distPath('workers', 'main.js')], workerVariables));
    children.push(startChild('server', [distPath('client', 'server', 'main.js')], variables));
    serverUrl = `http://127.0.0.1:${httpPort}`;
    coreMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    businessMetricsUrl = `http://127.0.0.1:${healthPort}/metrics`;
    await until(
      async () =>
        (await fetch(`${serverUrl}/readyz`)).status === 200 &&
        (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status === 200,
      60_000,
    );
    world.zendesk.setWebhook({ url: `${serverUrl}/webhooks/zendesk`, secret: config.zendesk.webhookSecret });
  }, 240_000);

  afterAll(async () => {
    world?.zendesk.setWebhook(undefined);
    await Promise.all(children.map((child) => child.stop()));
    await world?.close();
    await env?.teardown();
  });

  test("one ticket: Temporal's worker metrics and the business metrics", async () => {
    const ticketId = await world.createTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    await until(
      async () => (await world.comments(ticketId)).some((c) => !c.public && c.body.includes('triage')),
      60_000,
    );
    // The triage note counted once its activity completed.
    await until(
      async () =>
        /^partner_support_tickets_started_total\{program="alliance",level="priority",impact="highly_degraded"\} 1$/m.test(
          await text(businessMetricsUrl),
        ),
      20_000,
    );
    const business = await text(businessMetricsUrl);
    expect(business).toContain('# TYPE partner_support_activity_failures_total counter');
    expect(business).toContain('process_cpu_user_seconds_total');
    // The Core SDK's exporter: task slots and the workflow task latency the dashboard charts.
    await until(
      async () => (await text(coreMetricsUrl)).includes('temporal_workflow_task_execution_latency'),
      20_000,
    );
    const core = await text(coreMetricsUrl);
    expect(core).toMatch(/^temporal_worker_task_slots_available\{.*worker_type="WorkflowWorker".*\} \d+$/m);
    expect(core).toMatch(/^temporal_workflow_task_queue_poll_succeed_total\{/m);
    // The sample Grafana dashboard charts only metrics the worker exports.
    for (const name of dashboardMetricNames().filter((metric) => metric.startsWith('temporal_'))) {
      expect({ name, exported: new RegExp(`^${name}(_bucket)?\\{`, 'm').test(core) }).toEqual({
        name,
        exported: true,
      });
    }
  });

  test("a STAR raised through the API is counted with the ticket's program", async () => {
    const ticketId = await world.createTicket(globexAllianceTicket({ impact: 'medium' }));
    const escalate = async (): Promise<number> =>
      (
        await fetch(`${serverUrl}/api/tickets/${ticketId}/escalations`, {
          method: 'POST',
          headers: { authorization: 'Bearer local-api-token-change-me', 'content-type': 'application/json' },
          body: JSON.stringify({
            reason: 'Customer down',
            desiredActions: 'Call us',
            submitter: 'carol@globex.example',
          }),
        })
      ).status;
    expect(await escalate()).toBeLessThan(300);
    await until(
      async () =>
        /^partner_support_star_events_total\{event="raised",program="alliance"\} 1$/m.test(
          await text(businessMetricsUrl),
        ),
      60_000,
    );
  });
});
