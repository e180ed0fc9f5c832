import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one server instance (its own registry, so tests and several servers in
 * one process do not share counters): requests by route and status, latency, signals sent,
 * Zendesk events ignored.
 */
export interface ServerMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
  signals: Counter<'signal' | 'outcome'>;
  /** Zendesk events acknowledged without reaching a workflow (unsubscribed types, our own comments…). */
  zendeskEventsIgnored: Counter<'event_type' | 'reason'>;
}

export function createServerMetrics({
  processMetrics = false,
}: { processMetrics?: boolean } = {}): ServerMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    signals: new Counter({
      name: 'temporal_signals_total',
      help: 'Signals sent to ticket workflows (signal-with-start), by outcome',
      labelNames: ['signal', 'outcome'],
      registers: [registry],
    }),
    zendeskEventsIgnored: new Counter({
      name: 'zendesk_webhook_events_ignored_total',
      help: 'Zendesk webhook events acknowledged and ignored, by Zendesk event type and reason',
      labelNames: ['event_type', 'reason'],
      registers: [registry],
    }),
  };
}

/** Records every answered request. Unmatched URLs share one label, so scanners cannot explode cardinality. */
export function instrumentRequests(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}

export function registerMetricsRoute(app: FastifyInstance, metrics: ServerMetrics): void {
  app.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
