/**
 * The recommendation materials of the national poverty-alleviation awards (Part 1): a recommendation form (推荐表) per
 * nominee on the province's list, and the covering report (报告) of the leading group to the national office. Built
 * from the round's and the nominations' records and the statements (lib/documents/award-documents.ts reads them from
 * the case store), so the API serves them and the worker sends them from one description; drafts until the leading
 * group signs. Pure (workflows/engine/documents.ts).
 */
import type { OfficialDocument } from '../../lib/documents/official-document';
import { documentDate, leadingGroup, office, personOf, underMark } from '../engine/documents';
import { chineseDate, chineseNumber } from '../engine/texts';
import { awardKinds, awardLabels, conditionVerdicts, conditionsOf } from '../nomination/conditions';
import type { NominationRecord } from '../nomination/contract';
import type { AwardRoundRecord } from './contract';

/** Where the materials go: the national leading group's office, which runs the national evaluation. */
export const nationalOffice = '国务院扶贫开发领导小组办公室';

export interface AwardDocument {
  /** `report`, or `form-{nominationId}`. */
  id: string;
  title: string;
  nominationId?: string;
  /** Numbered documents (the report) carry the leading group's report number once issued. */
  numbered: boolean;
  build: (number: string | undefined) => OfficialDocument;
}

/** The nominees the materials are for: on the list and not withdrawn, in the order of the list. */
export function recommended(round: AwardRoundRecord, nominations: NominationRecord[]): NominationRecord[] {
  const byId = new Map(nominations.map((n) => [n.caseId, n]));
  const withdrawn = new Set(round.nominations.filter((n) => n.stage === 'withdrawn').map((n) => n.nominationId));
  return (round.list?.selected ?? [])
    .filter((id) => !withdrawn.has(id))
    .map((id) => byId.get(id))
    .filter(
      (n): n is NominationRecord => n !== undefined && n.outcome?.status !== 'withdrawn' && n.stage !== 'withdrawn',
    );
}

/** What the publicity brought: `公示期间未收到异议。`, or how many objections and what checking them found. */
function objectionsText(received: number, upheld: number): string {
  if (!received) return '公示期间未收到异议。';
  const found =
    upheld === 0
      ? '均不成立'
      : `异议成立${chineseNumber(upheld)}件，相关对象已撤销推荐${upheld < received ? `，其余${chineseNumber(received - upheld)}件不成立` : ''}`;
  return `公示期间收到异议${chineseNumber(received)}件，经核查，${found}。`;
}

export function awardDocuments(
  round: AwardRoundRecord,
  nominations: NominationRecord[],
  /** The statements' texts, by document id (the case store). */
  statements: ReadonlyMap<string, string>,
  /** The date of materials neither drafted nor signed yet, nor after a publicity period: the reading's time. */
  now: string,
): AwardDocument[] {
  const signed = round.materials?.signed;
  const draft = !signed;
  const at = signed?.at ?? round.materials?.drafted ?? round.publicity?.ended ?? now;
  const list = recommended(round, nominations);
  const forms: AwardDocument[] = list.map((n) => {
    const title = `${round.year}年度全国脱贫攻坚奖${awardLabels[n.award]}推荐表（${n.nominee.name}）`;
    const latest = new Map(n.evidence.map((e) => [e.condition, e]));
    const review = n.reviews.at(-1);
    const verdicts = new Map(review?.conditions.map((c) => [c.condition, c]) ?? []);
    return {
      id: `form-${n.caseId}`,
      title,
      nominationId: n.caseId,
      numbered: false,
      build: () => ({
        issuer: leadingGroup,
        printer: office,
        draft,
        title,
        addressee: nationalOffice,
        body: [
          {
            table: [
              ['项目', '内容'],
              ['推荐对象', n.nominee.name],
              ['类别', n.nominee.kind === 'person' ? '个人' : '组织'],
              ['工作单位', n.nominee.workUnit],
              ...(n.nominee.position ? [['职务', n.nominee.position]] : []),
              ['推荐奖项', awardLabels[n.award]],
              ['推荐单位', n.targetUnit.name],
            ],
          },
          { heading: 1, text: '主要事迹' },
          { text: n.deedsSummary },
          { heading: 1, text: '对照评选条件的情况' },
          {
            table: [
              ['评选条件', '推荐单位说明', '审核意见'],
              ...conditionsOf(n.award).map((c) => {
                const e = latest.get(c.id);
                const v = verdicts.get(c.id);
                const files = e?.attachments.length ? `（附：${e.attachments.map((a) => a.name).join('、')}）` : '';
                return [
                  c.text,
                  e ? `${statements.get(e.statement.id) ?? '（见推荐单位报送材料）'}${files}` : '—',
                  v ? `${conditionVerdicts[v.verdict]}${v.reason ? `：${v.reason}` : ''}` : '—',
                ];
              }),
            ],
          },
          { heading: 1, text: '推荐意见' },
          {
            text: `经${n.targetUnit.name}推荐、省脱贫攻坚领导小组办公室审核、省脱贫攻坚领导小组研究，并经公示${round.publicity ? `（${chineseDate(round.publicity.from.slice(0, 10))}至${chineseDate(round.publicity.dueDate)}）` : ''}无异议或异议不成立，同意推荐。`,
          },
        ],
        date: documentDate(at),
      }),
    };
  });
  const counts = awardKinds
    .filter((a) => round.quota[a] > 0)
    .map((a) => `${awardLabels[a]}${list.filter((n) => n.award === a).length}名（名额${round.quota[a]}名）`);
  const upheld = round.objections.filter((o) => o.decision?.upheld).length;
  const title = `关于推荐${round.year}年度全国脱贫攻坚奖候选对象的报告`;
  const report: AwardDocument = {
    id: 'report',
    title,
    numbered: true,
    build: (number) => ({
      ...underMark(number, draft),
      ...(signed?.by.name ? { signer: personOf(signed.by.name) } : {}),
      title,
      addressee: nationalOffice,
      body: [
        {
          text: `按照全国脱贫攻坚奖评选表彰工作安排，我省组织开展了${round.year}年度推荐工作。现将有关情况报告如下：`,
        },
        { heading: 1, text: '推荐工作开展情况' },
        {
          text: `省脱贫攻坚领导小组办公室通知${round.units.length}个市和省直有关单位于${chineseDate(round.nominationDue)}前报送推荐材料，共收到推荐${round.nominations.length}件${round.nominations.some((x) => x.late) ? `（其中逾期报送${round.nominations.filter((x) => x.late).length}件）` : ''}。领导小组办公室对照基本条件和各奖项条件逐项审核，并核对了本系统中被推荐对象所在单位的整改、移交和表扬情况。`,
        },
        {
          text: `省脱贫攻坚领导小组研究确定推荐名单后，于${round.publicity ? `${chineseDate(round.publicity.from.slice(0, 10))}至${chineseDate(round.publicity.dueDate)}` : ''}进行公示。${objectionsText(round.objections.length, upheld)}`,
        },
        { heading: 1, text: '推荐对象' },
        { text: `共推荐${list.length}名（个）：${counts.join('，')}。` },
        {
          table: [
            ['序号', '推荐对象', '工作单位', '推荐奖项', '推荐单位'],
            ...list.map((n, i) => [
              String(i + 1),
              n.nominee.name,
              n.nominee.workUnit,
              awardLabels[n.award],
              n.targetUnit.name,
            ]),
          ],
        },
        { text: '特此报告。' },
      ],
      attachments: forms.map((f) => f.title),
      date: documentDate(at),
    }),
  };
  return [report, ...forms];
}
