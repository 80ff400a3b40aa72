import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ProblemFilter, ProblemRow, ProblemViewer } from '../../lib/store/case-store';
import { decodeCursor, encodeCursor } from '../../lib/store/problems';
import type { Actor, Role } from '../../workflows/domain';
import { problemSources, problemTermKinds } from '../../workflows/domain';
import { isOverseer } from '../../workflows/engine/party';
import { localToday } from '../../workflows/engine/texts';
import { problemStageLabels } from '../../workflows/problem/contract';
import { ledgerCsv, ledgerLines, ledgerXlsx } from '../ledger-files';
import { HttpRefusal } from '../refusal';
import type { LedgerFilter, LedgerStatistics, ProblemSummaryItem } from '../schemas';
import {
  LedgerFilterFields,
  LedgerListQuery,
  LedgerPageSchema,
  LedgerStatisticsQuery,
  LedgerStatisticsSchema,
  errorResponses,
} from '../schemas';

const tags = ['ledger'];
/** Who reads the ledger (docs/ledger.md): the overseers, the units, the discipline bodies; nobody else sees a problem. */
const readers: Role[] = ['office', 'leading-group', 'committee', 'unit', 'discipline'];
const needToKnow =
  'The overseers see every problem; a unit its own, a city its counties’ too; a discipline body only the problems of a case that transferred a violation to it (without their progress). Filters narrow what the caller may see, never widen it.';

/** The caller as the ledger's SQL reads them: a unit that is a city in the registry sees its counties' problems too. */
function viewerOf(app: FastifyInstance, actor: Actor): ProblemViewer {
  return { role: actor.role, unit: actor.unit, city: actor.unit ? app.units.get(actor.unit)?.kind === 'city' : false };
}

/** The query's filters for the store; a unit or city the registry does not know is refused (400), nothing read. */
function filterOf(app: FastifyInstance, q: LedgerFilter): ProblemFilter {
  if (q.unit && !app.units.has(q.unit)) {
    throw new HttpRefusal(400, `查询参数 unit：单位名录中没有代码为 ${q.unit} 的单位`, 'UnknownUnit');
  }
  if (q.city && app.units.get(q.city)?.kind !== 'city') {
    throw new HttpRefusal(400, `查询参数 city：单位名录中没有代码为 ${q.city} 的市`, 'UnknownCity');
  }
  return {
    unit: q.unit,
    city: q.city,
    sourceKind: q.source,
    year: q.year,
    article: q.article,
    termKind: q.term,
    state: q.state,
    overdue: q.overdue,
  };
}

/** One problem as the list shows it; a discipline body's has no progress (its view of a problem has none). */
function summaryOf(app: FastifyInstance, r: ProblemRow, actor: Actor): ProblemSummaryItem {
  const cityName = r.cityCode ? (app.units.get(r.cityCode)?.name ?? r.cityCode) : undefined;
  return {
    problemId: r.problemId,
    url: `/problems/${r.problemId}`,
    unit: r.unit,
    ...(r.cityCode && cityName ? { city: { code: r.cityCode, name: cityName } } : {}),
    requirement: r.requirement,
    ...(r.responsible ? { responsible: r.responsible } : {}),
    term: {
      kind: r.termKind,
      label: problemTermKinds[r.termKind] ?? r.termKind,
      ...(r.termDueDate ? { dueDate: r.termDueDate } : {}),
      ...(r.termEveryMonths ? { everyMonths: r.termEveryMonths } : {}),
    },
    ...(r.dueAt ? { dueAt: r.dueAt, dueDate: localToday(Date.parse(r.dueAt)) } : {}),
    state: r.state,
    stateLabel: problemStageLabels[r.state] ?? r.state,
    overdue: r.overdue,
    ...(r.struckOffAt ? { struckOffAt: r.struckOffAt } : {}),
    reopened: r.reopened,
    figures: r.figures,
    ...(r.lastProgress && actor.role !== 'discipline' ? { lastProgress: r.lastProgress } : {}),
    source: {
      kind: r.sourceKind,
      label: problemSources[r.sourceKind] ?? r.sourceKind,
      caseId: r.sourceCase,
      requirement: r.requirementNo,
      article: r.article,
      year: r.year,
    },
  };
}

/** A day in Beijing, as the instant it begins. */
const dayStart = (date: string) => `${date}T00:00:00+08:00`;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The rectification ledger (问题整改台账, issue 35; docs/ledger.md): the list of problems with its filters and a
 * cursor, its CSV and .xlsx exports in the office's column order, and its figures per unit and per city (Art. 11 (1)).
 * All SQL over the case store's `problems`, never Temporal; one problem with its history is `GET /problems/{problemId}`.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const ledger: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/problems',
    {
      onRequest: app.requireRole(...readers),
      schema: {
        tags,
        summary: 'Issue 35: the ledger of problems (问题整改台账), filtered, a page at a time (from the case store)',
        description: `A year's problems, newest year first, by source case and requirement. \`nextCursor\` fetches the next page with the same filters. ${needToKnow}`,
        querystring: LedgerListQuery,
        response: { 200: LedgerPageSchema, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const { cursor, limit, ...q } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (cursor !== undefined && !after) {
        throw new HttpRefusal(400, '查询参数 cursor：翻页标记无效，请从第一页重新查询', 'InvalidCursor');
      }
      const filter = filterOf(app, q);
      const page = await app.store.listProblems(filter, viewerOf(app, request.actor), after, limit);
      return {
        items: page.rows.map((r) => summaryOf(app, r, request.actor)),
        ...(page.nextCursor ? { nextCursor: encodeCursor(page.nextCursor) } : {}),
      };
    },
  );

  app.get(
    '/problems/export',
    {
      config: { audit: 'export' },
      onRequest: app.requireRole(...readers),
      schema: {
        tags,
        summary: 'Issue 35: the ledger as CSV or .xlsx, in the office’s column order (序号、问题来源 … 反弹次数)',
        description: `Every problem the filters name, in the ledger's order. CSV is UTF-8 with a BOM (Excel and WPS open the Chinese); the file is named with the date. ${needToKnow}`,
        querystring: Type.Object({
          ...LedgerFilterFields,
          format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' }),
        }),
        response: {
          200: Type.Unsafe<string | Buffer>({
            type: 'string',
            format: 'binary',
            description: 'text/csv, or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          }),
          ...errorResponses(400, 401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      const { format, ...q } = request.query;
      const filter = filterOf(app, q);
      const rows = await app.store.exportProblems(filter, viewerOf(app, request.actor));
      const lines = ledgerLines(rows, (code) => app.units.get(code)?.name, request.actor.role !== 'discipline');
      const today = localToday();
      const disposition = (ext: string) =>
        `attachment; filename="problems-${today}.${ext}"; filename*=UTF-8''${encodeURIComponent(`问题整改台账-${today}.${ext}`)}`;
      if (format === 'xlsx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', disposition('xlsx'))
          .send(await ledgerXlsx(lines, '问题整改台账'));
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', disposition('csv'))
        .send(ledgerCsv(lines));
    },
  );

  app.get(
    '/problems/statistics',
    {
      onRequest: app.requireRole(...readers),
      schema: {
        tags,
        summary: 'Issue 35 (Art. 11 (1)): the ledger’s figures per unit and per city, for the assessment (成效考核)',
        description: `Open, overdue, struck off (销号) and new in the period, reopened (反弹), and the results summed (追回资金、问责人数、建章立制). The period is \`from\`…\`to\`, both included (Beijing days; default this year until today). ${needToKnow}`,
        querystring: LedgerStatisticsQuery,
        response: { 200: LedgerStatisticsSchema, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request): Promise<LedgerStatistics> => {
      const { from: fromDay, to: toDay, ...q } = request.query;
      const today = localToday();
      const from = fromDay ?? `${today.slice(0, 4)}-01-01`;
      const to = toDay ?? today;
      if (from > to)
        throw new HttpRefusal(400, `查询参数：统计期间的起始日期（${from}）晚于截止日期（${to}）`, 'BadPeriod');
      const filter = filterOf(app, q);
      const stats = await app.store.problemStatistics(filter, viewerOf(app, request.actor), {
        from: dayStart(from),
        to: dayStart(nextDay(to)),
      });
      return {
        period: { from, to },
        scope: isOverseer(request.actor.role) ? 'all' : 'own',
        total: stats.total,
        byUnit: stats.byUnit.map(({ cityCode, ...u }) => ({ ...u, ...(cityCode ? { city: cityCode } : {}) })),
        byCity: stats.byCity.map((c) => ({ ...c, cityName: app.units.get(c.city)?.name ?? c.city })),
      };
    },
  );
};

export default ledger;
