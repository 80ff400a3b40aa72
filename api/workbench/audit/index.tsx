/**
 * 审计日志 (issue 33 item 3): the auditor's one page. It reads `GET /audit` in-process as the auditor, like every page
 * reads the API, so the API decides who may read the trail, and the reading is an entry of the trail itself.
 */
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { caseTimeZone } from '../../../lib/calendar/calendar';
import type { ApiError, Workbench } from '../components/context';
import { base } from '../components/context';
import { ErrorPage } from '../components/layout';
import type { AuditFilters, ShownEntry } from './page';
import { AuditLog } from './page';

const day = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** The filters of the page's query, each checked; dates are days in China time. */
function filtersOf(q: Record<string, string | undefined>): AuditFilters {
  const text = (v: string | undefined) => (v && v.trim() && v.length <= 200 ? v.trim() : undefined);
  return {
    ...(text(q.person) ? { person: text(q.person)! } : {}),
    ...(text(q.case) ? { case: text(q.case)! } : {}),
    ...(q.access && /^[a-z-]{1,40}$/.test(q.access) ? { access: q.access } : {}),
    ...(q.from && day.test(q.from) ? { from: q.from } : {}),
    ...(q.to && day.test(q.to) ? { to: q.to } : {}),
  };
}

/** The API's query of the filters: whole days in China time. */
function apiQuery(f: AuditFilters, extra: Record<string, string> = {}): string {
  const at = (d: string, plusDays = 0) =>
    DateTime.fromISO(d, { zone: caseTimeZone }).plus({ days: plusDays }).toUTC().toISO()!;
  const params = new URLSearchParams({
    ...(f.person ? { person: f.person } : {}),
    ...(f.case ? { case: f.case } : {}),
    ...(f.access ? { access: f.access } : {}),
    ...(f.from ? { from: at(f.from) } : {}),
    ...(f.to ? { to: at(f.to, 1) } : {}),
    ...extra,
  });
  return params.toString();
}

const pageQuery = (f: AuditFilters, extra: Record<string, string> = {}) =>
  new URLSearchParams({ ...(f as Record<string, string>), ...extra }).toString();

export function auditRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { noLimit, api, signedIn, layout, callRaw } = ctx;

  app.get<{ Querystring: Record<string, string | undefined> }>(
    `${base}/audit`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const filters = filtersOf(request.query);
      const after = request.query.after && request.query.after.length <= 200 ? request.query.after : undefined;
      const answer = await api<{ entries: ShownEntry[]; next?: string } & ApiError>(
        request,
        'GET',
        `/audit?${apiQuery(filters, { limit: '100', ...(after ? { after } : {}) })}`,
      );
      if (answer.status === 403) {
        return layout(
          request,
          reply,
          { title: '审计日志', status: 403 },
          <ErrorPage message="只有审计员可以查阅审计日志。" />,
        );
      }
      const problem = answer.status === 400 ? (answer.body.message ?? '筛选条件不符合要求') : undefined;
      if (answer.status !== 200 && !problem) {
        throw Object.assign(new Error('审计日志暂时无法读取，请稍后再试'), { statusCode: 503 });
      }
      return layout(request, reply, { title: '审计日志', active: 'audit' }, () => (
        <AuditLog
          filters={filters}
          entries={problem ? [] : answer.body.entries}
          csvHref={`${base}/audit.csv?${pageQuery(filters)}`}
          {...(answer.body.next
            ? { nextHref: `${base}/audit?${pageQuery(filters, { after: answer.body.next })}` }
            : {})}
          {...(problem ? { problem } : {})}
        />
      ));
    },
  );

  // The CSV as the API answers it (its Chinese headers, its size limit), as a download.
  app.get<{ Querystring: Record<string, string | undefined> }>(
    `${base}/audit.csv`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const res = await callRaw(request, 'GET', `/audit.csv?${apiQuery(filtersOf(request.query))}`);
      if (res.statusCode !== 200) {
        return layout(
          request,
          reply,
          { title: '审计日志', status: res.statusCode === 403 ? 403 : 503 },
          <ErrorPage
            message={res.statusCode === 403 ? '只有审计员可以导出审计日志。' : '审计日志暂时无法导出，请稍后再试。'}
          />,
        );
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-trail.csv"')
        .send(res.rawPayload);
    },
  );
}
