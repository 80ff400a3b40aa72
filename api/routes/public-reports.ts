/**
 * Public reports (受理群众举报, Art. 3, 5, 12): anyone files one without an account and follows it with the receipt
 * code; the office, the leading group and the committee list and read them; the office registers and decides (steps,
 * built from the contract by routes/steps.ts). The reporter's name and contact are sealed in the case store with the
 * store's own key (lib/store/sealing.ts) and shown to the office only; the account and files are in the store too,
 * and the workflow keeps their hashes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import { caseTimeZone } from '../../lib/calendar/calendar';
import type { StoreKeys } from '../../lib/store/sealing';
import { openRow, reporterRow } from '../../lib/store/sealing';
import { identityRemoval } from '../../lib/store/identity-expiry';
import { newReceipt, normalizeReceipt, reportIdOf, reporterStatus } from '../../lib/public-reports/receipts';
import { similarity } from '../../lib/public-reports/similarity';
import type { Actor } from '../../workflows/domain';
import { unnamedUnit } from '../../workflows/domain';
import { publicReportIdPattern, unitCodePattern, unitCodeDoc } from '../../workflows/ids';
import type { PublicReportInput, PublicReportRecord, PublicStatus } from '../../workflows/public-report/contract';
import {
  publicReportContract,
  publicStatuses,
  reportStageLabels,
  reportStages,
} from '../../workflows/public-report/contract';
import { literals } from '../../workflows/engine/schemas';
import { chineseDate, normalizeTexts, textsProblem } from '../../workflows/engine/texts';
import { HttpRefusal } from '../refusal';
import { FilingSchema, IdempotencyHeaders, ReceiptCode, ReceiptSchema, StatusSchema, errorResponses } from '../schemas';
import { keyReused, keyedFiling } from '../services/public-report-keys';
import type { Upload } from '../uploads';
import { readMultipart } from '../uploads';

const ReportSummarySchema = Type.Object({
  reportId: Type.String(),
  targetUnit: Type.String(),
  unitName: Type.String(),
  stage: Type.String(),
  stageLabel: Type.String(),
  receivedAt: Type.String(),
  overdue: Type.Boolean(),
  dueAt: Type.Optional(Type.String()),
  possibleDuplicates: Type.Array(Type.String()),
  links: Type.Object({ self: Type.String(), temporalUi: Type.String() }),
});

const notFound = () => new HttpRefusal(404, '没有找到这个受理编号对应的举报', 'NotFound');

/**
 * What the receipt shows: the status and the office's reply, nothing of the case it fed or of the unit. `status`: as
 * the reporter reads it (`reporterStatus`: 作为依据 only once a case resting on the report is approved).
 */
function statusOf(record: PublicReportRecord, status: PublicStatus = record.reply.status) {
  return {
    receivedOn: record.received.on,
    status,
    statusLabel: publicStatuses[status],
    ...(record.reply.text ? { reply: record.reply.text } : {}),
    updatedOn: DateTime.fromISO(record.reply.at).setZone(caseTimeZone).toISODate()!,
  };
}

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const publicReports: FastifyPluginAsyncTypebox<{ storeKeys: StoreKeys }> = async (app, opts) => {
  const { store } = app;
  /** Who reads a report for its receipt (the projection to the status happens here, not in the view). */
  const receiptReader: Actor = { id: 'public-receipt', role: 'leading-group' };
  /** A report as the store (or, filed a moment ago, its workflow) has it; undefined when there is none. */
  async function recordOf(reportId: string): Promise<PublicReportRecord | undefined> {
    const stored = await store.readCase(reportId);
    if (stored) return stored.record as PublicReportRecord;
    try {
      return (await app.cases.read(publicReportContract, reportId, receiptReader)) as PublicReportRecord;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw err;
    }
  }
  /** The filing's answer: the receipt, shown once (and again to a retry with the same key and body). */
  const receiptAnswer = (receipt: string, receivedOn: string, status: keyof typeof publicStatuses) => ({
    receipt,
    receivedOn,
    status,
    statusLabel: publicStatuses[status],
    message: `已收到您的举报。受理编号：${receipt}。请妥善保存，凭此编号查询办理情况；编号丢失无法找回。`,
  });
  const uploadLimits = () => ({
    maxBytes: app.config.ATTACHMENT_MAX_BYTES,
    maxFiles: app.config.ATTACHMENTS_PER_UPLOAD,
  });

  app.post(
    '/public-reports',
    {
      config: {
        rateLimit: {
          max: app.config.PUBLIC_REPORTS_PER_HOUR,
          timeWindow: 3_600_000,
          keyGenerator: (request) => `public-report:${request.ip}`,
        },
      },
      // A multipart body (fields and files) becomes the same body as JSON before it is validated.
      preValidation: async (request) => {
        if (!request.isMultipart()) return;
        const { fields, files } = await readMultipart(request, uploadLimits());
        const problem = textsProblem(fields);
        if (problem) throw new HttpRefusal(400, `请求内容不符合要求（${problem}）`, 'InvalidText');
        request.body = normalizeTexts(fields) as typeof request.body;
        (request as { uploads?: Upload[] }).uploads = files;
      },
      schema: {
        tags: ['public report'],
        summary: 'Art. 5: file a public report (群众举报), no account needed',
        description: [
          'JSON, or `multipart/form-data` with the same fields and up to `ATTACHMENTS_PER_UPLOAD` files (PDF, JPEG, PNG, Word, Excel, text; each at most `ATTACHMENT_MAX_BYTES`).',
          'Name the unit with `targetUnit` (a code of GET /units) or, when you do not know it, `unitText`. `name` and `contact` are optional (anonymous reports are accepted); they are sealed and seen by the leading-group office only.',
          '201 with the receipt code: keep it, it is the only way to follow the report (GET /public-reports/{receipt}). Limited to `PUBLIC_REPORTS_PER_HOUR` per address.',
          'With an `Idempotency-Key`, a retry with the same key and the same fields and files answers the same receipt and files nothing again; the same key with another report is refused (422 IdempotencyKeyReused).',
        ].join('\n\n'),
        consumes: ['application/json', 'multipart/form-data'],
        security: [],
        headers: IdempotencyHeaders,
        body: FilingSchema,
        response: { 201: ReceiptSchema, ...errorResponses(400, 413, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const uploads = (request as { uploads?: Upload[] }).uploads ?? [];
      if (!body.what.trim()) throw new HttpRefusal(422, '请写明反映的问题', 'InvalidRequest');
      if (!body.targetUnit && !body.unitText?.trim()) {
        throw new HttpRefusal(422, '请写明被反映的单位（单位代码 targetUnit，或单位名称 unitText）', 'InvalidRequest');
      }
      const unit = body.targetUnit ? app.unitOf(body.targetUnit) : unnamedUnit;
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      const keyed = key ? keyedFiling(opts.storeKeys, key, body, uploads) : undefined;
      const receipt = keyed?.receipt ?? newReceipt();
      const reportId = reportIdOf(receipt);
      // With a key: a report filed under it already is this request's (its account is named by key and body), or the
      // key was used for another report.
      const earlierFiling = async () => {
        const r = await recordOf(reportId);
        if (r && r.received.account.id !== keyed?.accountId(reportId)) throw keyReused();
        return r;
      };
      // Sent twice at once, the other request started the report: read once, for the claim and for the answer.
      let raced: Promise<PublicReportRecord | undefined> | undefined;
      const racedFiling = () => (raced ??= earlierFiling());
      const again = (r: PublicReportRecord) =>
        reply.status(201).send(receiptAnswer(receipt, r.received.on, r.reply.status));
      if (keyed) {
        const earlier = await earlierFiling();
        if (earlier) return again(earlier);
      }
      const now = DateTime.now().setZone(caseTimeZone);

      // Reports on the same unit with a similar account, suggested to the office (read before this one is stored).
      const since = now.minus({ days: app.config.DUPLICATE_WINDOW_DAYS }).toUTC().toISO()!;
      const possibleDuplicates =
        unit.code === unnamedUnit.code
          ? []
          : (await store.reportAccounts(unit.code, since))
              .filter((r) => {
                const other = JSON.parse(r.text) as { what?: string };
                return similarity(other.what ?? '', body.what) >= app.config.DUPLICATE_SIMILARITY;
              })
              .slice(0, 10)
              .map((r) => r.reportId);

      // The account and the files go to the store first (claim check); the workflow gets their hashes.
      const account = {
        ...(body.unitText?.trim() ? { unitText: body.unitText } : {}),
        what: body.what,
        ...(body.when ? { when: body.when } : {}),
        ...(body.where ? { where: body.where } : {}),
      };
      const identified = Boolean(body.name?.trim() || body.contact?.trim());
      const receivedOn = now.toISODate()!;
      // Not filed (Temporal does not answer): the reporter hears so, and nothing of it stays in the store. Its Temporal
      // UI summary names no reporter and none of their words.
      const filed = app.cases.startRecordWithClaim(
        {
          kind: 'public-report',
          workflowId: reportId,
          unitCode: unit.code,
          summary: `群众举报：${unit.name}（${chineseDate(receivedOn)}收到）`,
          exists: { message: '该举报已经受理', code: 'ReportExists' },
        },
        'public',
        async (claim): Promise<PublicReportInput> => {
          const accountFile = { name: 'account.json', contentType: 'application/json' };
          const accountRef = await claim.file(reportId, 'account', 'account', {
            ...accountFile,
            bytes: Buffer.from(JSON.stringify(account)),
          });
          const attachments = await Promise.all(
            uploads.map((f, i) => claim.file(reportId, 'attachments', String(i), f)),
          );
          if (identified)
            await claim.identity(reportId, opts.storeKeys, { name: body.name ?? '', contact: body.contact ?? '' });
          return {
            year: now.year,
            receivedAt: now.toUTC().toISO()!,
            receivedOn,
            targetUnit: unit,
            account: accountRef,
            attachments,
            identified,
            possibleDuplicates,
          };
        },
        keyed && {
          claimKey: keyed.claimKey,
          isRetry: async () => Boolean(await racedFiling().catch(() => undefined)),
        },
      );
      let input: PublicReportInput;
      try {
        input = (await filed) as PublicReportInput;
      } catch (err) {
        // The same request sent twice at once: the other one started the report.
        const earlier = keyed && err instanceof HttpRefusal && err.code === 'ReportExists' && (await racedFiling());
        if (earlier) return again(earlier);
        throw err;
      }
      request.log.info({ reportId, attachments: input.attachments.length }, 'public report received');
      return reply
        .status(201)
        .header('location', `/public-reports/${receipt}`)
        .send(receiptAnswer(receipt, input.receivedOn, 'received'));
    },
  );

  app.get(
    '/public-reports',
    {
      onRequest: app.requireRole('office', 'leading-group', 'committee'),
      schema: {
        tags: ['public report'],
        summary: 'Art. 5: public reports, newest first, with likely duplicates suggested (never merged)',
        description:
          'For the leading-group office, the leading group and the committee. No reporter identity in the list. Filter by `stage`, `unit`, `year`; page with `limit` and `offset`.',
        querystring: Type.Object({
          stage: Type.Optional(literals(reportStages)),
          unit: Type.Optional(Type.String({ pattern: unitCodePattern, description: unitCodeDoc() })),
          year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
        }),
        response: { 200: Type.Array(ReportSummarySchema), ...errorResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await store.listCases({
        kind: 'public-report',
        limit: q.limit,
        offset: q.offset,
        withRecord: true,
        ...(q.stage ? { stages: { 'public-report': [q.stage] } } : {}),
        ...(q.unit ? { unit: q.unit } : {}),
        ...(q.year !== undefined ? { year: q.year } : {}),
      });
      return rows.map((row) => {
        const record = row.record as PublicReportRecord;
        return {
          reportId: row.caseId,
          targetUnit: row.unitCode,
          unitName: record.targetUnit.name,
          stage: row.stage,
          stageLabel: reportStageLabels[row.stage as keyof typeof reportStageLabels] ?? row.stage,
          receivedAt: record.received.at,
          overdue: row.overdue,
          ...(row.dueAt ? { dueAt: row.dueAt } : {}),
          possibleDuplicates: record.received.possibleDuplicates,
          links: app.cases.links(row.caseId),
        };
      });
    },
  );

  app.get(
    '/public-reports/:ref',
    {
      config: {
        rateLimit: {
          max: app.config.RECEIPT_LOOKUPS_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request) => `receipt:${request.ip}`,
        },
      },
      schema: {
        tags: ['public report'],
        summary: 'A public report: its status by receipt code (no token), or the whole report by its id (officials)',
        description: [
          '`ref` a receipt code (any case; dashes optional): no token; the status and the office’s reply only, never the case it fed. A code that matches no report answers 404. Limited to `RECEIPT_LOOKUPS_PER_MINUTE` per address.',
          '`ref` a report id (`public-report-…`): with a token. The office, the leading group and the committee see the report with the account and the files; the office also sees the reporter (`reporter`, `anonymous: true`, or `identityRemoved` with when, once the retention policy removed it); the discipline commission sees a report forwarded to it. Anyone else gets 404, as for a report that does not exist.',
        ].join('\n\n'),
        security: [],
        params: Type.Object({ ref: ReceiptCode }),
        response: {
          200: Type.Union([StatusSchema, Type.Object({}, { additionalProperties: true })]),
          ...errorResponses(400, 401, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { ref } = request.params;
      if (new RegExp(publicReportIdPattern).test(ref)) {
        await app.requireRole().call(app, request, reply);
        return officialView(ref, request);
      }
      const receipt = normalizeReceipt(ref);
      if (!receipt) throw notFound();
      // Filed a moment ago, the case may not have written itself to the store yet: recordOf asks its workflow then.
      const record = await recordOf(reportIdOf(receipt));
      if (!record) throw notFound();
      return statusOf(record, await reporterStatus(store, record));
    },
  );

  async function officialView(reportId: string, request: FastifyRequest) {
    const { actor } = request;
    const view = (await app.cases.read(publicReportContract, reportId, actor)) as Partial<PublicReportRecord>;
    if (!view.received) return view;
    const docs = await store.documents(reportId);
    const accountDoc = await store.document(view.received.account.id);
    const account = accountDoc ? (JSON.parse(accountDoc.bytes.toString('utf8')) as Record<string, string>) : undefined;
    const files = docs.filter((d) => d.section === 'attachments').map((d) => ({ ...d, url: `/documents/${d.id}` }));
    const sealed = actor.role === 'office' ? await store.reporter(reportId) : undefined;
    if (sealed) request.auditAs('identity');
    return {
      ...view,
      ...(account ? { account } : {}),
      files,
      ...(actor.role === 'office'
        ? sealed
          ? { reporter: openRow<{ name: string; contact: string }>(opts.storeKeys, reporterRow(reportId), sealed) }
          : (removedReporter(view) ?? { anonymous: true })
        : {}),
    };
  }
};

/** Issue 33 item 5: an identified reporter whose identity the retention removed (the record says when). */
function removedReporter(view: Partial<PublicReportRecord>) {
  const removal = view.received?.identified ? identityRemoval(view) : undefined;
  return removal && { identityRemoved: removal };
}

export default publicReports;
