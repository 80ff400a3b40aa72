/**
 * 我的待办 (with a unit person's queues, 我承办的 and 待签收, and 待阅), 我的已办 and 督查巡查: the lists an official works
 * from, with their filters and search (issue 32 item 8).
 */
import type { FastifyInstance } from 'fastify';
import type { CaseSummary, Task } from '../../services/cases';
import type { PersonEvent } from '../../../lib/store/case-store';
import { dueStatus, lightDay } from '../components/format';
import type { CaseRow, DoneItem, Filters, InboxItem, Queue, QueueTabs, ReadingItem } from './views/lists';
import { CaseList, Done, FilterForm, Inbox, Readings } from './views/lists';
import { matchesQuery, queryProblem } from './search';
import type { Workbench, ApiError } from '../components/context';
import { base, anchorOf, yearOf } from '../components/context';
import { caseIdentity } from '../../../lib/documents/case-identity';
import { singleParentheses } from './record';

export function listRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { yellowDays, now, noLimit, units, unitName, api, signedIn, layout } = ctx;
  const { kindOptions, caseKindOptions, stageOptions, checkCsrf } = ctx;
  /** The stages to filter by: the chosen kind's own, or every listed kind's. */
  const stagesOf = (kind: string | undefined): Array<[string, string]> => {
    const labels = kind ? app.kinds.get(kind)?.record?.stageLabels : undefined;
    return labels ? Object.entries(labels) : stageOptions;
  };
  const stageLabelOf = (kind: string, stage: string) => app.kinds.get(kind)?.record?.stageLabels[stage] ?? stage;
  // ---- 我的待办 ----

  const filtersOf = (q: Record<string, string | undefined>): Filters => ({
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.unit ? { unit: q.unit } : {}),
    ...(q.stage ? { stage: q.stage } : {}),
    ...(q.year && /^[0-9]{4}$/.test(q.year) ? { year: q.year } : {}),
    ...(q.q?.trim() ? { q: q.q.trim() } : {}),
  });

  const textsOf = (identity: { title: string; reference?: string }) => [identity.title, identity.reference];

  /** The page's address with these parameters (the filters kept, empty ones left out). */
  const hrefOf = (path: string, params: Record<string, string | undefined>) => {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
    return query.size ? `${path}?${query}` : path;
  };

  /**
   * A unit person's queues (issue 32 item 8): 我承办的, the items whose handler is the person (by person id when it was
   * picked from the unit's people, else by name), and 待签收, the items nobody of the unit has signed for.
   */
  const inQueue = (queue: Queue, t: Task, actor: { id: string; name?: string }) =>
    queue === 'all' ||
    (queue === 'unsigned'
      ? !t.handler
      : t.handlerId
        ? t.handlerId === actor.id
        : Boolean(t.handler && actor.name && t.handler.trim() === actor.name.trim()));

  const years = (ids: string[]) => [...new Set(ids.map(yearOf).filter((y): y is string => Boolean(y)))].sort();

  app.get<{ Querystring: Record<string, string | undefined> }>(
    `${base}/`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    async (request, reply) => {
      // The auditor has no tasks: its first page is the audit trail.
      if (request.actor.role === 'auditor') return reply.redirect(`${base}/audit`, 303);
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
      const problem = filters.q ? queryProblem(filters.q) : undefined;
      const actor = request.actor;
      // The queues are a unit's: its people sign for what comes to the unit and hand it to one another.
      const queue: Queue | undefined =
        actor.role !== 'unit'
          ? undefined
          : request.query.queue === 'mine' || request.query.queue === 'unsigned'
            ? request.query.queue
            : 'all';
      const today = lightDay(await now());
      const filtered = tasks.filter(
        (t) =>
          !problem &&
          (!filters.kind || t.kind === filters.kind) &&
          (!filters.stage || t.stage === filters.stage) &&
          (!filters.unit || t.unitName === unitName(filters.unit)) &&
          (!filters.year || yearOf(t.caseId) === filters.year) &&
          matchesQuery(filters.q, [...textsOf(caseIdentity(t.caseId, t.unitName)), t.label, t.unitName, t.snippet]),
      );
      const queues: QueueTabs | undefined = queue
        ? {
            current: queue,
            tabs: (['all', 'mine', 'unsigned'] as const).map((q) => ({
              queue: q,
              href: hrefOf(`${base}/`, { ...filters, queue: q === 'all' ? undefined : q }),
              count: filtered.filter((t) => inQueue(q, t, actor)).length,
            })),
          }
        : undefined;
      const items: InboxItem[] = filtered
        .filter((t) => !queue || inQueue(queue, t, actor))
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
          kinds={kindOptions(request.actor.role)}
          units={units()}
          stages={stagesOf(filters.kind)}
          years={years(tasks.map((t) => t.caseId))}
          searchHint="标题、文号、事项、单位或依据"
          {...(queue && queue !== 'all' ? { hidden: { queue } } : {})}
        />
      );
      // 待阅: what was sent to the person's unit or role for reading only (GET /my/readings).
      const unread = await api<{
        readings: Array<{ id: string; caseId: string; unitName: string; at: string; subject: string }>;
      }>(request, 'GET', '/my/readings');
      const readingItems: ReadingItem[] =
        unread.status === 200
          ? unread.body.readings.map((r) => {
              const identity = caseIdentity(r.caseId, r.unitName);
              return {
                id: r.id,
                subject: r.subject,
                caseTitle: identity.title,
                ...(identity.reference ? { reference: identity.reference } : {}),
                href: `${base}/cases/${encodeURIComponent(r.caseId)}`,
                at: r.at,
              };
            })
          : [];
      return layout(
        request,
        reply,
        {
          title: '我的待办',
          active: 'inbox',
          ...(problem ? { status: 400 } : {}),
          ...(request.query.read === '1' ? { notice: '已标记为已阅。' } : {}),
        },
        (session) => (
          <Inbox
            items={items}
            total={tasks.length}
            yellowDays={yellowDays}
            filterForm={filterForm}
            {...(filters.q ? { query: filters.q } : {})}
            {...(problem ? { problem } : {})}
            {...(queues ? { queues } : {})}
            readings={<Readings items={readingItems} csrf={session.csrf} action={`${base}/readings`} />}
          />
        ),
      );
    },
  );

  // ---- 已阅 (issue 32 item 8): the POST of the 待阅 list's button, then back to the list ----

  app.post<{ Body: Record<string, string | undefined> }>(
    `${base}/readings`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn, preHandler: checkCsrf },
    async (request, reply) => {
      const id = request.body?.id ?? '';
      const answer = await api<ApiError>(request, 'POST', `/my/readings/${encodeURIComponent(id)}`);
      if (answer.status === 200) return reply.redirect(`${base}/?read=1#readings`, 303);
      const status = answer.status === 400 || answer.status === 404 ? 404 : answer.status === 403 ? 403 : 503;
      return layout(
        request,
        reply,
        { title: '我的待办', active: 'inbox', status },
        <p class="empty">
          {status === 503 ? '暂时无法标记为已阅，请稍后再试。' : '没有这条待阅事项，或您无权查看。'}{' '}
          <a href={`${base}/#readings`}>返回待阅</a>
        </p>,
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
      const problem = filters.q ? queryProblem(filters.q) : undefined;
      const rows: CaseRow[] = answer.body.cases
        .filter((c) => !problem && (!filters.year || yearOf(c.caseId) === filters.year))
        .map((c) => ({ c, identity: caseIdentity(c.caseId, unitName(c.targetUnit) ?? c.targetUnit) }))
        .filter(({ c, identity }) =>
          matchesQuery(filters.q, [identity.title, identity.reference, unitName(c.targetUnit), c.snippet]),
        )
        .map(({ c, identity }) => ({
          caseId: c.caseId,
          ...identity,
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
          stages={stagesOf(filters.kind)}
          years={years(answer.body.cases.map((c) => c.caseId))}
        />
      );
      return layout(
        request,
        reply,
        { title: '督查巡查', active: 'cases', ...(problem ? { status: 400 } : {}) },
        <CaseList
          rows={rows}
          filterForm={filterForm}
          {...(filters.q ? { query: filters.q } : {})}
          {...(problem ? { problem } : {})}
        />,
      );
    },
  );
}
