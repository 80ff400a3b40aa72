/**
 * The activities of the award recommendations (Part 1): the cross-checks of a nominee's unit against the system's own
 * records, the recommendation materials (built from the case store), their sending to the national office, and the
 * publication of the list for public scrutiny (公示).
 */
import { DateTime } from 'luxon';
import type { Mailer } from './notifications';
import type { NotificationRoutes } from '../lib/channels/notification-routes';
import type { RegistryUnit } from '../lib/registry/units';
import type { CaseStore } from '../lib/store/case-store';
import { awardMaterialsFromStore, materialsOf, nationalOffice } from '../lib/documents/award-documents';
import type { NumberSeries } from '../lib/documents/case-documents';
import { issueDocument } from '../lib/documents/case-documents';
import { renderDocx } from '../lib/documents/official-document';
import { caseTimeZone } from '../lib/calendar/calendar';
import { workbenchBase } from '../lib/channels/links';
import type { AwardRoundRecord, Material } from '../workflows/award-round/contract';
import type { CrossCheckFact } from '../workflows/nomination/contract';
import { awardLabels } from '../workflows/nomination/conditions';
import { caseKindLabels, transferRecipients } from '../workflows/domain';
import type { TransferRecipient } from '../workflows/domain';
import { ids } from '../workflows/ids';
import { chineseDate } from '../workflows/engine/texts';

export interface AwardDeps {
  store: CaseStore;
  units: Map<string, RegistryUnit>;
  routes: NotificationRoutes;
  mailer?: Mailer;
  publicUrl?: string;
  /** Document number formats (`DOCUMENT_NUMBERS_FILE`), read once at start-up. */
  documentNumbers: Record<NumberSeries, string>;
}

const local = (at: string) => DateTime.fromISO(at).setZone(caseTimeZone).toISODate()!;
/** `2026年巡查`: the case as a reviewer reads it (the fact keeps its id, for the link). */
const caseName = (caseId: string) => {
  const kind = ids.kindOf(caseId);
  return `${caseId.split('-')[1]}年${kind ? caseKindLabels[kind] : ''}`;
};

export function createAwardActivities({
  store,
  units,
  routes,
  mailer,
  publicUrl,
  documentNumbers: formats,
}: AwardDeps) {
  return {
    /**
     * What the system's own records say of a unit (never a verdict): its open and overdue rectifications, transfers to
     * discipline bodies that concern it, its commendations (Art. 11 (1)), the findings of its cases this year and last.
     */
    async awardCrossChecks(input: { unit: string; year: number }) {
      const r = await store.unitRecord(input.unit, input.year - 1);
      const facts: Omit<CrossCheckFact, 'id'>[] = [
        ...r.rectifications.map((x) => ({
          kind: x.status === 'overdue' ? ('overdue-rectification' as const) : ('open-rectification' as const),
          text: `${caseName(x.caseId)}的整改${x.status === 'overdue' ? '已逾期' : '正在进行'}（限${chineseDate(local(x.dueAt))}前报送）`,
          caseId: x.caseId,
        })),
        ...r.transfers.map((x) => ({
          kind: 'transfer' as const,
          text: `${caseName(x.caseId)}中向${(transferRecipients[x.recipient as TransferRecipient]?.name ?? x.recipient).replace(/（[^（）]*）$/, '')}移交问题线索（${chineseDate(local(x.at))}）`,
          caseId: x.caseId,
        })),
        ...r.commendations.map((x) => ({
          kind: 'commendation' as const,
          text: `${caseName(x.caseId)}后受到省脱贫攻坚领导小组通报表扬（第十一条）`,
          caseId: x.caseId,
        })),
        ...r.findings.map((x) => ({
          kind: 'findings' as const,
          text: `${caseName(x.caseId)}发现问题${x.n}个`,
          caseId: x.caseId,
        })),
      ];
      return {
        at: new Date().toISOString(),
        unit: { code: input.unit, name: units.get(input.unit)?.name ?? input.unit },
        facts: facts.map((f, i) => ({ id: `f${i + 1}`, ...f })),
      };
    },

    /** The materials as they stand for the round's record: ids, titles, SHA-256 (local activity: the round is its input). */
    async awardMaterials(round: AwardRoundRecord): Promise<Material[]> {
      return materialsOf(await awardMaterialsFromStore(store, round));
    },

    /** The list for public scrutiny (公示) on the bulletin: name, unit, award, deeds; never contacts. */
    async publishAwardList(input: {
      roundId: string;
      year: number;
      dueDate: string;
      list: Array<{ name: string; workUnit: string; award: keyof typeof awardLabels; deedsSummary: string }>;
    }) {
      const entry = await store.publish({
        caseId: input.roundId,
        unitName: '山西省脱贫攻坚领导小组办公室',
        title: `${input.year}年度全国脱贫攻坚奖推荐对象公示`,
        text: [
          `现将我省${input.year}年度全国脱贫攻坚奖推荐对象予以公示，公示期至${chineseDate(input.dueDate)}。对公示对象有异议的，可在公示期内通过山西省脱贫攻坚督查巡查工作台的“全国脱贫攻坚奖推荐对象公示”页面提出（可不署名），系统给予受理编号。${publicUrl ? `公示页面：${publicUrl.replace(/\/$/, '')}${workbenchBase}/public/awards` : ''}`,
          ...input.list.map(
            (n, i) => `${i + 1}. ${n.name}，${n.workUnit}，推荐${awardLabels[n.award]}：${n.deedsSummary}`,
          ),
        ].join('\n'),
      });
      return { publishedAt: entry.publishedAt, url: `/award-rounds/${input.roundId}/publicity` };
    },

    /**
     * Send the signed materials to the national office (e-mail, the documents attached as .docx). Retried while the
     * channel is down; with no national address configured (or no e-mail), the office files them: `channel: 'office'`.
     */
    async sendAwardMaterials(input: { roundId: string }): Promise<{ channel: 'email' | 'office'; to: string[] }> {
      if (!mailer || !routes.nationalOffice.length) return { channel: 'office', to: [] };
      const stored = await store.readCase(input.roundId);
      if (!stored) throw new Error(`round ${input.roundId} is not in the case store yet`);
      const round = stored.record as AwardRoundRecord;
      const docs = await awardMaterialsFromStore(store, round);
      const attachments = [];
      for (const d of docs) {
        const signedAt = round.materials?.signed?.at ?? new Date().toISOString();
        const doc = d.numbered
          ? (
              await issueDocument(
                store,
                formats,
                { owner: input.roundId, key: d.id, series: 'report', issuedAt: signedAt },
                d.build,
              )
            ).doc
          : d.build(undefined);
        attachments.push({
          filename: `${d.title}.docx`,
          content: await renderDocx(doc),
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        });
      }
      const report = docs[0]!;
      await mailer.transport.sendMail({
        from: mailer.from,
        to: routes.nationalOffice,
        subject: `【报送】${report.title}`,
        // The national office has no account here: the materials travel as attachments, with no link into the API.
        text: `${nationalOffice}：\n\n现报送${report.title}及推荐表${docs.length - 1}份（见附件），请审阅。\n\n山西省脱贫攻坚领导小组`,
        attachments,
        messageId: `<${input.roundId}.materials@supervision-patrol>`,
        headers: { 'X-Case-Id': input.roundId },
      });
      return { channel: 'email', to: routes.nationalOffice };
    },
  };
}
