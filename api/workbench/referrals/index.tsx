/**
 * 交办核查 (issue 36 item 4; docs/referrals.md): the office's list of referrals with their lights and filters, and a
 * unit's inbox (what it must sign for or reply to, by its lights) with every referral made to it. Both read the API as
 * the person (GET /referrals, GET /my/tasks), so each sees only what its role may; each referral opens on its case page
 * (/workbench/cases/{referralId}), where its steps are forms like every case's.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../workflows/domain';
import type { CaseSummary, Task } from '../../services/cases';
import { caseIdentity } from '../../../lib/documents/case-identity';
import { dueStatus, lightDay, todayIn } from '../components/format';
import { ErrorPage } from '../components/layout';
import type { ApiError, Workbench } from '../components/context';
import { base } from '../components/context';
import { LedgerFilters } from '../ledger/pages';
import type { LedgerFilter } from '../ledger/pages';
import type { ReferralRow } from './pages';
import { ReferralInbox, ReferralList } from './pages';
import { newReferralRoutes } from './new';

const overseers: readonly Role[] = ['office', 'leading-group', 'committee'];
const pageSize = 200;
type Query = Record<string, string | undefined>;

export function referralRoutes(app: FastifyInstance, ctx: Workbench): void {
  const { yellowDays, now, noLimit, api, signedIn, layout, unitName } = ctx;
  const stageLabels = () => app.kinds.get('referral')?.record?.stageLabels ?? {};

  const href = (path: string, params: Record<string, string | undefined>) => {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
    return query.size ? `${path}?${query}` : path;
  };

  /** The overseers' filters, each checked against what it may be (anything else is left out). */
  function filtersOf(q: Query): Record<string, string> {
    const codes = ctx.units().map(([code]) => code);
    const picked: Record<string, string | undefined> = {
      stage: q.stage && q.stage in stageLabels() ? q.stage : undefined,
      unit: q.unit && codes.includes(q.unit) ? q.unit : undefined,
      overdue: q.overdue === 'true' || q.overdue === 'false' ? q.overdue : undefined,
    };
    return Object.fromEntries(Object.entries(picked).filter((e): e is [string, string] => Boolean(e[1])));
  }

  function filterFields(chosen: Record<string, string>): LedgerFilter[] {
    return [
      { name: 'stage', label: '办理阶段', options: Object.entries(stageLabels()), value: chosen.stage },
      { name: 'unit', label: '承办单位', options: ctx.units(), value: chosen.unit },
      {
        name: 'overdue',
        label: '是否逾期',
        options: [
          ['true', '已逾期'],
          ['false', '未逾期'],
        ],
        value: chosen.overdue,
      },
    ];
  }

  function rowOf(r: CaseSummary, today: string): ReferralRow {
    const name = unitName(r.targetUnit) ?? r.targetUnit;
    const identity = caseIdentity(r.caseId, name);
    const open = r.status === 'RUNNING';
    const dueDate = open && r.dueAt ? todayIn(Date.parse(r.dueAt)) : undefined;
    return {
      referralId: r.caseId,
      href: `${base}/cases/${encodeURIComponent(r.caseId)}`,
      title: identity.title,
      ...(identity.reference ? { reference: identity.reference } : {}),
      unitName: name,
      stageLabel: stageLabels()[r.stage] ?? r.stage,
      ...(r.snippet ? { snippet: r.snippet } : {}),
      closed: !open,
      ...(dueDate ? { dueDate, due: dueStatus(dueDate, today, yellowDays, r.overdue ?? false) } : {}),
    };
  }

  async function referralsPage(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) {
    const actor = request.actor;
    const today = lightDay(await now());
    const overseer = overseers.includes(actor.role);
    const filters = overseer ? filtersOf(request.query) : {};
    const answer = await api<{ referrals: CaseSummary[] } & ApiError>(
      request,
      'GET',
      href('/referrals', { ...filters, limit: String(pageSize) }),
    );
    if (answer.status === 403 || answer.status === 400 || answer.status === 422) {
      return layout(
        request,
        reply,
        { title: '交办核查', active: 'referrals', status: answer.status },
        <ErrorPage message={answer.body.message ?? '无法查看交办核查事项'} />,
      );
    }
    if (answer.status !== 200)
      throw Object.assign(new Error('交办核查事项暂时无法读取，请稍后再试'), { statusCode: 503 });
    const rows = answer.body.referrals.map((r) => rowOf(r, today));
    if (overseer) {
      return layout(
        request,
        reply,
        { title: '交办核查', active: 'referrals' },
        <ReferralList
          rows={rows}
          yellowDays={yellowDays}
          filterForm={<LedgerFilters action={`${base}/referrals`} filters={filterFields(filters)} />}
          {...(actor.role === 'office' ? { newHref: `${base}/referrals/new` } : {})}
        />,
      );
    }
    // A unit: what it owes on its referrals (签收, 核查情况), by their lights, then every referral made to it.
    const tasks = await api<{ tasks: Task[] } & ApiError>(request, 'GET', '/my/tasks');
    const owed = (tasks.status === 200 ? tasks.body.tasks : [])
      .filter((t) => t.kind === 'referral')
      .map((t) => ({
        href: `${base}/cases/${encodeURIComponent(t.caseId)}`,
        title: caseIdentity(t.caseId, t.unitName).title,
        label: t.label,
        ...(t.dueDate ? { dueDate: t.dueDate, due: dueStatus(t.dueDate, today, yellowDays, t.overdue) } : {}),
      }));
    return layout(
      request,
      reply,
      { title: '交办核查', active: 'referrals' },
      <ReferralInbox owed={owed} rows={rows} />,
    );
  }

  app.get<{ Querystring: Query }>(
    `${base}/referrals`,
    { config: noLimit, schema: { hide: true }, onRequest: signedIn },
    referralsPage,
  );
  newReferralRoutes(app, ctx);
}
