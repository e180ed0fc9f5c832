/**
 * The floor's worker (bench-only process): the floor workflow on its own task queue, with the same
 * worker settings (WORKER_* configuration) as the real worker, posting through the same Slack
 * client as the real alert activity, to its own incoming webhook on the same Slack simulator.
 *
 *   SLA_FLOOR_TASK_QUEUE=… SLA_FLOOR_WEBHOOK_URL=… TEMPORAL_ADDRESS=… node --import tsx bench/sla-timers/floor-worker.ts
 */
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createSlackWebhook } from '../../activities/slack/webhook-client';
import { loadConfig } from '../../config';
import { workerTuningOptions } from '../../workers/worker-tuning';
import type { FloorActivities } from './floor-workflow';

async function main(): Promise<void> {
  const config = loadConfig();
  const taskQueue = process.env.SLA_FLOOR_TASK_QUEUE ?? 'sla-bench-floor';
  const webhookUrl = process.env.SLA_FLOOR_WEBHOOK_URL;
  if (!webhookUrl) throw new Error('SLA_FLOOR_WEBHOOK_URL is required');
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const slack = createSlackWebhook(webhookUrl);
  const activities: FloorActivities = {
    async postFloorAlert({ ticketId, kind }) {
      await slack.send({ text: `FLOOR SLA ${kind} on ticket #${ticketId}` });
    },
  };
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: require.resolve('./floor-workflow'),
    activities,
    ...workerTuningOptions(config.worker.tuning),
  });
  console.log(`floor worker: polling ${taskQueue}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error('floor worker: failed', err);
  process.exit(1);
});
