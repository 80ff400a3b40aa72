import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { StatisticsQuery, StatisticsRows } from '../../lib/store/case-store';
import type { Actor, Role, SubmissionKind } from '../../workflows/domain';
import {
  caseSubmissionKinds,
  otherKeyItem,
  otherKeyItemLabel,
  submissionKindLabels,
  transferRecipients,
} from '../../workflows/domain';
import type { TransferRecipient } from '../../workflows/domain';
import type { KindRegistry } from '../../workflows/engine/kind';
import { isOverseer, partyOf, partyTag } from '../../workflows/engine/party';
import { YearSchema } from '../../workflows/supervision-plan/contract';
import type { Statistics } from '../schemas';
import { StatisticsSchema, errorResponses } from '../schemas';

const tags = ['statistics'];
type Section = StatisticsQuery['sections'][number];

/**
 * What each role's statistics count (docs/need-to-know.md): the overseers everything; a group leader the cases of their
 * group and their findings; a unit its own cases (as it sees their stages), its own submissions and what of them is
 * overdue; a receiving body its own transfers. Nobody else gets figures.
 */
export const statisticsSections: Partial<Record<Role, Section[]>> = {
  office: ['cases', 'findings', 'submissions', 'overdueNow', 'transfers'],
  'leading-group': ['cases', 'findings', 'submissions', 'overdueNow', 'transfers'],
  committee: ['cases', 'findings', 'submissions', 'overdueNow', 'transfers'],
  'group-leader': ['cases', 'findings'],
  unit: ['cases', 'submissions', 'overdueNow'],
  discipline: ['transfers'],
};
const statisticsRoles = Object.keys(statisticsSections) as Role[];

const sum = <T>(rows: T[], of: (r: T) => number) => rows.reduce((n, r) => n + of(r), 0);
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

/** The figures of the rows, shaped and labelled in Chinese; an outsider sees stages as it sees them on its cases. */
function shape(kinds: KindRegistry, rows: Partial<StatisticsRows>, actor: Actor, year: number | undefined): Statistics {
  const listed = kinds.listed;
  const moduleOf = (kind: string) => kinds.get(kind)?.record;
  const outside = actor.role === 'unit' || actor.role === 'discipline';
  const out: Statistics = { ...(year !== undefined ? { year } : {}), scope: isOverseer(actor.role) ? 'all' : 'own' };
  if (rows.cases) {
    const cases = rows.cases.map((r) => ({
      ...r,
      stage: outside ? (moduleOf(r.kind)?.view.externalStage(r.stage) ?? r.stage) : r.stage,
    }));
    const byStage = new Map<string, NonNullable<Statistics['cases']>['byStage'][number]>();
    const byUnit = new Map<string, NonNullable<Statistics['cases']>['byUnit'][number]>();
    for (const r of cases) {
      const key = `${r.kind}/${r.stage}`;
      const s = byStage.get(key) ?? {
        kind: r.kind,
        stage: r.stage,
        stageLabel: moduleOf(r.kind)?.stageLabels[r.stage] ?? r.stage,
        count: 0,
      };
      s.count += r.count;
      byStage.set(key, s);
      // A count per listed kind (the schema names the measures' two; a kind of its own is counted alike).
      const u =
        byUnit.get(r.unit_code) ??
        ({
          unit: r.unit_code,
          unitName: r.unit_name,
          ...Object.fromEntries(listed.map((k) => [k.kind, 0])),
          commended: 0,
        } as NonNullable<Statistics['cases']>['byUnit'][number]);
      const counts = u as unknown as Record<string, number>;
      counts[r.kind] = (counts[r.kind] ?? 0) + r.count;
      if (isOverseer(actor.role)) u.commended += r.commended;
      byUnit.set(r.unit_code, u);
    }
    out.cases = {
      total: sum(cases, (r) => r.count),
      byKind: listed.map(({ kind, label }) => ({
        kind,
        label,
        count: sum(
          cases.filter((r) => r.kind === kind),
          (r) => r.count,
        ),
      })),
      byStage: [...byStage.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.stage.localeCompare(b.stage)),
      byUnit: [...byUnit.values()].sort((a, b) => a.unit.localeCompare(b.unit)),
    };
  }
  if (rows.findings) {
    const byKeyItem = listed.flatMap(({ kind, keyItems }) =>
      Object.entries(keyItems?.labels ?? {}).map(([item, label]) => {
        const of = rows.findings!.filter((r) => r.kind === kind && r.key_item === Number(item));
        return {
          kind,
          keyItem: Number(item),
          article: keyItems!.article(Number(item)),
          label,
          count: sum(of, (r) => r.count),
          fromThirdPartyAssessment: sum(of, (r) => r.third_party),
        };
      }),
    );
    out.findings = {
      total: sum(rows.findings, (r) => r.count),
      byKeyItem,
      byUnit: rows.findings
        .map((r) => ({ unit: r.unit_code, kind: r.kind, keyItem: r.key_item, count: r.count }))
        .sort((a, b) => a.unit.localeCompare(b.unit) || a.kind.localeCompare(b.kind) || a.keyItem - b.keyItem),
    };
  }
  if (rows.submissions) {
    out.submissions = caseSubmissionKinds.map((kind) => {
      const of = rows.submissions!.filter((r) => r.kind === kind);
      const submitted = sum(of, (r) => r.submitted);
      const onTime = sum(of, (r) => r.on_time);
      const late = sum(of, (r) => r.late);
      return {
        kind,
        label: submissionKindLabels[kind],
        total: sum(of, (r) => r.total),
        submitted,
        onTime,
        late,
        onTimeRate: rate(onTime, submitted),
        lateRate: rate(late, submitted),
        waiting: sum(of, (r) => r.waiting),
        overdue: sum(of, (r) => r.overdue),
        extensions: sum(of, (r) => r.extensions),
        // Escalations go up the chain: only the overseers count them.
        escalations: isOverseer(actor.role) ? sum(of, (r) => r.escalations) : 0,
      };
    });
  }
  if (rows.overdueNow) {
    out.overdueNow = rows.overdueNow.map((r) => ({
      caseId: r.case_id,
      unit: r.unit_code,
      unitName: r.unit_name,
      kind: r.kind,
      label: submissionKindLabels[r.kind as SubmissionKind] ?? r.kind,
      dueAt: r.due_at,
    }));
  }
  if (rows.transfers) {
    out.transfers = {
      total: sum(rows.transfers, (r) => r.total),
      acknowledged: sum(rows.transfers, (r) => r.acknowledged),
      reported: sum(rows.transfers, (r) => r.reported),
      byRecipient: (Object.keys(transferRecipients) as TransferRecipient[])
        .map((recipient) => {
          const of = rows.transfers!.filter((r) => r.recipient === recipient);
          return {
            recipient,
            name: transferRecipients[recipient].name,
            total: sum(of, (r) => r.total),
            acknowledged: sum(of, (r) => r.acknowledged),
            reported: sum(of, (r) => r.reported),
          };
        })
        .filter((r) => isOverseer(actor.role) || r.total > 0),
    };
  }
  return out;
}

/** The store query of the caller's statistics: their role's sections, limited to what concerns them. */
function queryOf(kinds: KindRegistry, actor: Actor, year: number | undefined): StatisticsQuery {
  const own = partyTag(partyOf(actor));
  return {
    year,
    kinds: kinds.listed.map((k) => k.kind),
    sections: statisticsSections[actor.role] ?? [],
    ...(isOverseer(actor.role) ? {} : { viewer: own, party: own }),
  };
}

const YearQuery = Type.Object({ year: Type.Optional(YearSchema) });

/**
 * Statistics the measures ask for (Art. 11 (1)(3), 16 (3)): counts by year, kind, stage, unit and key item, the
 * timeliness of every kind of submission, what is overdue now, escalations, transfers; and the per-unit table of the
 * year for the annual performance assessment (成效考核), as CSV with Chinese headers. From the case store, in SQL;
 * every figure only for what the caller's role may see.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const statistics: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/statistics',
    {
      onRequest: app.requireRole(...statisticsRoles),
      schema: {
        tags,
        summary: 'Art. 11, 16: counts by year, kind, stage, unit and key item; timeliness; overdue; transfers',
        description:
          'The overseers count every case; a group leader the cases of their group and their findings; a unit its own cases, its own submissions and what of them is overdue; a receiving body its own transfers. `year` is the year the cases began in (absent: every year).',
        querystring: YearQuery,
        response: { 200: StatisticsSchema, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const { year } = request.query;
      return shape(app.kinds, await app.store.statistics(queryOf(app.kinds, request.actor, year)), request.actor, year);
    },
  );

  app.get(
    '/statistics/units.csv',
    {
      config: { audit: 'export' },
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: "成效考核: the year's figures per unit as CSV with Chinese headers (UTF-8 with BOM, opens in Excel)",
        description:
          'One row per unit of the registry (and any other unit with a case that year): cases, findings by key item, commendations, rectification reports on time and late, what is overdue now, escalations, transfers.',
        querystring: Type.Object({ year: YearSchema }),
        response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const { year } = request.query;
      const rows = await app.store.statistics(queryOf(app.kinds, request.actor, year));
      const units = new Map([...app.units.values()].map((u) => [u.code, u.name]));
      for (const r of rows.cases ?? []) if (!units.has(r.unit_code)) units.set(r.unit_code, r.unit_name);
      const count = <T extends { unit_code: string }>(of: T[] | undefined, unit: string, n: (r: T) => number) =>
        sum(
          (of ?? []).filter((r) => r.unit_code === unit),
          n,
        );
      const rectification = (r: StatisticsRows['submissions'][number]) => r.kind.endsWith('rectification');
      // The listed kinds in the order of their articles (supervision, Art. 9; patrol, Art. 14); one column per key item
      // of each, the open end ("other") last of each.
      const csvKinds = [...app.kinds.listed].sort(
        (a, b) => (a.keyItems?.articleNumber ?? 0) - (b.keyItems?.articleNumber ?? 0),
      );
      const findingColumns = csvKinds.flatMap((k) =>
        Object.keys(k.keyItems?.labels ?? {}).map((item) => [k, Number(item)] as const),
      );
      const header = [
        '单位代码',
        '单位名称',
        ...csvKinds.map((k) => `${k.label}（项）`),
        ...findingColumns.map(
          ([k, item]) => `${k.label}发现问题：${item === otherKeyItem ? otherKeyItemLabel : k.keyItems!.article(item)}`,
        ),
        '通报表扬（次）',
        '整改报告：按期',
        '整改报告：逾期',
        '整改报告：尚未报送',
        '退回重新整改（次）',
        '退回后重新报送：逾期',
        '当前逾期事项',
        '升级督办（次）',
        '移交问题线索（件）',
      ];
      const lines = [...units].map(([unit, name]) => {
        const submissions = (rows.submissions ?? []).filter(rectification);
        // Art. 11 (2), 16 (2): each send-back after review is one more report the unit owes.
        const resubmissions = (rows.submissions ?? []).filter((r) => r.kind === 'rectification-resubmission');
        const findings = (kind: string, item: number) =>
          count(rows.findings, unit, (r) => (r.kind === kind && r.key_item === item ? r.count : 0));
        return [
          unit,
          name,
          ...csvKinds.map((k) => count(rows.cases, unit, (r) => (r.kind === k.kind ? r.count : 0))),
          ...findingColumns.map(([k, item]) => findings(k.kind, item)),
          count(rows.cases, unit, (r) => r.commended),
          count(submissions, unit, (r) => r.on_time),
          count(submissions, unit, (r) => r.late),
          count(submissions, unit, (r) => r.waiting + r.overdue),
          count(resubmissions, unit, (r) => r.total),
          count(resubmissions, unit, (r) => r.late),
          count(rows.overdueNow, unit, () => 1),
          count(rows.submissions, unit, (r) => r.escalations),
          count(rows.transfers, unit, (r) => r.total),
        ];
      });
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="statistics-${year}-units.csv"`)
          // A cell that starts with = + - @ (a unit name such as =HYPERLINK(…)) is a formula to Excel and WPS: prefixed
          // with ' so that it is shown, never run (OWASP CSV injection); numbers stay numbers.
          .send(stringify([header, ...lines], { bom: true, escape_formulas: true }))
      );
    },
  );
};

export default statistics;
