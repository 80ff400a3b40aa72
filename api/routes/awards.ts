/**
 * The national poverty-alleviation award recommendations (Part 1; ours): the office opens the year's round, nominating
 * units submit nominations with evidence per condition (the statements go to the case store first; the workflows keep
 * their SHA-256), the public reads the list in its publicity period (公示) and lodges objections without an account
 * (receipt code, sealed identity), the overseers read statistics and the materials. The steps of the office and the
 * leading group are built from the contracts (routes/steps.ts).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import { awardMaterialsFromStore, numberedMaterial } from '../../lib/documents/award-documents';
import { caseTimeZone } from '../../lib/calendar/calendar';
import type { StoreKeys } from '../../lib/store/sealing';
import { openRow, reporterRow, sealRow } from '../../lib/store/sealing';
import { newReceipt, normalizeReceipt } from '../../lib/public-reports/receipts';
import type { AwardRoundRecord, NominationRecord } from '../../workflows/award-round/contract';
import {
  NomineeSchema,
  awardIds,
  awardRoundContract,
  awardRoundIdPattern,
  awardRoundSteps,
  nominationContract,
  nominationIdPattern,
  nominationSteps,
  objectionIdPattern,
} from '../../workflows/award-round/contract';
import {
  awardConditions,
  awardKinds,
  awardLabels,
  basicConditions,
  missingEvidence,
} from '../../workflows/nomination/conditions';
import type { AwardKind } from '../../workflows/nomination/conditions';
import type { Actor } from '../../workflows/domain';
import { unitKinds } from '../../workflows/domain';
import { unitCodePattern, unitCodeDoc } from '../../workflows/ids';
import { isOverseer, partyOf, partyTag } from '../../workflows/engine/party';
import type { DocumentRef } from '../../workflows/engine/schemas';
import { LocalDate, Text, literals, strictInput } from '../../workflows/engine/schemas';
import { chineseDate } from '../../workflows/engine/texts';
import { DocumentFormat, DocumentResponse, numbered, sendDocument } from '../document-files';
import { HttpRefusal, caseNotFound } from '../refusal';
import { IdempotencyHeaders, errorResponses } from '../schemas';
import { readMultipart, sha256, stableDocumentId, storeUploads } from '../uploads';

const tags = ['awards'];
const RoundParams = Type.Object({
  roundId: Type.String({ pattern: awardRoundIdPattern, description: 'e.g. award-round-2026' }),
});

const OpeningSchema = strictInput(
  Type.Object({
    year: Type.Integer({ minimum: 2015, maximum: 2100 }),
    quota: Type.Object(
      Object.fromEntries(
        awardKinds.map((a) => [a, Type.Integer({ minimum: 0, maximum: 50, description: awardLabels[a] })]),
      ) as Record<AwardKind, ReturnType<typeof Type.Integer>>,
      { description: 'The national quota per award for the province (0: not open this year)' },
    ),
    nominationDue: Type.Optional(
      Type.String({
        ...LocalDate,
        description:
          'The nomination deadline (the national office’s date; the end of that day, Asia/Shanghai). Without it: the deadline policy’s `award-nomination` (default 30 calendar days)',
      }),
    ),
    units: Type.Optional(
      Type.Array(Type.String({ pattern: unitCodePattern, description: unitCodeDoc() }), {
        minItems: 1,
        maxItems: 300,
        uniqueItems: true,
      }),
    ),
    scope: Type.Optional(
      Type.Array(literals(unitKinds), {
        minItems: 1,
        uniqueItems: true,
        description: 'Nominating units: every unit of these kinds in the registry (default: `city` and `department`)',
      }),
    ),
  }),
);

const StatementInput = Type.Object({
  condition: Type.String({
    pattern: '^(basic|striving|contribution|dedication|innovation)-[0-9]$',
    description: 'A condition of GET /award-conditions',
  }),
  statement: Text('对照该条件的事迹说明', 4000),
});

const NominationInputSchema = strictInput(
  Type.Object({
    award: literals(awardKinds),
    nominee: NomineeSchema,
    deedsSummary: Text('主要事迹简介（公示时公开，不写联系方式）', 300),
    contacts: Type.Optional(
      Type.Object({
        phone: Type.Optional(Type.String({ maxLength: 50 })),
        email: Type.Optional(Type.String({ maxLength: 100 })),
        address: Type.Optional(Type.String({ maxLength: 200 })),
      }),
    ),
    evidence: Type.Array(StatementInput, { maxItems: 20 }),
  }),
);

/** The list in its publicity period, as anyone reads it (GET /award-rounds/{roundId}/publicity). */
export const PublicityAnswer = Type.Object({
  roundId: Type.String(),
  title: Type.String(),
  from: LocalDate,
  to: LocalDate,
  open: Type.Boolean({ description: 'Objections are taken (the period has not ended)' }),
  entries: Type.Array(
    Type.Object({
      nominationId: Type.String(),
      name: Type.String(),
      workUnit: Type.String(),
      award: literals(awardKinds),
      awardLabel: Type.String(),
      nominatingUnit: Type.String(),
      deedsSummary: Type.String(),
      status: literals(['publicized', 'withdrawn'] as const),
      statusLabel: Type.String(),
    }),
  ),
});
export type AwardPublicityList = Static<typeof PublicityAnswer>;

const objectionStatusLabels: Record<ObjectionStatus['status'], string> = {
  received: '已受理，正在核查',
  investigated: '已核查，待领导小组研究决定',
  upheld: '经核查异议成立，已撤销推荐',
  dismissed: '经核查异议不成立',
};

/** An objection's status by its receipt code, as the one who lodged it reads it. */
export interface ObjectionStatus {
  receivedOn: string;
  status: 'received' | 'investigated' | 'upheld' | 'dismissed';
  statusLabel: string;
}

export const ObjectionInput = strictInput(
  Type.Object({
    nominationId: Type.String({ pattern: nominationIdPattern, description: 'From the published list' }),
    what: Type.String({ minLength: 1, maxLength: 4000, description: '异议内容（事实和依据）' }),
    name: Type.Optional(Type.String({ maxLength: 100, description: '姓名（可不填）' })),
    contact: Type.Optional(Type.String({ maxLength: 100, description: '联系方式（可不填）' })),
  }),
);

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const awards: FastifyPluginAsyncTypebox<{ storeKeys: StoreKeys }> = async (app, opts) => {
  const { store } = app;
  /** Who reads a round for the public list and the receipts (the projection to the public happens here). */
  const publicReader: Actor = { id: 'public-list', role: 'leading-group' };
  const publicActor: Actor = { id: 'public', role: 'public' };

  /** Statements to the case store, as references for the workflow (claim check). */
  async function storeStatements(
    owner: string,
    evidence: Array<{ condition: string; statement: string }>,
    actor: Actor,
    seed: string | undefined,
  ) {
    const out: Array<{ condition: string; statement: DocumentRef; attachments: DocumentRef[] }> = [];
    /** What this request stored (a refusal removes only these, never what an earlier request with its key stored). */
    const added: string[] = [];
    for (const [i, e] of evidence.entries()) {
      const bytes = Buffer.from(e.statement, 'utf8');
      const hash = sha256(bytes);
      const ref: DocumentRef = {
        id: seed ? stableDocumentId(`${seed}:${i}:${hash}`) : stableDocumentId(randomBytes(16).toString('hex')),
        name: `${e.condition}.txt`,
        contentType: 'text/plain; charset=utf-8',
        size: bytes.length,
        sha256: hash,
      };
      const saved = await store.saveDocument({
        ...ref,
        owner,
        section: 'evidence',
        bytes,
        createdAt: new Date().toISOString(),
        createdBy: `unit:${actor.unit ?? ''}`,
      });
      if (saved) added.push(ref.id);
      out.push({ condition: e.condition, statement: ref, attachments: [] });
    }
    return { evidence: out, added };
  }

  async function roundRecord(roundId: string): Promise<AwardRoundRecord> {
    return (await app.cases.read(awardRoundContract, roundId, publicReader)) as AwardRoundRecord;
  }

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
      const opened = await app.cases.startAwardRound(
        {
          year: b.year,
          quota: b.quota,
          ...(b.nominationDue ? { nominationDue: b.nominationDue } : {}),
          units: codes,
          openedBy: request.actor,
        },
        `${b.year}年度全国脱贫攻坚奖推荐工作${b.nominationDue ? `（${chineseDate(b.nominationDue)}前报送）` : ''}`,
      );
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
      const seed = key ? `${actor.id}:${roundId}:${key}` : undefined;
      const suffix = seed ? sha256(seed).slice(0, 8) : randomBytes(4).toString('hex');
      const nominationId = awardIds.nomination(awardIds.yearOf(roundId), actor.unit!, suffix);
      const { evidence, added } = await storeStatements(nominationId, b.evidence, actor, seed);
      const contacts = b.contacts && Object.values(b.contacts).some((v) => v?.trim());
      const hadContacts = contacts ? (await store.reporter(nominationId)) !== undefined : false;
      if (contacts && !hadContacts)
        await store.saveReporter(nominationId, sealRow(opts.storeKeys, reporterRow(nominationId), b.contacts));
      try {
        await app.cases.step(
          awardRoundContract,
          awardRoundSteps.nominate,
          roundId,
          {
            nominationId,
            award: b.award,
            nominee: b.nominee,
            deedsSummary: b.deedsSummary,
            contactsOnFile: Boolean(contacts),
            evidence,
          },
          actor,
          key,
        );
      } catch (err) {
        // Not received: nothing this request stored stays (a retry with the same key stores it again).
        await store.deleteDocuments(added);
        if (contacts && !hadContacts) await store.deleteReporter(nominationId);
        throw err;
      }
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
      const seed = key ? `${request.actor.id}:${nominationId}:${key}` : undefined;
      const { evidence, added } = await storeStatements(nominationId, request.body.evidence, request.actor, seed);
      try {
        return await app.cases.step(
          nominationContract,
          nominationSteps.supplyEvidence,
          nominationId,
          { evidence },
          request.actor,
          key,
        );
      } catch (err) {
        await store.deleteDocuments(added);
        throw err;
      }
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
      if (!request.isMultipart())
        throw new HttpRefusal(415, '请以 multipart/form-data 上传文件', 'UnsupportedMediaType');
      const { fields, files } = await readMultipart(request, {
        maxBytes: app.config.ATTACHMENT_MAX_BYTES,
        maxFiles: app.config.ATTACHMENTS_PER_UPLOAD,
      });
      const condition = fields.condition ?? '';
      if (!/^(basic|striving|contribution|dedication|innovation)-[0-9]$/.test(condition))
        throw new HttpRefusal(422, '请写明文件所属的条件（condition，如 basic-1）', 'InvalidRequest');
      if (!files.length) throw new HttpRefusal(422, '没有收到文件', 'InvalidRequest');
      const refs = await storeUploads(store, nominationId, 'evidence', files, partyTag(partyOf(request.actor)));
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      try {
        return await app.cases.step(
          nominationContract,
          nominationSteps.attachEvidenceFiles,
          nominationId,
          { condition, attachments: refs },
          request.actor,
          key,
        );
      } catch (err) {
        await store.deleteDocuments(refs.map((r) => r.id));
        throw err;
      }
    },
  );

  /** The round's list in its publicity period as anyone reads it; undefined before it is published. */
  async function publicityOf(roundId: string): Promise<AwardPublicityList | undefined> {
    const r = await roundRecord(roundId).catch(() => undefined);
    if (!r?.publicity || !r.list) return undefined;
    return {
      roundId,
      title: `${r.year}年度全国脱贫攻坚奖推荐对象公示`,
      from: DateTime.fromISO(r.publicity.from).setZone(caseTimeZone).toISODate()!,
      to: r.publicity.dueDate,
      open: !r.publicity.ended,
      entries: r.list.selected.map((id) => {
        const n = r.nominations.find((x) => x.nominationId === id)!;
        const withdrawn = n.stage === 'withdrawn';
        return {
          nominationId: id,
          name: n.nominee.name,
          workUnit: n.nominee.workUnit,
          award: n.award,
          awardLabel: awardLabels[n.award],
          nominatingUnit: n.unit.name,
          deedsSummary: n.deedsSummary,
          status: withdrawn ? 'withdrawn' : 'publicized',
          statusLabel: withdrawn ? '经核查撤销推荐' : '公示中',
        };
      }),
    };
  }

  app.get(
    '/award-publicity',
    {
      schema: {
        tags: ['public'],
        summary: 'Part 1 (ours): the published lists (公示) of the latest rounds, newest first; no token',
        description:
          'The lists of the last three rounds that have been published, each as GET /award-rounds/{roundId}/publicity answers it.',
        security: [],
        response: { 200: Type.Object({ lists: Type.Array(PublicityAnswer) }), ...errorResponses(503) },
      },
    },
    async () => {
      const rounds = await store.listCases({ kind: 'award-round', limit: 3 });
      const lists = await Promise.all(rounds.map((r) => publicityOf(r.caseId)));
      return { lists: lists.filter((l) => l !== undefined) };
    },
  );

  app.get(
    '/award-rounds/:roundId/publicity',
    {
      schema: {
        tags: ['public'],
        summary: 'Part 1 (ours): the province’s list in its publicity period (公示); no token',
        description:
          'Name, unit, award and a short summary of deeds of each nominee; never contacts. A nominee withdrawn after an objection is marked so. 404 before the list is published.',
        security: [],
        params: RoundParams,
        response: { 200: PublicityAnswer, ...errorResponses(400, 404, 503) },
      },
    },
    async (request): Promise<AwardPublicityList> => {
      const list = await publicityOf(request.params.roundId);
      if (!list) throw new HttpRefusal(404, '推荐名单尚未公示', 'NotPublished');
      return list;
    },
  );

  app.post(
    '/award-rounds/:roundId/objections',
    {
      config: {
        rateLimit: {
          max: app.config.PUBLIC_REPORTS_PER_HOUR,
          timeWindow: 3_600_000,
          keyGenerator: (request) => `award-objection:${request.ip}`,
        },
      },
      schema: {
        tags: ['public'],
        summary: 'Part 1 (ours): anyone lodges an objection to a nominee on the published list; no token',
        description:
          'During the publicity period only (409 after it). `name` and `contact` are optional, sealed, and seen by the leading-group office only. 201 with a receipt code: GET /award-rounds/{roundId}/objections/{receipt} follows it.',
        security: [],
        params: RoundParams,
        body: ObjectionInput,
        response: { ...errorResponses(400, 404, 409, 413, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const { roundId } = request.params;
      const b = request.body;
      if (!b.what.trim()) throw new HttpRefusal(422, '请写明异议内容', 'InvalidRequest');
      const receipt = newReceipt();
      const objectionId = awardIds.objection(sha256(receipt));
      const bytes = Buffer.from(JSON.stringify({ what: b.what }));
      const account: DocumentRef = {
        id: stableDocumentId(objectionId),
        name: 'objection.json',
        contentType: 'application/json',
        size: bytes.length,
        sha256: sha256(bytes),
      };
      await store.saveDocument({
        ...account,
        owner: objectionId,
        section: 'account',
        bytes,
        createdAt: new Date().toISOString(),
        createdBy: 'public',
      });
      const identified = Boolean(b.name?.trim() || b.contact?.trim());
      if (identified)
        await store.saveReporter(
          objectionId,
          sealRow(opts.storeKeys, reporterRow(objectionId), { name: b.name ?? '', contact: b.contact ?? '' }),
        );
      const receivedOn = DateTime.now().setZone(caseTimeZone).toISODate()!;
      try {
        await app.cases.step(
          awardRoundContract,
          awardRoundSteps.lodgeObjection,
          roundId,
          { objectionId, nominationId: b.nominationId, receivedOn, account, identified },
          publicActor,
        );
      } catch (err) {
        await store.deleteDocuments([account.id]);
        await store.deleteReporter(objectionId);
        throw err;
      }
      request.log.info({ roundId }, 'award objection received');
      return reply.status(201).send({
        receipt,
        receivedOn,
        statusLabel: objectionStatusLabels.received,
        message: `已收到您的异议。受理编号：${receipt}。请妥善保存，凭此编号查询办理情况；编号丢失无法找回。`,
      });
    },
  );

  app.get(
    '/award-rounds/:roundId/objections/:receipt',
    {
      config: {
        rateLimit: {
          max: app.config.RECEIPT_LOOKUPS_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (r) => `receipt:${r.ip}`,
        },
      },
      schema: {
        tags: ['public'],
        summary:
          'Part 1 (ours): an objection: its status by receipt code (no token), or the whole objection by its id (officials)',
        description:
          '`receipt` a receipt code: no token; the status only. `receipt` an objection id (`award-objection-…`, in the round’s `objections`): with a token; the office, the leading group and the committee read the account, and only the office reads who lodged it (`objector`, or `anonymous: true`). Anyone else: 404.',
        security: [],
        params: Type.Object({
          ...RoundParams.properties,
          receipt: Type.String({ minLength: 1, maxLength: 80, pattern: '^[0-9A-Za-z -]+$' }),
        }),
      },
    },
    async (request, reply) => {
      const missing = new HttpRefusal(404, '没有找到这个受理编号对应的异议', 'NotFound');
      if (new RegExp(objectionIdPattern).test(request.params.receipt)) {
        // An objection by its id: the overseers read its account; only the office reads who lodged it.
        await app.requireRole().call(app, request, reply);
        const actor = request.actor;
        if (!isOverseer(actor.role)) throw missing;
        const r = (await app.cases.read(awardRoundContract, request.params.roundId, actor)) as AwardRoundRecord;
        const o = r.objections.find((x) => x.objectionId === request.params.receipt);
        if (!o) throw missing;
        const account = await store.document(o.account.id);
        const sealed = actor.role === 'office' && o.identified ? await store.reporter(o.objectionId) : undefined;
        return {
          ...o,
          ...(account ? { what: (JSON.parse(account.bytes.toString('utf8')) as { what: string }).what } : {}),
          ...(actor.role === 'office'
            ? sealed
              ? {
                  objector: openRow<{ name: string; contact: string }>(
                    opts.storeKeys,
                    reporterRow(o.objectionId),
                    sealed,
                  ),
                }
              : { anonymous: true }
            : {}),
        };
      }
      const receipt = normalizeReceipt(request.params.receipt);
      if (!receipt) throw missing;
      const id = awardIds.objection(sha256(receipt));
      const r = await roundRecord(request.params.roundId).catch(() => undefined);
      const o = r?.objections.find((x) => x.objectionId === id);
      if (!o) throw missing;
      const status: ObjectionStatus['status'] = o.decision
        ? o.decision.upheld
          ? 'upheld'
          : 'dismissed'
        : o.investigation
          ? 'investigated'
          : 'received';
      return { receivedOn: o.receivedOn, status, statusLabel: objectionStatusLabels[status] } satisfies ObjectionStatus;
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
