import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import type { AppConfig } from '../config';

export interface WorkerTracing {
  /** Interceptors for workflows and activities, and the sink that exports workflow spans. */
  plugin: OpenTelemetryPlugin;
  /** Sends the spans still buffered; call when the worker has stopped. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing of the ticket workflows and their activities (Temporal's interceptors),
 * exported over OTLP/HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT`; undefined when that is unset, so that
 * nothing is traced or sent by default.
 */
export function workerTracing(tracing: AppConfig['worker']['tracing']): WorkerTracing | undefined {
  if (!tracing) return undefined;
  const spanProcessor = new BatchSpanProcessor(
    new OTLPTraceExporter({ url: `${tracing.endpoint.replace(/\/+$/, '')}/v1/traces` }),
    // Spans leave within a second: a trace is readable while the ticket is still being triaged.
    { scheduledDelayMillis: 1000 },
  );
  const resource = new Resource({ 'service.name': tracing.serviceName });
  // Activity spans come from this tracer; workflow spans leave the sandbox through the plugin's sink.
  const provider = new BasicTracerProvider({ resource });
  provider.addSpanProcessor(spanProcessor);
  const plugin = new OpenTelemetryPlugin({
    resource,
    spanProcessor,
    tracer: provider.getTracer('partner-support-worker'),
  });
  return { plugin, shutdown: () => provider.shutdown() };
}
