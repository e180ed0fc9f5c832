import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { partnerTicketStartOptions } from '../../client/temporal/start-options';
import { createActivities } from '../../activities';
import { createActivityDeps } from '../../activities/clients';
import { loadConfig } from '../../config';
import { partnerTicket } from '../../workflows';
import { statusQuery, ticketEventSignal } from '../../workflows/definitions';
import { workerTracing, type WorkerTracing } from '../../workers/tracing';
import { workflowSource } from '../../workers/workflow-source';
import { eventually } from '../support/eventually';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';
import { startDevServerEnvironment } from '../support/temporal';

/**
 * OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT): a ticket's workflow and activities arrive
 * as spans at an OTLP/HTTP collector (here a loopback server that records what it receives).
 */
describe('worker tracing over OTLP/HTTP (dev server)', () => {
  let env: TestWorkflowEnvironment;
  let world: SimulatedWorld;
  let collector: Server;
  const received: string[] = [];

  beforeAll(async () => {
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (request.url === '/v1/traces') received.push(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    [env, world] = await Promise.all([startDevServerEnvironment(), startSimulatedWorld()]);
  });
  afterAll(async () => {
    await world?.close();
    await env?.teardown();
    await new Promise((resolve) => collector?.close(resolve));
  });

  test('off unless an endpoint is configured', () => {
    expect(loadConfig({}).worker.tracing).toBeUndefined();
    expect(workerTracing(loadConfig({}).worker.tracing)).toBeUndefined();
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  test("a ticket's workflow run and its activities are exported as spans", async () => {
    const { port } = collector.address() as AddressInfo;
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
    const tracing = workerTracing(config.worker.tracing) as WorkerTracing;
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      // Even given a prebuilt bundle, a traced worker bundles workflows/ with the tracing interceptors.
      ...workflowSource('dist/workflow-bundle.js', { traceWorkflows: true }),
      activities: createActivities(createActivityDeps(world.config)),
      plugins: [tracing.plugin],
    });
    const ticketId = await world.createTicket(globexAllianceTicket({ impact: 'low' }));
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.signalWithStart(partnerTicket, {
        ...partnerTicketStartOptions(ticketId, taskQueue),
        args: [{ ticketId }],
        signal: ticketEventSignal,
        signalArgs: [
          {
            eventId: `trace-${ticketId}`,
            ticketId,
            type: 'ticket.created',
            occurredAt: new Date().toISOString(),
            actor: 'end_user',
          },
        ],
      });
      await eventually(async () => (await world.comments(ticketId)).some((c) => c.body.includes('triage')), {
        timeoutMs: 60_000,
      });
      // The triage note is one of intake's writes done together: their activity (and its span)
      // ends once the last is written, when the workflow has none pending.
      await eventually(async () => (await handle.query(statusQuery)).pendingEffects === 0, {
        timeoutMs: 60_000,
      });
      await tracing.shutdown();
    });
    const exported = received.join('\n');
    // Spans from inside the workflow (through its sink) and from the activities (the worker's tracer).
    expect(exported).toContain('HandleSignal:ticketEvent');
    expect(exported).toContain('StartActivity:gatherIntakeFacts');
    expect(exported).toContain('RunActivity:gatherIntakeFacts');
    expect(exported).toContain('RunActivity:applyTicketWrites');
    expect(exported).toContain(config.worker.tracing?.serviceName);
  });
});
