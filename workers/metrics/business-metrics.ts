import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * The worker's business metrics (prom-client), served at GET /metrics on the worker's health
 * port. Temporal's own worker metrics (task slots, latencies, polls) come from the Core SDK's
 * Prometheus exporter on WORKER_METRICS_PORT instead: the two registries cannot be merged.
 * One registry per worker process (tests build their own), so nothing is shared by accident.
 */
export interface WorkerMetrics {
  registry: Registry;
  /** Tickets triaged: counted when the triage note is written. */
  ticketsStarted: Counter<'program' | 'level' | 'impact'>;
  /** SLA warnings and breaches: counted when the event's internal note is written. */
  slaEvents: Counter<'event' | 'clock' | 'level' | 'impact' | 'program'>;
  /** STAR transitions (raised, acknowledged, lapsed, …): counted when their internal note is written. */
  starEvents: Counter<'event' | 'program'>;
  /** Activity executions that failed (each failed attempt), by the system that failed and how. */
  activityFailures: Counter<'activity_type' | 'integration' | 'failure_type' | 'retryable'>;
}

export function createWorkerMetrics({
  processMetrics = false,
}: { processMetrics?: boolean } = {}): WorkerMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    ticketsStarted: new Counter({
      name: 'partner_support_tickets_started_total',
      help: 'Tickets triaged (triage note written), by partner program, support level and impact',
      labelNames: ['program', 'level', 'impact'],
      registers,
    }),
    slaEvents: new Counter({
      name: 'partner_support_sla_events_total',
      help: 'SLA warnings and breaches (internal note written), by clock, support level, impact and program',
      labelNames: ['event', 'clock', 'level', 'impact', 'program'],
      registers,
    }),
    starEvents: new Counter({
      name: 'partner_support_star_events_total',
      help: 'STAR transitions (internal note written): raised, coalesced, acknowledged, unstarred, lapsed; by program',
      labelNames: ['event', 'program'],
      registers,
    }),
    activityFailures: new Counter({
      name: 'partner_support_activity_failures_total',
      help: 'Failed activity attempts, by activity, failing system (zendesk, salesforce, slack, other) and failure type',
      labelNames: ['activity_type', 'integration', 'failure_type', 'retryable'],
      registers,
    }),
  };
}
