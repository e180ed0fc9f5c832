/**
 * The intake benchmark's floor (bench-only workflow code, bundled by its floor worker): a bare
 * workflow doing as many activities, one after another, as a ticket's triage does, each a no-op.
 * Same activity options as the ticket workflow's (workflows/partner-ticket/context.ts).
 */
import { proxyActivities } from '@temporalio/workflow';

export interface FloorActivities {
  noop(step: number): Promise<void>;
}

const { noop } = proxyActivities<FloorActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function bareTriage(activities: number): Promise<void> {
  for (let step = 0; step < activities; step += 1) await noop(step);
}
