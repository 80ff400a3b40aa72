/**
 * Referrals for verification (交办核查, issue 36 item 1; docs/referrals.md): the office starts one, whoever may see it
 * reads it, and the unit uploads its evidence (佐证材料); its documents (交办函, 核查情况报告) are served with every kind's
 * (routes/official-documents.ts). The unit's and the
 * office's steps are built from the contract (routes/steps.ts); the lists are routes/referral-lists.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import stringify from 'safe-stable-stringify';
import { caseTimeZone } from '../../lib/calendar/calendar';
import { referralSources } from '../../workflows/domain';
import type { Actor } from '../../workflows/domain';
import { localToday } from '../../workflows/engine/texts';
import type { PublicReportRecord } from '../../workflows/public-report/contract';
import { publicReportContract } from '../../workflows/public-report/contract';
import type { ReferralInput } from '../../workflows/referral/contract';
import { referralContract, referralId, referralIdPattern, referralSteps } from '../../workflows/referral/contract';
import { HttpRefusal } from '../refusal';
import { CaseLinksSchema, IdempotencyHeaders, ReferralStartBody, errorResponses } from '../schemas';
import { requestKey } from '../services/idempotency';
import { readUpload, sha256 } from '../uploads';

const tags = ['referrals'];
const Params = Type.Object({ referralId: Type.String({ pattern: referralIdPattern }) });
const invalid = (message: string) => new HttpRefusal(422, message, 'InvalidRequest');

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const referrals: FastifyPluginAsyncTypebox = async (app) => {
  /** What the source names must exist: a registered report awaiting its decision, or a patrol or supervision. */
  async function checkSource(source: ReferralInput['source'], actor: Actor): Promise<void> {
    const { kind, publicReportId, caseId } = source;
    if (kind === 'public-report') {
      if (!publicReportId || caseId) throw invalid('交办群众举报时须写明举报编号（publicReportId），不写 caseId');
      let report: PublicReportRecord;
      try {
        report = (await app.cases.read(publicReportContract, publicReportId, actor)) as unknown as PublicReportRecord;
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) throw invalid('没有这件群众举报，请核对举报编号');
        throw err;
      }
      if (report.stage !== 'registered') {
        throw new HttpRefusal(
          409,
          `该群众举报当前为“${report.stageLabel}”，只有已登记、待决定处理方式的举报才能交办核查`,
          'ReportNotReferable',
        );
      }
    } else if (kind === 'finding') {
      if (!caseId || publicReportId) throw invalid('交办督查巡查发现的问题时须写明督查或巡查的编号（caseId）');
      try {
        await app.cases.readCase(caseId, actor);
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) throw invalid(`没有编号为${caseId}的督查或巡查`);
        throw err;
      }
    } else if (caseId || publicReportId) {
      throw invalid('办公室直接交办的事项不写举报编号或督查巡查编号');
    }
  }

  app.post(
    '/referrals',
    {
      onRequest: app.requireRole('office'),
      schema: {
        tags,
        summary: 'Issue 36: the office refers a matter to a unit to verify (交办核查)',
        description: [
          'Starts one referral, `referral-{year}-{serial}` (the year’s next serial). `source`: a public report (`publicReportId`; it must be registered and awaiting its decision, else 409; it then reads 已交办核查), a finding of a patrol or supervision (`caseId`), or the office’s own motion. `matter` (核查事项) is the office’s words, never the reporter’s; `dueDate` sets the reply date, else the policy’s `referral-reply` (30 days).',
          'The unit is sent the 交办函 and sees the referral without its source. With an `Idempotency-Key`, a retry answers the same referral; the same key with another body: 422.',
        ].join('\n\n'),
        headers: IdempotencyHeaders,
        body: ReferralStartBody,
        response: {
          201: Type.Object({ referralId: Type.String(), stage: Type.String(), links: CaseLinksSchema }),
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { source, unit: code, matter, dueDate } = request.body;
      if (!matter.trim()) throw invalid('核查事项不能为空');
      const unit = app.unitOf(code);
      if (dueDate) {
        const valid = DateTime.fromISO(dueDate, { zone: caseTimeZone }).isValid;
        if (!valid) throw invalid(`核查期限${dueDate}不是有效日期`);
        if (dueDate < localToday()) throw invalid('核查期限不得早于今天');
        if (dueDate > DateTime.now().setZone(caseTimeZone).plus({ years: 1 }).toISODate()!)
          throw invalid('核查期限不得超过一年');
      }
      const header = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      const key = header ? requestKey(request.actor, 'referrals', header) : randomUUID();
      const fingerprint = sha256(stringify(request.body));
      const reused = () =>
        new HttpRefusal(422, '这个 Idempotency-Key 已用于另一份内容，请为新的请求换一个键', 'IdempotencyKeyReused');
      // A key already used decides first: its referral has since changed its source (a report it referred reads
      // 已交办核查), so the retry must not be checked against the source again.
      const earlier = header ? await app.store.givenNumber('referrals', key) : undefined;
      if (earlier && earlier.sha256 !== fingerprint) throw reused();
      if (!earlier) await checkSource(source, request.actor);
      // The year's next serial, kept with the request's key: a retry names the same referral (lib/store/numbers.ts).
      const year = DateTime.now().setZone(caseTimeZone).year;
      const given = await app.store.documentNumber(
        { owner: 'referrals', key, series: 'referral', year, sha256: fingerprint },
        (seq) => String(seq),
      );
      if (given.sha256 !== fingerprint) throw reused();
      const serial = Number(given.number);
      const id = referralId(year, serial);
      const input: ReferralInput = {
        year,
        serial,
        source,
        unit,
        matter,
        ...(dueDate ? { dueDate } : {}),
        by: request.actor,
      };
      try {
        await app.cases.startRecord({
          kind: 'referral',
          workflowId: id,
          unitCode: unit.code,
          // Names and kinds only: the matter stays out of Temporal UI's list.
          summary: `交办核查：${unit.name}（${referralSources[source.kind]}）`,
          input,
          exists: { message: '该交办核查事项已经存在', code: 'ReferralExists' },
        });
      } catch (err) {
        // The same request again (same key, same body): the referral it started.
        if (!(header && err instanceof HttpRefusal && err.code === 'ReferralExists')) throw err;
      }
      request.log.info({ referralId: id, unit: unit.code }, 'referral started');
      const links = app.cases.links(id);
      return reply.status(201).header('location', links.self).send({ referralId: id, stage: 'verifying', links });
    },
  );

  app.get(
    '/referrals/:referralId',
    {
      onRequest: app.requireRole(),
      schema: {
        tags,
        summary: 'Issue 36: one referral, with its history, as the caller may see it',
        description:
          'The office, the leading group and the committee whole; the referred unit its matter, deadlines, signature, replies, evidence and reviews, never the source. Anyone else: 404, as for a referral that does not exist.',
        params: Params,
        response: { 200: Type.Ref(referralContract.viewSchema.$id!), ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) => app.cases.read(referralContract, request.params.referralId, request.actor),
  );

  app.post(
    '/referrals/:referralId/files',
    {
      onRequest: app.requireRole('unit'),
      schema: {
        tags,
        summary: 'Issue 36: the unit uploads evidence (佐证材料) of its referral (multipart/form-data)',
        description:
          'The referred unit, while verifying or awaiting the review. The upload checks of every other file; the referral records each with its SHA-256 (`evidence`). A refused upload keeps nothing.',
        consumes: ['multipart/form-data'],
        params: Params,
        headers: IdempotencyHeaders,
        response: {
          200: Type.Ref(referralContract.viewSchema.$id!),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request) => {
      const { referralId: id } = request.params;
      // Not the caller's to see: the answer of one that does not exist, before anything is read from the body.
      await app.cases.read(referralContract, id, request.actor);
      const { files } = await readUpload(request, app.config);
      if (!files.length) throw invalid('没有收到文件');
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      return app.cases.stepWithClaim(
        referralContract,
        referralSteps.attachReferralEvidence,
        id,
        request.actor,
        key,
        async (claim) => ({
          files: await Promise.all(files.map((f, i) => claim.file(id, 'evidence', `${i}:${f.sha256}`, f))),
        }),
      );
    },
  );
};

export default referrals;
