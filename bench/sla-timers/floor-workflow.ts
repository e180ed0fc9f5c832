/**
 * The floor of the sla-timers benchmark (bench-only workflow code, bundled by the floor worker):
 * the least a Temporal workflow can do to act at an instant — sleep until it, then one activity
 * that posts to Slack. Same activity options as the ticket workflow's (workflows/partner-ticket/context.ts).
 */
import { proxyActivities, sleep } from '@temporalio/workflow';

export interface FloorAlert {
  ticketId: number;
  kind: 'warning' | 'breach';
}

export interface FloorActivities {
  postFloorAlert(alert: FloorAlert): Promise<void>;
}

const { postFloorAlert } = proxyActivities<FloorActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function slaFloor(input: FloorAlert & { dueAt: number }): Promise<void> {
  await sleep(Math.max(1, input.dueAt - Date.now()));
  await postFloorAlert({ ticketId: input.ticketId, kind: input.kind });
}
