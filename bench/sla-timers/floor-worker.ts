/**
 * The floor's worker (bench-only process): the floor workflow on its own task queue, with the same
 * worker settings (WORKER_* configuration) as the real worker, posting through the same Slack
 * client as the real alert activity, to its own incoming webhook on the same Slack simulator.
 *
 *   SLA_FLOOR_TASK_QUEUE=… SLA_FLOOR_WEBHOOK_URL=… TEMPORAL_ADDRESS=… node --import tsx bench/sla-timers/floor-worker.ts
 */
import { createSlackWebhook } from '../../activities/slack/webhook-client';
import { runFloorWorker } from '../support/floor-worker';
import type { FloorActivities } from './floor-workflow';

const webhookUrl = process.env.SLA_FLOOR_WEBHOOK_URL;
if (!webhookUrl) throw new Error('SLA_FLOOR_WEBHOOK_URL is required');
const slack = createSlackWebhook(webhookUrl);
const activities: FloorActivities = {
  async postFloorAlert({ ticketId, kind }) {
    await slack.send({ text: `FLOOR SLA ${kind} on ticket #${ticketId}` });
  },
};

runFloorWorker({
  defaultTaskQueue: 'sla-bench-floor',
  taskQueueVariable: 'SLA_FLOOR_TASK_QUEUE',
  workflowsPath: require.resolve('./floor-workflow'),
  activities,
});
