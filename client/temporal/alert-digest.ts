import type { WorkflowOptions } from '@temporalio/client';
import { slackAlertDigestWorkflowId } from '../../workflows/slack-alert-digest/definitions';

/**
 * How a Slack destination's digest starts, chosen on purpose:
 * - one workflow ID per destination (`slack-alert-digest-<channel>`), so that every ticket's
 *   alert reaches the one workflow that paces that webhook;
 * - `USE_EXISTING`: a running digest gets the signal (never a second one posting in parallel);
 * - `ALLOW_DUPLICATE`: a digest that ended (terminated by hand, or failed) is replaced by the
 *   next alert; a running one only ever continues as new.
 */
export function slackAlertDigestStartOptions(
  channel: string,
  taskQueue: string,
): Pick<WorkflowOptions, 'workflowId' | 'taskQueue' | 'workflowIdReusePolicy' | 'staticSummary'> &
  Required<Pick<WorkflowOptions, 'workflowIdConflictPolicy'>> {
  return {
    workflowId: slackAlertDigestWorkflowId(channel),
    taskQueue,
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `Slack alert digest (${channel})`,
  };
}
