/**
 * A span per HTTP request when tracing is on (lib/infra/tracing.ts): `HTTP <method> <route pattern>` with the method, the
 * route pattern and the status, continuing a caller's W3C `traceparent`. The request is handled inside the span's
 * context, so the Temporal client's spans (start, update, query; OpenTelemetryWorkflowClientInterceptor in the case
 * service) and through them the workflow's and the activities' join the same trace. No path values (case ids), no
 * bodies.
 */
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { tracing } from '../../../lib/infra/tracing';

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await
  async function httpTracing(app: FastifyInstance) {
    if (!tracing()) return;
    const tracer = trace.getTracer('supervision-patrol-api');
    const spans = new WeakMap<FastifyRequest, Span>();
    app.addHook('onRequest', (request, _reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const parent = propagation.extract(context.active(), request.headers);
      const span = tracer.startSpan(
        `HTTP ${request.method} ${route}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } },
        parent,
      );
      spans.set(request, span);
      context.with(trace.setSpan(parent, span), done);
    });
    app.addHook('onResponse', (request, reply, done) => {
      const span = spans.get(request);
      if (span) {
        span.setAttribute('http.response.status_code', reply.statusCode);
        if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      done();
    });
  },
  { name: 'http-tracing' },
);
