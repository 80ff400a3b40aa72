/**
 * 整改台账 (issue 35; docs/ledger.md): the ledger's list as the API answers GET /problems to the person (a unit its own
 * problems, a city's unit its counties' too; the overseers all, with filters), paged by the API's cursor, its CSV and
 * Excel exports passed on from GET /problems/export, and for the overseers the figures per city from
 * GET /problems/statistics as charts. Each problem opens on its case page (/workbench/cases/{problemId}).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../workflows/domain';
import { problemSources, problemTermKinds } from '../../../workflows/domain';
import { problemStageLabels } from '../../../workflows/problem/contract';
import type { LedgerStatistics, ProblemSummaryItem } from '../../schemas';
import { caseIdentity, snippetOf } from '../../../lib/documents/case-identity';
import { chineseDate, dueStatus, lightDay, todayIn } from '../components/format';
import { ErrorPage } from '../components/layout';
import type { ApiError, Workbench } from '../components/context';
import { base } from '../components/context';
import { figureEntries, termText } from '../cases/problem-view';
import type { ChartSpec } from '../statistics/pages';
import type { LedgerFilter, LedgerItem } from './pages';
import { Ledger, LedgerFilters } from './pages';

/** The overseers: every problem, the filters by unit and city, the charts. */
const overseers: readonly Role[] = ['office', 'leading-group', 'committee'];

/** Problems a page shows. */
const pageSize = 50;

type Query = Record<string, string | undefined>;

export function ledgerRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { yellowDays, now, noLimit, api, callRaw, signedIn, layout, unitName } = ctx;
  const registry = [...app.units.values()];
  const cities = registry.filter((u) => u.kind === 'city');
  const yearsFrom = (today: string) => [0, 1, 2, 3].map((d) => String(Number(today.slice(0, 4)) - d));

  /** The filters the address names, each checked against what it may be (anything else is left out). */
  function filtersOf(q: Query, today: string): Record<string, string> {
    const known = (value: string | undefined, options: readonly string[]) =>
      value && options.includes(value) ? value : undefined;
    const picked: Record<string, string | undefined> = {
      unit: known(
        q.unit,
        registry.map((u) => u.code),
      ),
      city: known(
        q.city,
        cities.map((u) => u.code),
      ),
      source: known(q.source, Object.keys(problemSources)),
      year: known(q.year, yearsFrom(today)),
      term: known(q.term, Object.keys(problemTermKinds)),
      state: known(q.state, Object.keys(problemStageLabels)),
      overdue: known(q.overdue, ['true', 'false']),
    };
    return Object.fromEntries(Object.entries(picked).filter((e): e is [string, string] => Boolean(e[1])));
  }

  const href = (path: string, params: Record<string, string | undefined>) => {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
    return query.size ? `${path}?${query}` : path;
  };

  /** The filters a person is offered: the overseers all; a unit those within its own problems. */
  function filterFields(role: Role, unit: string | undefined, chosen: Record<string, string>, today: string) {
    const counties = registry.filter((u) => u.parent && u.parent === unit);
    const fields: LedgerFilter[] = [];
    const add = (name: string, label: string, options: Array<[string, string]>) =>
      fields.push({ name, label, options, value: chosen[name] });
    if (overseers.includes(role)) {
      add(
        'city',
        '市（含所辖县）',
        cities.map((u) => [u.code, u.name]),
      );
      add('unit', '责任单位', ctx.units());
      add('source', '问题来源', Object.entries(problemSources));
    } else if (counties.length) {
      add('unit', '责任单位', [
        [unit!, unitName(unit!) ?? '本单位'],
        ...counties.map((u): [string, string] => [u.code, u.name]),
      ]);
    }
    add(
      'year',
      '年度',
      yearsFrom(today).map((y) => [y, `${y}年`]),
    );
    add('term', '整改时限类型', Object.entries(problemTermKinds));
    add('state', '整改状态', Object.entries(problemStageLabels));
    add('overdue', '是否逾期', [
      ['true', '已逾期'],
      ['false', '未逾期'],
    ]);
    return fields;
  }

  function itemOf(p: ProblemSummaryItem, today: string): LedgerItem {
    const dueDate = p.state === 'rectifying' ? p.dueDate : undefined;
    const source = caseIdentity(p.source.caseId, p.unit.name);
    const sourceKind = p.source.kind as keyof typeof problemSources;
    const stage = p.state as keyof typeof problemStageLabels;
    const figures = figureEntries({
      ...(p.figures.recoveredYuan ? { recoveredYuan: p.figures.recoveredYuan } : {}),
      ...(p.figures.heldAccountable ? { heldAccountable: p.figures.heldAccountable } : {}),
      ...(p.figures.rulesMade ? { rulesMade: p.figures.rulesMade } : {}),
      other: p.figures.other,
    });
    return {
      problemId: p.problemId,
      href: `${base}/cases/${encodeURIComponent(p.problemId)}`,
      requirement: snippetOf(p.requirement, 60),
      unitName: p.unit.name,
      // The source's title names its kind (巡查、督查、群众举报); a follow-up visit's is said apart.
      source: `${source.reference ?? source.title}第${p.source.requirement}项整改要求${sourceKind === 'follow-up' ? `（${problemSources[sourceKind]}）` : ''}`,
      term: termText({
        kind: p.term.kind as keyof typeof problemTermKinds,
        ...(p.term.dueDate ? { dueDate: p.term.dueDate } : {}),
        ...(p.term.everyMonths ? { everyMonths: p.term.everyMonths } : {}),
      }),
      stageLabel: problemStageLabels[stage] ?? p.stateLabel,
      ...(dueDate ? { dueDate, due: dueStatus(dueDate, today, yellowDays, p.overdue) } : {}),
      ...(p.struckOffAt && p.state === 'struck-off' ? { struckOffAt: p.struckOffAt } : {}),
      ...(p.responsible ? { responsible: p.responsible.person } : {}),
      ...(figures.length ? { figures: figures.map(([l, v]) => `${l}${v}`).join('，') } : {}),
      ...(p.lastProgress ? { lastProgress: snippetOf(p.lastProgress.what, 60) } : {}),
      reopened: p.reopened,
    };
  }

  /** The figures per city (a county's count for its city; the provincial departments together), as three charts. */
  async function chartsOf(request: FastifyRequest, year: string | undefined) {
    // The year chosen: its problems, and those struck off within it (the API's default: this year until today).
    const period = year ? { from: `${year}-01-01`, to: `${year}-12-31` } : {};
    const answer = await api<LedgerStatistics>(request, 'GET', href('/problems/statistics', { year, ...period }));
    if (answer.status !== 200) return undefined;
    const byCity = new Map<string, { open: number; overdue: number; struckOff: number }>();
    for (const u of answer.body.byUnit) {
      const city = u.city ? (unitName(u.city) ?? u.unitName) : '省直部门';
      const c = byCity.get(city) ?? { open: 0, overdue: 0, struckOff: 0 };
      c.open += u.open;
      c.overdue += u.overdue;
      c.struckOff += u.struckOffInPeriod;
      byCity.set(city, c);
    }
    const chart = (title: string, key: 'open' | 'overdue' | 'struckOff', column: string): ChartSpec => {
      const rows = [...byCity.entries()].filter(([, c]) => c[key] > 0).sort((a, b) => b[1][key] - a[1][key]);
      return { title, labels: rows.map(([l]) => l), values: rows.map(([, c]) => c[key]), columns: ['市', column] };
    };
    return {
      charts: {
        ledgerOpen: chart('未销号的问题（按市）', 'open', '未销号问题数'),
        ledgerOverdue: chart('逾期未整改的问题（按市）', 'overdue', '逾期问题数'),
        ledgerStruckOff: chart('期内销号的问题（按市）', 'struckOff', '销号问题数'),
      },
      note: `销号的统计期间：${periodText(answer.body.period)}。县（市、区）的问题计入所在市，省直部门合并计算。`,
    };
  }

  async function ledgerPage(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) {
    const actor = request.actor;
    const clock = await now();
    const today = lightDay(clock);
    const filters = filtersOf(request.query, todayIn(clock));
    const cursor = /^[A-Za-z0-9_-]{1,300}$/.test(request.query.cursor ?? '') ? request.query.cursor : undefined;
    const answer = await api<{ items: ProblemSummaryItem[]; nextCursor?: string } & ApiError>(
      request,
      'GET',
      href('/problems', { ...filters, limit: String(pageSize), cursor }),
    );
    if (answer.status === 403 || answer.status === 400) {
      return layout(
        request,
        reply,
        { title: '整改台账', active: 'ledger', status: answer.status },
        <ErrorPage message={answer.body.message ?? '无法查看整改台账'} />,
      );
    }
    if (answer.status !== 200) throw Object.assign(new Error('整改台账暂时无法读取，请稍后再试'), { statusCode: 503 });
    const overseer = overseers.includes(actor.role);
    const counties = registry.some((u) => u.parent && u.parent === actor.unit);
    const scope = overseer
      ? '全省的整改问题'
      : actor.role === 'unit'
        ? counties
          ? '本单位及所辖县（市、区）的整改问题（所辖县的问题只能查看，由其自行办理）'
          : '本单位的整改问题'
        : '向本机关移交问题线索的督查巡查所涉的整改问题';
    const exportHref = (format: string) => href(`${base}/ledger/export`, { format, ...filters });
    const stats = overseer ? await chartsOf(request, filters.year) : undefined;
    return layout(
      request,
      reply,
      { title: '整改台账', active: 'ledger' },
      <Ledger
        items={answer.body.items.map((p) => itemOf(p, today))}
        yellowDays={yellowDays}
        scope={scope}
        filterForm={
          <LedgerFilters
            action={`${base}/ledger`}
            filters={filterFields(actor.role, actor.unit, filters, todayIn(clock))}
          />
        }
        exports={{ csv: exportHref('csv'), xlsx: exportHref('xlsx') }}
        {...(answer.body.nextCursor
          ? { next: href(`${base}/ledger`, { ...filters, cursor: answer.body.nextCursor }) }
          : {})}
        {...(cursor ? { first: href(`${base}/ledger`, filters) } : {})}
        {...(stats ? { charts: stats.charts, chartsNote: stats.note } : {})}
      />,
    );
  }

  app.get<{ Querystring: Query }>(
    `${base}/ledger`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    ledgerPage,
  );

  // The exports as the API answers them to the person (its need to know, its column order), passed on.
  app.get<{ Querystring: Query }>(
    `${base}/ledger/export`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const format = request.query.format === 'xlsx' ? 'xlsx' : 'csv';
      const filters = filtersOf(request.query, todayIn(await now()));
      const res = await callRaw(request, 'GET', href('/problems/export', { format, ...filters }));
      if (res.statusCode !== 200) {
        return layout(
          request,
          reply,
          { title: '无法导出', active: 'ledger', status: res.statusCode === 403 ? 403 : 503 },
          <ErrorPage message="整改台账暂时无法导出，请稍后再试。" />,
        );
      }
      for (const h of ['content-type', 'content-disposition']) {
        const v = res.headers[h];
        if (v !== undefined) reply.header(h, v);
      }
      return reply.header('cache-control', 'private, no-store').send(res.rawPayload);
    },
  );
}

/** A period of the statistics (Beijing days, both included) as officials write it: `2026年1月1日至2026年12月31日`. */
const periodText = (period: { from: string; to: string }): string =>
  `${chineseDate(period.from)}至${chineseDate(period.to)}`;
