/**
 * Issue 36 item 3 (docs/transfer-outcomes.md): what the discipline bodies and the procuratorate report back on a
 * transfer (Art. 16 (1)) or on a forwarded public report: 初核/立案/了结 with 处分, 问责 and 移送司法 counts. Courtesy
 * only: the body reports when it chooses, once it has acknowledged the transfer; nothing here sets a deadline,
 * escalates or tells anyone. Each report is a new version in the case store (the case may have closed long before).
 *
 * Who sees it follows the case: the overseers see every transfer, the receiving body its own; anyone to whom the case
 * shows no transfer (the unit, the group leader, another body, the public) hears that there is none.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OutcomeReport, OutcomeTransfer, TransferOutcome } from '../../lib/store/case-store';
import type { Actor, TransferOutcomeStage, TransferRecipient } from '../../workflows/domain';
import { roles, transferOutcomeStages, transferRecipients } from '../../workflows/domain';
import { Text, literals, strictInput } from '../../workflows/engine/schemas';
import type { PatrolCaseView } from '../../workflows/patrol/contract';
import { patrolContract } from '../../workflows/patrol/contract';
import type { PublicReportRecord } from '../../workflows/public-report/contract';
import { forwardRecipient, publicReportContract } from '../../workflows/public-report/contract';
import { caseIdPatternOf, publicReportIdPattern } from '../../workflows/ids';
import { YearSchema } from '../../workflows/supervision-plan/contract';
import { HttpRefusal } from '../refusal';
import { errorResponses } from '../schemas';

const tags = ['transfer-outcome'];
const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 10_000, description });

/** What a body reports; the counts are its totals so far (a later report replaces them). */
const OutcomeBody = strictInput(
  Type.Object({
    stage: literals(Object.keys(transferOutcomeStages) as TransferOutcomeStage[]),
    disciplined: Type.Optional(Count('处分人数（默认0）')),
    heldAccountable: Type.Optional(Count('问责人数（默认0）')),
    prosecuted: Type.Optional(Count('移送司法机关人数')),
    note: Type.Optional(Text('办理情况说明', 1000)),
  }),
);

const OutcomeSchema = Type.Object({
  version: Type.Integer(),
  stage: Type.String(),
  stageLabel: Type.String(),
  disciplined: Type.Integer(),
  heldAccountable: Type.Integer(),
  prosecuted: Type.Optional(Type.Integer()),
  note: Type.Optional(Type.String()),
  reportedAt: Type.String(),
  reportedBy: Type.Object({ id: Type.String(), role: Type.String(), name: Type.Optional(Type.String()) }),
});
const TransferSchema = {
  caseId: Type.String(),
  transferId: Type.Integer(),
  year: Type.Integer(),
  unitName: Type.String(),
  recipient: Type.String(),
  recipientName: Type.String(),
};
const AnswerSchema = Type.Object(
  { ...TransferSchema, current: Type.Optional(OutcomeSchema), versions: Type.Array(OutcomeSchema) },
  { description: 'The transfer and what its receiving body reported, oldest first; `current` is the latest' },
);
const ListSchema = Type.Array(Type.Object({ ...TransferSchema, current: OutcomeSchema }));

const PatrolParams = Type.Object({
  caseId: Type.String({ pattern: caseIdPatternOf('patrol'), description: 'e.g. patrol-2026-taiyuan-0001' }),
  transferId: Type.Integer({ minimum: 1, maximum: 10_000 }),
});
const ReportParams = Type.Object({ reportId: Type.String({ pattern: publicReportIdPattern }) });

const noTransfer = () => new HttpRefusal(404, '没有找到这件移交的问题线索', 'NotFound');
const overseers = ['office', 'leading-group', 'committee'] as const;
const readers = roles.filter((r) => r !== 'auditor');

const outcomeOut = (o: TransferOutcome) => ({
  version: o.version,
  stage: o.stage,
  stageLabel: transferOutcomeStages[o.stage],
  disciplined: o.disciplined,
  heldAccountable: o.heldAccountable,
  ...(o.prosecuted !== undefined ? { prosecuted: o.prosecuted } : {}),
  ...(o.note !== undefined ? { note: o.note } : {}),
  reportedAt: o.reportedAt,
  reportedBy: {
    id: o.reportedBy.id,
    role: o.reportedBy.role,
    ...(o.reportedBy.name ? { name: o.reportedBy.name } : {}),
  },
});
const transferOut = (t: OutcomeTransfer) => ({
  caseId: t.caseId,
  transferId: t.transferId,
  year: t.year,
  unitName: t.unit.name,
  recipient: t.recipient,
  recipientName: transferRecipients[t.recipient].name,
});

/** A report that does not hold together: 422 with why, in Chinese. */
function reportProblem(b: OutcomeReport): string | undefined {
  if (b.note !== undefined && !b.note.trim()) return '办理情况说明不能只有空白';
  if (b.stage === 'preliminary-check' && (b.disciplined > 0 || (b.prosecuted ?? 0) > 0))
    return '初核阶段尚未立案：处分人数和移送司法机关人数应为0，立案后再反馈';
  return undefined;
}

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const transferOutcomes: FastifyPluginAsyncTypebox = async (app) => {
  /** A patrol's transfer as `actor` sees it in the case (the store's record once the case has closed); else 404. */
  async function patrolTransfer(caseId: string, transferId: number, actor: Actor) {
    const view: PatrolCaseView = await app.cases.read(patrolContract, caseId, actor);
    const t = view.transfers?.find((x) => x.id === transferId);
    if (!t) throw noTransfer();
    const transfer: OutcomeTransfer = {
      caseId,
      transferId,
      caseKind: 'patrol',
      year: Number(/^patrol-(\d{4})-/.exec(caseId)![1]),
      unit: { code: view.targetUnit.code, name: view.targetUnit.name },
      recipient: t.to,
      recipientUnit: transferRecipients[t.to].unit,
    };
    return { transfer, acknowledged: Boolean(t.acknowledged) };
  }

  /** A public report's forwarding as `actor` sees it (the discipline commission once forwarded); else 404. */
  async function forwarding(reportId: string, actor: Actor) {
    const view = (await app.cases.read(publicReportContract, reportId, actor)) as Partial<PublicReportRecord>;
    if (!view.forwarding || !view.targetUnit) throw noTransfer();
    const recipient = (Object.keys(transferRecipients) as TransferRecipient[]).find(
      (r) => transferRecipients[r].unit === forwardRecipient.unit,
    )!;
    const transfer: OutcomeTransfer = {
      caseId: reportId,
      transferId: 1,
      caseKind: 'public-report',
      year: view.year ?? Number(view.received?.at.slice(0, 4)),
      unit: { code: view.targetUnit.code, name: view.targetUnit.name },
      recipient,
      recipientUnit: forwardRecipient.unit,
    };
    return { transfer, acknowledged: Boolean(view.forwarding.acknowledged) };
  }

  const answer = async (t: OutcomeTransfer) => {
    const versions = await app.store.transferOutcomeVersions(t.caseId, t.transferId);
    const current = versions[versions.length - 1];
    return {
      ...transferOut(t),
      ...(current ? { current: outcomeOut(current) } : {}),
      versions: versions.map(outcomeOut),
    };
  };

  /** Only the receiving body, and only once it has acknowledged; the report is checked before anything is written. */
  async function report(
    found: { transfer: OutcomeTransfer; acknowledged: boolean },
    body: typeof OutcomeBody.static,
    actor: Actor,
  ) {
    if (found.transfer.recipientUnit !== actor.unit) throw noTransfer();
    if (!found.acknowledged)
      throw new HttpRefusal(409, '这件问题线索尚未确认接收，请先确认接收，再反馈办理结果', 'NotAcknowledged');
    const r: OutcomeReport = {
      stage: body.stage,
      disciplined: body.disciplined ?? 0,
      heldAccountable: body.heldAccountable ?? 0,
      ...(body.prosecuted !== undefined ? { prosecuted: body.prosecuted } : {}),
      ...(body.note !== undefined ? { note: body.note.trim() } : {}),
    };
    const problem = reportProblem({ ...r, ...(body.note !== undefined ? { note: body.note } : {}) });
    if (problem) throw new HttpRefusal(422, problem, 'InvalidRequest');
    const by = { id: actor.id, role: actor.role, ...(actor.unit ? { unit: actor.unit } : {}) };
    return app.store.reportTransferOutcome(found.transfer, r, actor.name ? { ...by, name: actor.name } : by);
  }

  const description =
    'Courtesy only: the receiving body reports when it chooses, after it has acknowledged; no deadline, no reminder, no escalation. Each report is a new version (the same report again adds none: 200). Only the receiving body of this transfer; anyone else hears that there is no such transfer (404).';

  app.post(
    '/patrols/:caseId/transfers/:transferId/outcome',
    {
      onRequest: app.requireRole('discipline'),
      schema: {
        tags,
        summary: 'Issue 36 item 3: the receiving body reports what came of a transfer (反馈办理结果)',
        description,
        params: PatrolParams,
        body: OutcomeBody,
        response: { 200: AnswerSchema, 201: AnswerSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const { caseId, transferId } = request.params;
      const found = await patrolTransfer(caseId, transferId, request.actor);
      const { added } = await report(found, request.body, request.actor);
      return reply.status(added ? 201 : 200).send(await answer(found.transfer));
    },
  );

  app.get(
    '/patrols/:caseId/transfers/:transferId/outcome',
    {
      onRequest: app.requireRole(...readers),
      schema: {
        tags,
        summary: 'Issue 36 item 3: what the receiving body reported of a transfer, every version',
        description:
          'The office, the leading group and the committee; the receiving body its own. To anyone else the transfer does not exist (404).',
        params: PatrolParams,
        response: { 200: AnswerSchema, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const { transfer } = await patrolTransfer(request.params.caseId, request.params.transferId, request.actor);
      return answer(transfer);
    },
  );

  app.post(
    '/public-reports/:reportId/forwarding/outcome',
    {
      onRequest: app.requireRole('discipline'),
      schema: {
        tags,
        summary: 'Issue 36 item 3: the discipline commission reports what came of a forwarded public report',
        description,
        params: ReportParams,
        body: OutcomeBody,
        response: { 200: AnswerSchema, 201: AnswerSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const found = await forwarding(request.params.reportId, request.actor);
      const { added } = await report(found, request.body, request.actor);
      return reply.status(added ? 201 : 200).send(await answer(found.transfer));
    },
  );

  app.get(
    '/public-reports/:reportId/forwarding/outcome',
    {
      onRequest: app.requireRole(...readers),
      schema: {
        tags,
        summary: 'Issue 36 item 3: what the discipline commission reported of a forwarded public report',
        params: ReportParams,
        response: { 200: AnswerSchema, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => answer((await forwarding(request.params.reportId, request.actor)).transfer),
  );

  app.get(
    '/transfer-outcomes',
    {
      onRequest: app.requireRole(...overseers, 'discipline'),
      schema: {
        tags,
        summary: 'Issue 36 item 3: the current outcome of every reported transfer, by case',
        description:
          "`year` is the year of the case. The office, the leading group and the committee see every body's reports; a receiving body its own.",
        querystring: Type.Object({ year: Type.Optional(YearSchema) }),
        response: { 200: ListSchema, ...errorResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request) => {
      const { actor } = request;
      const rows = await app.store.currentTransferOutcomes({
        ...(request.query.year !== undefined ? { year: request.query.year } : {}),
        ...(actor.role === 'discipline' ? { recipientUnit: actor.unit ?? '-' } : {}),
      });
      return rows.map((o) => ({ ...transferOut(o), current: outcomeOut(o) }));
    },
  );
};

export default transferOutcomes;
