/**
 * OpenTelemetry tracing, on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the OTLP/HTTP base URL of a collector, e.g.
 * http://otel-collector:4318; spans go to <endpoint>/v1/traces as JSON). One provider per process, registered
 * globally: the API's requests, the Temporal client calls they make (@temporalio/interceptors-opentelemetry propagates
 * the context in Temporal headers), the workflows (their spans leave through a sink, deterministically) and the
 * activities join one trace per request. Span names and attributes carry ids and kinds, never a case's text.
 */
import { Resource } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ClientOptions } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

export interface Tracing {
  resource: Resource;
  exporter: SpanExporter;
  processor: SpanProcessor;
  /** Export what is buffered (tests; before exit). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

/** The process's tracing, started on first call when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; otherwise undefined. */
export function startTracing(
  service: string,
  settings: { OTEL_EXPORTER_OTLP_ENDPOINT?: string; OTEL_SERVICE_NAME?: string },
): Tracing | undefined {
  if (current) return current;
  const endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  const resource = new Resource({ 'service.name': settings.OTEL_SERVICE_NAME ?? service });
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` });
  const processor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  current = {
    resource,
    exporter,
    processor,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
  return current;
}

/** The process's tracing if it was started. */
export const tracing = (): Tracing | undefined => current;

/**
 * Options for a Temporal `Client` of this process: with tracing on, each call is a span and carries the trace to the
 * workflow in its headers. Spread into `new Client({ ... })`.
 */
export function tracedClientOptions(): Pick<ClientOptions, 'interceptors'> {
  return current ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {};
}
