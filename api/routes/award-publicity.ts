/**
 * The award round as the public meets it (Part 1; ours): the list in its publicity period (公示), an objection lodged
 * without an account (its account and the objector's identity go to the case store through the award service, sealed),
 * and an objection followed by its receipt code.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import { caseTimeZone } from '../../lib/calendar/calendar';
import type { StoreKeys } from '../../lib/store/sealing';
import { openRow, reporterRow } from '../../lib/store/sealing';
import { identityRemoval } from '../../lib/store/identity-expiry';
import { normalizeReceipt } from '../../lib/public-reports/receipts';
import type { AwardRoundRecord } from '../../workflows/award-round/contract';
import { awardIds, awardRoundContract, objectionIdPattern } from '../../workflows/award-round/contract';
import { awardLabels } from '../../workflows/nomination/conditions';
import type { Actor } from '../../workflows/domain';
import { isOverseer } from '../../workflows/engine/party';
import { HttpRefusal } from '../refusal';
import type { AwardPublicityList, ObjectionStatus } from '../schemas';
import {
  ObjectionInput,
  PublicityAnswer,
  ReceiptCode,
  RoundParams,
  errorResponses,
  objectionStatusLabels,
} from '../schemas';
import { sha256 } from '../uploads';
import { AwardService } from '../services/awards';

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const awardPublicity: FastifyPluginAsyncTypebox<{ storeKeys: StoreKeys }> = async (app, opts) => {
  const { store } = app;
  const service = new AwardService(app.cases, opts.storeKeys);
  /** Who reads a round for the public list and the receipts (the projection to the public happens here). */
  const publicReader: Actor = { id: 'public-list', role: 'leading-group' };

  async function roundRecord(roundId: string): Promise<AwardRoundRecord> {
    return (await app.cases.read(awardRoundContract, roundId, publicReader)) as AwardRoundRecord;
  }

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
      const receivedOn = DateTime.now().setZone(caseTimeZone).toISODate()!;
      const { receipt } = await service.lodgeObjection(roundId, b, receivedOn);
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
          '`receipt` a receipt code: no token; the status only. `receipt` an objection id (`award-objection-…`, in the round’s `objections`): with a token; the office, the leading group and the committee read the account, and only the office reads who lodged it (`objector`, `anonymous: true`, or `identityRemoved` with when, once the retention policy removed it). Anyone else: 404.',
        security: [],
        params: Type.Object({
          ...RoundParams.properties,
          receipt: ReceiptCode,
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
        request.auditAs(sealed ? 'identity' : 'read', { resource: o.objectionId });
        // Issue 33 item 5: an objector's identity the retention removed, as the round's record says.
        const removed = o.identified && !sealed ? identityRemoval(r) : undefined;
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
              : removed
                ? { identityRemoved: removed }
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
};

export default awardPublicity;
