/**
 * `GET /metrics` for Prometheus (prom-client): the API process (CPU, memory, event loop, GC), its HTTP requests (a
 * histogram by method, route pattern and status), and the domain gauges from the case store at each scrape: open
 * cases by kind and stage, deadlines of open cases waiting and overdue by kind of submission, escalations so far.
 * Counts only: no unit, no case id, no text (need to know). Off unless `METRICS_TOKEN` is set; the scraper sends it as
 * a bearer token. The worker's SDK metrics (Temporal's core: workflow task latency, schedule-to-start, slots, sticky
 * cache) are on the worker's own endpoint (`METRICS_BIND_ADDRESS`, worker/logging.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await
  async function metrics(app: FastifyInstance) {
    const token = app.config.METRICS_TOKEN;
    if (!token) return;
    const register = new Registry();
    register.setDefaultLabels({ service: 'supervision-patrol-api' });
    collectDefaultMetrics({ register });
    const http = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [register],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      http.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    const open = new Gauge({
      name: 'cases_open',
      help: 'Open cases by kind and stage (case store)',
      labelNames: ['kind', 'stage'],
      registers: [register],
    });
    const deadlines = new Gauge({
      name: 'case_deadlines',
      help: 'Deadlines of open cases by kind of submission and status (waiting, overdue) (case store)',
      labelNames: ['kind', 'status'],
      registers: [register],
    });
    const escalations = new Gauge({
      name: 'case_escalations',
      help: 'Escalations so far on the deadlines of open cases, by kind of submission (case store)',
      labelNames: ['kind'],
      registers: [register],
    });
    const storeUp = new Gauge({
      name: 'case_store_up',
      help: '1 when the case store answered the last scrape',
      registers: [register],
    });

    const expected = Buffer.from(`Bearer ${token}`);
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply
          .status(401)
          .send({ statusCode: 401, error: 'Unauthorized', message: '需要监控令牌', code: 'NoToken' });
      }
      open.reset();
      deadlines.reset();
      escalations.reset();
      try {
        const figures = await app.store.gauges();
        for (const r of figures.open) open.set({ kind: r.kind, stage: r.stage }, r.count);
        for (const r of figures.deadlines) {
          deadlines.set({ kind: r.kind, status: 'waiting' }, r.waiting);
          deadlines.set({ kind: r.kind, status: 'overdue' }, r.overdue);
          escalations.set({ kind: r.kind }, r.escalations);
        }
        storeUp.set(1);
      } catch {
        storeUp.set(0);
      }
      return reply.type(register.contentType).send(await register.metrics());
    });
  },
  { name: 'metrics', dependencies: ['store'] },
);
