import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { slackAlertDigestStartOptions } from '../../client/temporal/alert-digest';
import type { SupportAlert } from '../../domain/alert-digest';
import {
  SLACK_ALERT_DIGEST_WORKFLOW_TYPE,
  supportAlertSignal,
} from '../../workflows/slack-alert-digest/definitions';
import type { SlackAlertDigestInput } from '../../workflows/slack-alert-digest/types';
import type { AlertDigestActivities } from '../alert-digest-contract';
import { FailureTypes } from '../errors';
import type { SlackActivities } from './index';

type DigestWorkflow = (input: SlackAlertDigestInput) => Promise<unknown>;

/**
 * Alerts through the channel's digest workflow: the ticket's activity signals (starting it when
 * none runs), the digest's own activity posts. A retried `queueSupportAlert` may signal twice:
 * the digest drops the second by the ticket's key.
 */
export function createAlertDigestActivities(deps: {
  temporal?: Client;
  slack: SlackActivities;
}): AlertDigestActivities {
  return {
    async queueSupportAlert(alert: SupportAlert): Promise<void> {
      if (!deps.temporal) {
        throw ApplicationFailure.nonRetryable(
          'no Temporal client was given to the alert digest activities',
          FailureTypes.invalidRequest,
        );
      }
      const channel = 'alerts';
      await deps.temporal.workflow.signalWithStart<DigestWorkflow, [SupportAlert]>(
        SLACK_ALERT_DIGEST_WORKFLOW_TYPE,
        {
          ...slackAlertDigestStartOptions(channel, Context.current().info.taskQueue),
          args: [{ channel }],
          signal: supportAlertSignal,
          signalArgs: [alert],
        },
      );
    },
    async postAlertDigest({ idempotencyKey, text }): Promise<void> {
      await deps.slack.postSlackMessage({ channel: 'alerts', idempotencyKey, text });
    },
  };
}
