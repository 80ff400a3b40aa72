/**
 * The national poverty-alleviation award recommendations (Part 1; ours): the office opens the year's round, nominating
 * units submit nominations with evidence per condition (the statements go to the case store first; the workflows keep
 * their SHA-256), the public reads the list in its publicity period (公示) and lodges objections without an account
 * (receipt code, sealed identity), the overseers read statistics and the materials. The steps of the office and the
 * leading group are built from the contracts (routes/steps.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import { awardMaterialsFromStore, numberedMaterial } from '../../lib/documents/award-documents';
import { caseTimeZone } from '../../lib/calendar/calendar';
import type { StoreKeys } from '../../lib/store/sealing';
import { openRow, reporterRow } from '../../lib/store/sealing';
import type { AwardRoundInput, AwardRoundRecord } from '../../workflows/award-round/contract';
import type { NominationRecord } from '../../workflows/nomination/contract';
import { awardIds, provinceUnit, awardRoundContract } from '../../workflows/award-round/contract';
import { nominationContract, nominationIdPattern } from '../../workflows/nomination/contract';
import {
  awardConditions,
  awardKinds,
  awardLabels,
  basicConditions,
  missingEvidence,
} from '../../workflows/nomination/conditions';
import type { Actor } from '../../workflows/domain';
import { isOverseer } from '../../workflows/engine/party';
import { strictInput } from '../../workflows/engine/schemas';
import { chineseDate } from '../../workflows/engine/texts';
import { DocumentFormat, DocumentResponse, numbered, sendDocument } from '../document-files';
import { HttpRefusal, caseNotFound } from '../refusal';
import {
  IdempotencyHeaders,
  NominationInputSchema,
  OpeningSchema,
  RoundParams,
  StatementInput,
  errorResponses,
} from '../schemas';
import { readUpload } from '../uploads';
import { AwardService } from '../services/awards';

const tags = ['awards'];

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const awards: FastifyPluginAsyncTypebox<{ storeKeys: StoreKeys }> = async (app, opts) => {
  const { store } = app;
  const service = new AwardService(app.cases, opts.storeKeys);
  app.get(
    '/award-conditions',
    {
      schema: {
        tags,
        summary:
          'Part 1: the conditions of the national poverty-alleviation awards (基本条件 and each award’s); no token',
        security: [],
      },
    },
    () => ({
      basic: basicConditions,
      awards: Object.fromEntries(
        awardKinds.map((a) => [
          a,
          { label: awardLabels[a], mode: awardConditions[a].mode, conditions: awardConditions[a].conditions },
        ]),
      ),
    }),
  );

  app.post(
    '/award-rounds',
    {
      onRequest: app.requireRole('office'),
      schema: {
        tags,
        summary:
          'Part 1 (ours): the office opens the year’s award recommendations (quota per award, nomination deadline)',
        description:
          'Every nominating unit (default: every city and provincial department of the registry) is told of the quota and the deadline and is reminded before it (policy `award-nomination`). One round a year: a second answers 409 with the round in `Location`.',
        body: OpeningSchema,
        response: { ...errorResponses(400, 401, 403, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      if (!awardKinds.some((a) => b.quota[a] > 0))
        throw new HttpRefusal(422, '至少有一个奖项须有推荐名额', 'InvalidRequest');
      const today = DateTime.now().setZone(caseTimeZone).toISODate()!;
      if (b.nominationDue && b.nominationDue < today)
        throw new HttpRefusal(422, '推荐截止日期不能早于今天', 'InvalidRequest');
      for (const code of b.units ?? []) app.unitOf(code);
      const scope = b.scope ?? (b.units ? [] : ['city', 'department']);
      const codes = [
        ...new Set([
          ...(b.units ?? []),
          ...[...app.units.values()].filter((u) => scope.includes(u.kind)).map((u) => u.code),
        ]),
      ];
      const roundId = awardIds.round(b.year);
      const input: AwardRoundInput = {
        year: b.year,
        quota: b.quota,
        ...(b.nominationDue ? { nominationDue: b.nominationDue } : {}),
        units: codes,
        openedBy: request.actor,
      };
      await app.cases.startRecord({
        kind: 'award-round',
        workflowId: roundId,
        unitCode: provinceUnit.code,
        summary: `${b.year}年度全国脱贫攻坚奖推荐工作${b.nominationDue ? `（${chineseDate(b.nominationDue)}前报送）` : ''}`,
        input,
        exists: { message: `${b.year}年度全国脱贫攻坚奖推荐工作已经开展`, code: 'RoundAlreadyExists' },
      });
      const opened = { roundId, links: app.cases.links(roundId) };
      return reply
        .status(201)
        .header('location', opened.links.self)
        .send({ ...opened, units: codes.length });
    },
  );

  app.get(
    '/award-rounds/:roundId',
    {
      onRequest: app.requireRole(),
      schema: {
        tags,
        summary: 'The year’s award recommendations as the caller may see them',
        description:
          'The overseers whole; a nominating unit the quota, the deadline, its own nominations and the publicity period. Anyone else: 404.',
        params: RoundParams,
        response: { 200: Type.Ref('AwardRoundView'), ...errorResponses(401, 404, 503) },
      },
    },
    async (request) => {
      if (request.actor.role === 'public') throw caseNotFound(awardRoundContract.notFound);
      return app.cases.read(awardRoundContract, request.params.roundId, request.actor);
    },
  );

  app.post(
    '/award-rounds/:roundId/nominations',
    {
      onRequest: app.requireRole('unit'),
      schema: {
        tags,
        summary: 'Part 1 (ours): a nominating unit submits a nomination with its evidence per condition',
        description: [
          'A statement for every basic condition and each condition of the award (奋进奖: at least one of its two). The statements go to the case store (the nomination keeps their SHA-256); contacts are sealed and seen only by the office and the nominating unit; `deedsSummary` is what the published list shows.',
          'After the deadline a nomination is still received, recorded as late, and goes forward only if the office accepts it with a reason. Once the leading group has decided the list: 409.',
          '201 with the nomination in `Location`; `incomplete` names the conditions still without evidence (it cannot pass review until they have it).',
        ].join('\n\n'),
        params: RoundParams,
        headers: IdempotencyHeaders,
        body: NominationInputSchema,
        response: { ...errorResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const { roundId } = request.params;
      const b = request.body;
      const actor = request.actor;
      app.unitOf(b.nominee.unitCode);
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      const nominationId = await service.nominate(roundId, b, actor, key);
      const missing = missingEvidence(b.award, new Set(b.evidence.map((e) => e.condition)));
      return reply
        .status(201)
        .header('location', `/nominations/${nominationId}`)
        .send({ nominationId, ...(missing ? { incomplete: `尚缺${missing}的证明材料，审核时不能认定为符合` } : {}) });
    },
  );

  app.get(
    '/nominations/:nominationId',
    {
      onRequest: app.requireRole(),
      schema: {
        tags,
        summary:
          'A nomination as the caller may see it, with its statements (and contacts for the office and the nominating unit)',
        description:
          'The `NominationView` schema, with `statementText` on each item of `evidence` (from the case store) and, for the office and the nominating unit, `contacts` (sealed in the store).',
        params: Type.Object({ nominationId: Type.String({ pattern: nominationIdPattern }) }),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses(401, 404, 503) },
      },
    },
    async (request) => {
      const { nominationId } = request.params;
      const actor = request.actor;
      const view = (await app.cases.read(nominationContract, nominationId, actor)) as Partial<NominationRecord>;
      if (!view.evidence) return view;
      const evidence = await Promise.all(
        view.evidence.map(async (e) => ({
          ...e,
          statementText: (await store.document(e.statement.id))?.bytes.toString('utf8'),
        })),
      );
      const mayContact = actor.role === 'office' || (actor.role === 'unit' && actor.unit === view.targetUnit?.code);
      const sealed = mayContact && view.contactsOnFile ? await store.reporter(nominationId) : undefined;
      const contacts = sealed ? openRow<object>(opts.storeKeys, reporterRow(nominationId), sealed) : undefined;
      if (contacts) request.auditAs('identity');
      return { ...view, evidence, ...(contacts ? { contacts } : {}) };
    },
  );

  app.post(
    '/nominations/:nominationId/evidence',
    {
      onRequest: app.requireRole('unit'),
      schema: {
        tags,
        summary: 'Part 1 (ours): the nominating unit supplies the evidence the office asked for',
        params: Type.Object({ nominationId: Type.String({ pattern: nominationIdPattern }) }),
        headers: IdempotencyHeaders,
        body: strictInput(Type.Object({ evidence: Type.Array(StatementInput, { minItems: 1, maxItems: 20 }) })),
        response: { 200: Type.Ref('NominationView'), ...errorResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request) => {
      const { nominationId } = request.params;
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      return service.supplyEvidence(nominationId, request.body.evidence, request.actor, key);
    },
  );

  app.post(
    '/nominations/:nominationId/files',
    {
      onRequest: app.requireRole('unit'),
      schema: {
        tags,
        summary: 'Part 1 (ours): the nominating unit attaches supporting files to a condition (multipart/form-data)',
        description:
          'Form field `condition` (a condition the nomination has a statement for), files in any other field: PDF, JPEG, PNG, Word, Excel or text, each at most `ATTACHMENT_MAX_BYTES`, at most `ATTACHMENTS_PER_UPLOAD` at a time, 20 per condition. They go to the case store; the nomination records each with its SHA-256, and whoever may see the evidence reads them (GET /documents/{id}). A refused upload keeps nothing.',
        consumes: ['multipart/form-data'],
        params: Type.Object({ nominationId: Type.String({ pattern: nominationIdPattern }) }),
        headers: IdempotencyHeaders,
        response: { 200: Type.Ref('NominationView'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503) },
      },
    },
    async (request) => {
      const { nominationId } = request.params;
      // Not the caller's to see: the answer of one that does not exist, before anything is read from the body.
      await app.cases.read(nominationContract, nominationId, request.actor);
      const { fields, files } = await readUpload(request, app.config);
      const condition = fields.condition ?? '';
      if (!/^(basic|striving|contribution|dedication|innovation)-[0-9]$/.test(condition))
        throw new HttpRefusal(422, '请写明文件所属的条件（condition，如 basic-1）', 'InvalidRequest');
      if (!files.length) throw new HttpRefusal(422, '没有收到文件', 'InvalidRequest');
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      return service.attachEvidenceFiles(nominationId, condition, files, request.actor, key);
    },
  );

  app.get(
    '/award-rounds/:roundId/statistics',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary:
          'Part 1 (ours): the year’s recommendations per award: nominated, late, reviewed, listed, withdrawn, submitted',
        params: RoundParams,
      },
    },
    async (request) => {
      const r = (await app.cases.read(awardRoundContract, request.params.roundId, request.actor)) as AwardRoundRecord;
      const byAward = awardKinds.map((award) => {
        const ns = r.nominations.filter((n) => n.award === award);
        const ids = new Set(ns.map((n) => n.nominationId));
        return {
          award,
          label: awardLabels[award],
          quota: r.quota[award],
          nominated: ns.length,
          late: ns.filter((n) => n.late).length,
          refused: ns.filter((n) => n.stage === 'refused').length,
          passedReview: ns.filter((n) => n.passed).length,
          listed: (r.list?.selected ?? []).filter((id) => ids.has(id)).length,
          objections: r.objections.filter((o) => ids.has(o.nominationId)).length,
          objectionsUpheld: r.objections.filter((o) => ids.has(o.nominationId) && o.decision?.upheld).length,
          withdrawn: ns.filter((n) => n.stage === 'withdrawn').length,
          submitted: ns.filter((n) => n.stage === 'submitted').length,
        };
      });
      return {
        year: r.year,
        stage: r.stage,
        stageLabel: r.stageLabel,
        units: r.units.length,
        declined: r.declined.length,
        byAward,
      };
    },
  );

  /** The materials as they stand: from the round's record, the nominations' and the statements in the store. */
  async function materials(roundId: string, actor: Actor) {
    const r = (await app.cases.read(awardRoundContract, roundId, actor)) as AwardRoundRecord;
    if (!isOverseer(actor.role) || !r.materials) throw new HttpRefusal(404, '推荐材料尚未生成', 'NotFound');
    return { r, docs: await awardMaterialsFromStore(store, r) };
  }

  app.get(
    '/award-rounds/:roundId/documents',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: 'Part 1 (ours): the recommendation materials (推荐报告, 推荐表), once generated',
        params: RoundParams,
      },
    },
    async (request) => {
      const { r, docs } = await materials(request.params.roundId, request.actor);
      return docs.map((d) => ({
        id: d.id,
        title: d.title,
        draft: !r.materials?.signed,
        sha256: r.materials?.documents.find((m) => m.id === d.id)?.sha256,
        url: `/award-rounds/${r.caseId}/documents/${d.id}`,
      }));
    },
  );

  app.get(
    '/award-rounds/:roundId/documents/:documentId',
    {
      config: { audit: 'document' },
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags,
        summary: 'Part 1 (ours): one document of the materials, as .docx (GB/T 9704) or HTML',
        params: Type.Object({
          ...RoundParams.properties,
          documentId: Type.String({ maxLength: 80, pattern: '^[a-z0-9-]+$' }),
        }),
        querystring: Type.Object({ format: Type.Optional(DocumentFormat) }),
        response: { 200: DocumentResponse, ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { r, docs } = await materials(request.params.roundId, request.actor);
      const d = docs.find((x) => x.id === request.params.documentId);
      if (!d) throw new HttpRefusal(404, '没有这份推荐材料', 'NotFound');
      const recorded = r.materials?.documents.find((m) => m.id === d.id)?.sha256;
      // Read only: the report's number was given when the round stored the signed materials (activities/store.ts).
      const asNumbered = numberedMaterial(r, d);
      const { doc, awaitingNumber } = asNumbered
        ? await numbered(app, asNumbered)
        : { doc: d.build(undefined), awaitingNumber: false };
      return sendDocument(reply, doc, request.query.format, d.id, recorded, awaitingNumber);
    },
  );
};

export default awards;
