/** 我的待办, 我的已办 and 督查巡查: the lists an official works from, with their filters. */
import type { FastifyInstance } from 'fastify';
import type { CaseSummary, Task } from '../../services/cases';
import type { PersonEvent } from '../../../lib/store/case-store';
import { dueStatus, todayIn } from '../components/format';
import type { CaseRow, DoneItem, Filters, InboxItem } from './views/lists';
import { CaseList, Done, FilterForm, Inbox } from './views/lists';
import type { Workbench, ApiError } from '../components/context';
import { base, anchorOf, yearOf } from '../components/context';
import { caseIdentity } from '../../../lib/documents/case-identity';
import { singleParentheses } from './record';

export function listRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { yellowDays, now, noLimit, units, unitName, api, signedIn, layout } = ctx;
  const { kindOptions, caseKindOptions, stageOptions } = ctx;
  const stageLabelOf = (kind: string, stage: string) => app.kinds.get(kind)?.record?.stageLabels[stage] ?? stage;
  // ---- 我的待办 ----

  const filtersOf = (q: Record<string, string | undefined>): Filters => ({
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.unit ? { unit: q.unit } : {}),
    ...(q.stage ? { stage: q.stage } : {}),
    ...(q.year && /^[0-9]{4}$/.test(q.year) ? { year: q.year } : {}),
  });

  const years = (ids: string[]) => [...new Set(ids.map(yearOf).filter((y): y is string => Boolean(y)))].sort();

  app.get<{ Querystring: Record<string, string | undefined> }>(
    `${base}/`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const answer = await api<{ tasks: Task[] }>(request, 'GET', '/my/tasks');
      if (answer.status === 403) {
        return layout(
          request,
          reply,
          { title: '我的待办', active: 'inbox' },
          <p class="empty">您的身份没有待办事项。</p>,
        );
      }
      if (answer.status !== 200)
        throw Object.assign(new Error('待办事项暂时无法读取，请稍后再试'), { statusCode: 503 });
      const tasks = answer.body.tasks;
      const filters = filtersOf(request.query);
      const today = todayIn(await now());
      const items: InboxItem[] = tasks
        .filter(
          (t) =>
            (!filters.kind || t.kind === filters.kind) &&
            (!filters.stage || t.stage === filters.stage) &&
            (!filters.unit || t.unitName === unitName(filters.unit)) &&
            (!filters.year || yearOf(t.caseId) === filters.year),
        )
        .map((t) => {
          const stepUrl = t.url.slice(t.url.indexOf(`/${t.caseId}/`) + t.caseId.length + 2);
          const identity = caseIdentity(t.caseId, t.unitName);
          return {
            caseId: t.caseId,
            caseTitle: identity.title,
            ...(identity.reference ? { reference: identity.reference } : {}),
            ...(t.startedAt ? { startedAt: t.startedAt } : {}),
            ...(t.snippet ? { snippet: t.snippet } : {}),
            kindLabel: ctx.kindLabel(t.kind),
            unitName: t.unitName,
            stageLabel: t.stageLabel,
            label: t.label,
            ...(t.handler ? { handler: t.handler } : {}),
            step: t.step,
            href: `${base}/cases/${encodeURIComponent(t.caseId)}#${anchorOf(stepUrl)}`,
            ...(t.dueDate ? { dueDate: t.dueDate, due: dueStatus(t.dueDate, today, yellowDays, t.overdue) } : {}),
          };
        });
      const filterForm = (
        <FilterForm
          action={`${base}/`}
          filters={filters}
          kinds={kindOptions}
          units={units()}
          stages={stageOptions}
          years={years(tasks.map((t) => t.caseId))}
        />
      );
      return layout(
        request,
        reply,
        { title: '我的待办', active: 'inbox' },
        <Inbox items={items} total={tasks.length} yellowDays={yellowDays} filterForm={filterForm} />,
      );
    },
  );

  // ---- 我的已办 ----

  app.get(`${base}/done`, { config: noLimit, schema: { hide: true }, onRequest: signedIn }, async (request, reply) => {
    const answer = await api<{ done: PersonEvent[] }>(request, 'GET', '/my/done');
    if (answer.status !== 200) throw Object.assign(new Error('已办事项暂时无法读取，请稍后再试'), { statusCode: 503 });
    const items: DoneItem[] = answer.body.done.map((d) => ({
      caseTitle: caseIdentity(d.caseId, d.unitName).title,
      href: `${base}/cases/${encodeURIComponent(d.caseId)}`,
      at: d.at,
      summary: singleParentheses(d.summary),
      closed: d.closed,
    }));
    return layout(request, reply, { title: '我的已办', active: 'done' }, <Done items={items} />);
  });

  // ---- 督查巡查 ----

  app.get<{ Querystring: Record<string, string | undefined> }>(
    `${base}/cases`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      const filters = filtersOf(request.query);
      const query = new URLSearchParams({ limit: '200' });
      if (caseKindOptions.some(([kind]) => kind === filters.kind)) query.set('kind', filters.kind!);
      if (filters.stage) query.set('stage', filters.stage);
      if (filters.unit) query.set('unit', filters.unit);
      const answer = await api<{ cases: CaseSummary[] } & ApiError>(request, 'GET', `/cases?${query}`);
      if (answer.status === 403) {
        return layout(
          request,
          reply,
          { title: '督查巡查', active: 'cases' },
          <p class="empty">{answer.body.message}</p>,
        );
      }
      if (answer.status !== 200) {
        throw Object.assign(new Error(answer.body.message ?? '列表暂时无法读取，请稍后再试'), {
          statusCode: answer.status === 400 ? 400 : 503,
        });
      }
      const own = request.actor;
      const rows: CaseRow[] = answer.body.cases
        .filter((c) => !filters.year || yearOf(c.caseId) === filters.year)
        .map((c) => ({
          caseId: c.caseId,
          ...caseIdentity(c.caseId, unitName(c.targetUnit) ?? c.targetUnit),
          ...(c.snippet ? { snippet: c.snippet } : {}),
          kindLabel: ctx.kindLabel(c.kind),
          stageLabel: stageLabelOf(c.kind, c.stage),
          href: `${base}/cases/${encodeURIComponent(c.caseId)}`,
          startedAt: c.startedAt,
          closed: c.status !== 'RUNNING',
          awaitingMe: c.awaiting.some((tag) => tag.startsWith(own.role)),
          ...(c.overdue !== undefined ? { overdue: c.overdue } : {}),
          ...(c.dueAt ? { dueAt: c.dueAt } : {}),
        }));
      const filterForm = (
        <FilterForm
          action={`${base}/cases`}
          filters={filters}
          kinds={caseKindOptions}
          units={units()}
          stages={stageOptions}
          years={years(answer.body.cases.map((c) => c.caseId))}
        />
      );
      return layout(
        request,
        reply,
        { title: '督查巡查', active: 'cases' },
        <CaseList rows={rows} filterForm={filterForm} />,
      );
    },
  );
}
