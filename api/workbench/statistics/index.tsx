/** The workbench's statistics (Art. 11, 16 (3)): charts with a data table each. */
import type { FastifyInstance } from 'fastify';
import type { ChartSpec } from './pages';
import { todayIn } from '../components/format';
import { Statistics } from './pages';
import { ErrorPage } from '../components/layout';
import type { Workbench, ApiError } from '../components/context';
import type { Statistics as StatisticsAnswer } from '../../schemas';
import { base } from '../components/context';

export function statisticsRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { now, noLimit, api, signedIn, layout } = ctx;
  // ---- 统计 (Art. 11, 16 (3)) ----

  /** A county's findings count for its city; a provincial department's for the departments. */
  const cityOf = (code: string): string => {
    const u = app.units.get(code);
    if (!u) return code;
    if (u.kind === 'department') return '省直部门';
    return u.kind === 'county' && u.parent ? (app.units.get(u.parent)?.name ?? u.name) : u.name;
  };
  const tally = (keys: string[], counts?: number[]): [string[], number[]] => {
    const m = new Map<string, number>();
    keys.forEach((k, i) => m.set(k, (m.get(k) ?? 0) + (counts ? counts[i]! : 1)));
    const sorted = [...m.entries()].sort((a, b) => b[1] - a[1]);
    return [sorted.map(([k]) => k), sorted.map(([, v]) => v)];
  };

  app.get<{ Querystring: { year?: string } }>(
    `${base}/statistics`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const year = /^[0-9]{4}$/.test(request.query.year ?? '') ? request.query.year : undefined;
      const answer = await api<StatisticsAnswer & ApiError>(
        request,
        'GET',
        `/statistics${year ? `?year=${year}` : ''}`,
      );
      if (answer.status === 403 || answer.status === 400) {
        return layout(
          request,
          reply,
          { title: '统计', active: 'statistics', status: answer.status },
          <ErrorPage message={answer.body.message ?? '无法查看统计'} />,
        );
      }
      if (answer.status !== 200) throw Object.assign(new Error('统计暂时无法读取，请稍后再试'), { statusCode: 503 });
      const f = answer.body;
      const charts: Record<string, ChartSpec> = {};
      const rated = (f.submissions ?? []).filter((x) => x.onTimeRate !== null);
      charts.onTime = {
        title: '按期提交率（按事项）',
        labels: rated.map((x) => x.label),
        values: rated.map((x) => Math.round((x.onTimeRate ?? 0) * 100)),
        percent: true,
        columns: ['事项', '按期提交率'],
      };
      if (f.findings) {
        charts.byKeyItem = {
          title: '发现的问题（按类别）',
          labels: f.findings.byKeyItem.map((x) => `${ctx.kindLabel(x.kind)}·${x.label}`),
          values: f.findings.byKeyItem.map((x) => x.count),
          columns: ['类别', '问题数'],
        };
        const [labels, values] = tally(
          f.findings.byUnit.map((x) => cityOf(x.unit)),
          f.findings.byUnit.map((x) => x.count),
        );
        charts.byCity = { title: '发现的问题（按市）', labels, values, columns: ['市', '问题数'] };
      }
      if (f.overdueNow) {
        const [labels, values] = tally(f.overdueNow.map((x) => x.unitName));
        charts.overdue = { title: '目前逾期的事项（按单位）', labels, values, columns: ['单位', '逾期事项数'] };
      }
      const thisYear = todayIn(await now()).slice(0, 4);
      const yearForm = (
        <form class="filters" method="get" action={`${base}/statistics`} aria-label="选择年度">
          <div class="filter">
            <label for="stat-year">年度</label>
            <select id="stat-year" name="year">
              <option value="">全部年度</option>
              {[0, 1, 2, 3].map((d) => {
                const y = String(Number(thisYear) - d);
                return (
                  <option value={y} selected={y === year} key={y}>
                    {y}年
                  </option>
                );
              })}
            </select>
          </div>
          <button type="submit">查看</button>
        </form>
      );
      return layout(
        request,
        reply,
        { title: year ? `${year}年统计` : '统计', active: 'statistics' },
        <Statistics charts={charts} yearForm={yearForm} />,
      );
    },
  );
}
