import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  Next,
} from '@temporalio/worker';
import type { WorkerMetrics } from './business-metrics';
import { businessEventsOf } from './ticket-writes';
import { programOfScheduler, type ProgramLookup } from './ticket-program';

/**
 * The system that failed, from the failure's message: every integration failure names it first
 * (`Zendesk …`, `Salesforce …`, `Slack …`, activities/errors.ts and the clients' failure mappers).
 */
export function integrationOf(message: string): 'zendesk' | 'salesforce' | 'slack' | 'other' {
  const system = /^(Zendesk|Salesforce|Slack)\b/.exec(message)?.[1];
  return system === undefined ? 'other' : (system.toLowerCase() as 'zendesk' | 'salesforce' | 'slack');
}

/** Labels of a failed attempt; undefined for a cancellation (a worker shutting down, a timeout), not a failure of a system. */
export function failureLabels(
  activityType: string,
  err: unknown,
): { activity_type: string; integration: string; failure_type: string; retryable: string } | undefined {
  if (err instanceof CancelledFailure) return undefined;
  const message = err instanceof Error ? err.message : String(err);
  const application = err instanceof ApplicationFailure ? err : undefined;
  return {
    activity_type: activityType,
    integration: integrationOf(message),
    // Anything but an ApplicationFailure is a bug (or an unclassified error): one bounded label.
    failure_type: application?.type ?? 'UnclassifiedError',
    retryable: String(!application?.nonRetryable),
  };
}

/**
 * Counts every activity attempt that fails, and the business events of those that succeed.
 * Counting after success means a retried write counts once (its failed attempts count as
 * failures). A write can still count twice when a worker crashes after the write but before
 * Temporal records the result: the activity runs again and succeeds again (Zendesk keeps one
 * note, by its key). For counters read as rates that is acceptable.
 * SLA and STAR events get their `program` label from the ticket workflow (`programOf`), after the
 * activity has returned: the lookup never delays or fails a write; its counter moves a moment later.
 */
export class ActivityMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly metrics: WorkerMetrics,
    private readonly activityType: string,
    private readonly programOf: ProgramLookup = () => Promise.resolve('unknown'),
  ) {}

  /** Settles once the last success has been counted (tests wait for it). */
  counted: Promise<void> = Promise.resolve();

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
    let result: unknown;
    try {
      result = await next(input);
    } catch (err) {
      const labels = failureLabels(this.activityType, err);
      if (labels) this.metrics.activityFailures.inc(labels);
      throw err;
    }
    // Never rejects into the void: a metric must not crash the worker.
    this.counted = this.countSuccess(input.args[0], result).catch(() => undefined);
    return result;
  }

  private async countSuccess(firstArgument: unknown, result: unknown): Promise<void> {
    const events = businessEventsOf(this.activityType, firstArgument, result);
    if (events.length === 0) return;
    // Looked up once, and only when an SLA or STAR event needs it.
    let program: Promise<string> | undefined;
    for (const event of events) {
      if (event.metric === 'ticketStarted') {
        this.metrics.ticketsStarted.inc(event.labels);
        continue;
      }
      program ??= this.programOf();
      const labels = { ...event.labels, program: await program };
      if (event.metric === 'slaEvent') this.metrics.slaEvents.inc(labels);
      else this.metrics.starEvents.inc(labels);
    }
  }
}

/** For `Worker.create({ interceptors: { activity: [activityMetricsInterceptors(metrics)] } })`. */
export const activityMetricsInterceptors =
  (metrics: WorkerMetrics): ActivityInterceptorsFactory =>
  (ctx) => ({
    inbound: new ActivityMetricsInterceptor(metrics, ctx.info.activityType, programOfScheduler(ctx)),
  });
