/**
 * A supervision's official documents (督查, Art. 10, 11), from its record: the notice to the unit, the group's report,
 * the results with the rectification requirements, the commendation circular and a special supervision's report up.
 * Pure (workflows/engine/documents.ts); lib/documents numbers and serves them.
 */
import { supervisionTypes } from '../domain';
import { supervisionKeyContents } from './stages';
import type { CaseDocument } from '../engine/documents';
import { issuedDocument } from '../engine/documents';
import { keyItemCitation, partyOrgan, youUnit } from '../engine/texts';
import { groupReport, reportsUp } from '../common-steps/documents';
import type { SupervisionCaseRecord } from './contract';

/** Art. 10, 11: a supervision's notice to the unit, the group's report, the results, the commendation circular. */
export function supervisionDocuments(r: SupervisionCaseRecord): CaseDocument[] {
  const unit = r.targetUnit.name;
  const what = `${supervisionTypes[r.type]}${r.topic ? `（${r.topic}）` : ''}`;
  const docs: CaseDocument[] = [];
  if (r.notice) {
    const notice = r.notice;
    const title = `关于对${unit}开展${what}的通知`;
    docs.push(
      issuedDocument({
        key: 'notice',
        kind: '通知',
        title,
        section: 'notice',
        series: 'notice',
        at: notice.at,
        addressee: partyOrgan(r.targetUnit),
        body: [
          {
            text: `根据《山西省脱贫攻坚督查巡查工作办法》第十条规定，省脱贫攻坚领导小组决定对${youUnit(r.targetUnit)}开展${what}。现将有关事项通知如下：`,
          },
          { heading: 1, text: '督查组' },
          {
            text: `督查组实行组长负责制，组长${notice.groupLeader}${notice.inspectingCity ? `，由${notice.inspectingCity}交叉督查` : ''}。`,
          },
          { heading: 1, text: '督查内容' },
          // A special supervision checks its topic (Art. 8); the five key contents of Art. 9 are the comprehensive one's.
          ...(r.type === 'special' && r.topic
            ? [{ text: `围绕${r.topic}开展专项督查。` }]
            : Object.values(supervisionKeyContents).map((c) => ({ heading: 2 as const, text: `${c}。` }))),
          { heading: 1, text: '有关要求' },
          { text: '请予积极配合，如实提供有关情况和资料。' },
        ],
      }),
    );
  }
  const report = r.report;
  if (report) {
    docs.push(
      groupReport({
        group: '督查组',
        leader: r.group?.leader.name,
        title: `关于对${unit}${what}情况的报告`,
        at: report.at,
        opening: `督查组对${unit}开展了${what}。现将督查情况报告如下：`,
        sections: [
          { heading: 1, text: '督查情况' },
          { text: report.situation },
          { heading: 1, text: '存在的问题' },
          { text: report.problems },
          ...r.findings.map((f) => ({ heading: 2 as const, text: `${keyItemCitation(9, f.keyItem)}：${f.summary}` })),
          { heading: 1, text: '意见' },
          { text: report.opinions },
          { heading: 1, text: '建议' },
          { text: report.suggestions },
        ],
        files: r.files,
      }),
    );
  }
  const results = r.results;
  if (results) {
    const title = `关于${unit}${what}结果及整改要求的通知`;
    docs.push(
      issuedDocument({
        key: 'results',
        kind: '通知',
        title,
        section: 'results',
        series: 'notice',
        at: results.at,
        addressee: partyOrgan(r.targetUnit),
        body: [
          { text: `按照第十一条第（二）项规定，现将对${youUnit(r.targetUnit)}${what}的结果和整改要求通知如下：` },
          { heading: 1, text: '督查结果' },
          { text: results.summary },
          ...(results.rectificationRequirements.length
            ? [
                { heading: 1 as const, text: '整改要求' },
                ...results.rectificationRequirements.map((q) => ({ heading: 2 as const, text: q })),
                { text: '请认真整改，并及时将整改情况逐项书面报送省脱贫攻坚领导小组。' },
              ]
            : []),
        ],
      }),
    );
  }
  const commendation = r.commendation;
  if (commendation?.circulated) {
    const title = `关于对${unit}予以通报表扬的通报`;
    docs.push(
      issuedDocument({
        key: 'commendation',
        kind: '通报',
        title,
        section: 'commendation',
        series: 'circular',
        at: commendation.at,
        addressee: '各市、县（区）党委和政府，省直各有关单位',
        body: [
          { text: `按照第十一条第（一）项规定，省脱贫攻坚领导小组对${unit}予以通报表扬。` },
          { text: commendation.citation },
          { text: '希望各地各部门学习借鉴，推动脱贫攻坚各项工作落实。' },
        ],
      }),
    );
  }
  docs.push(...reportsUp(r));
  return docs;
}
