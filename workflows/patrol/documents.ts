/**
 * A patrol's official documents (巡查, Art. 12, 15, 16), from its record: the proposal, the group's report, each
 * request for instructions, the feedback opinions, each transfer letter, the rectification report to the committee and
 * the final report up. Pure (workflows/engine/documents.ts); lib/documents numbers and serves them.
 */
import { groundsSourceLabels } from '../domain';
import { patrolKeyProblems } from './stages';
import type { CaseDocument } from '../engine/documents';
import { issuedDocument } from '../engine/documents';
import { chineseNumber, keyItemCitation, partyOrgan, youUnit } from '../engine/texts';
import { groupReport, reportsUp } from '../common-steps/documents';
import type { PatrolCaseRecord } from './contract';

/** Art. 12, 15, 16: the proposal, the group's report, and each request for instructions of a patrol. */
export function patrolDocuments(r: PatrolCaseRecord): CaseDocument[] {
  const unit = r.targetUnit.name;
  const docs: CaseDocument[] = [];
  const proposed = r.events.find((e) => e.action === 'proposed');
  if (proposed) {
    docs.push(
      issuedDocument({
        key: 'proposal',
        kind: '请示',
        title: `关于对${unit}开展巡查的请示`,
        section: 'grounds',
        series: 'request',
        at: proposed.at,
        signer: proposed.by?.name,
        addressee: '省委、省政府',
        body: [
          {
            text: `根据《山西省脱贫攻坚督查巡查工作办法》第十二条规定，省脱贫攻坚领导小组拟对${unit}开展巡查。现将有关情况请示如下：`,
          },
          { heading: 1, text: '巡查依据' },
          {
            text: `省脱贫攻坚领导小组掌握的情况来源于${r.grounds.sources.map((s) => groundsSourceLabels[s]).join('、')}。${r.grounds.summary}`,
          },
          ...(r.citedReports?.length
            ? [{ text: `所依据的群众举报${r.citedReports.length}件，举报人信息依规保密。` }]
            : []),
          { heading: 1, text: '巡查重点' },
          { text: '按照第十四条规定，重点巡查以下问题：' },
          ...Object.values(patrolKeyProblems).map((p) => ({ heading: 2 as const, text: `${p}。` })),
          { heading: 1, text: '巡查方式' },
          {
            text: `巡查组实行组长负责制，组长由厅级领导干部担任，成员从有关单位和地方抽调。巡查组进驻${unit}开展工作，对群众反映强烈、明显违反政策规定、需要及时处理的问题，当即向${partyOrgan(r.targetUnit)}提出处理建议；巡查结束后形成书面报告，提出处理意见。`,
          },
          { text: '妥否，请批示。' },
        ],
      }),
    );
  }
  const report = r.report;
  if (report) {
    const byProblem = new Map<number, string[]>();
    for (const f of r.findings) byProblem.set(f.keyItem, [...(byProblem.get(f.keyItem) ?? []), f.summary]);
    docs.push(
      groupReport({
        group: '巡查组',
        leader: r.group?.leader.name,
        title: `关于对${unit}巡查情况的报告`,
        at: report.at,
        opening: `根据省委、省政府批准，巡查组对${unit}开展了巡查。现将巡查情况报告如下：`,
        sections: [
          { heading: 1, text: '基本情况' },
          { text: report.situation },
          { heading: 1, text: '发现的主要问题' },
          { text: report.problems },
          ...[...byProblem.entries()]
            .sort(([a], [b]) => a - b)
            .flatMap(([item, summaries]) => [
              {
                heading: 2 as const,
                text: `${keyItemCitation(14, item)}${item === 6 ? '' : '所列问题'}（${summaries.length}个）`,
              },
              ...summaries.map((s) => ({ heading: 3 as const, text: s })),
            ]),
          ...(r.suggestions.length
            ? [
                { heading: 1 as const, text: '现场处理建议及办理情况' },
                ...r.suggestions.map((s) => ({
                  heading: 2 as const,
                  text: `${s.summary}${s.answer ? `（已答复：${s.answer.text}）` : '（尚未答复）'}`,
                })),
              ]
            : []),
          { heading: 1, text: '处理意见' },
          ...report.opinions.flatMap((o) => [{ heading: 2 as const, text: o.text }, { text: `依据：${o.basis}` }]),
        ],
        files: r.files,
      }),
    );
  }
  r.requests.forEach((q, i) => {
    const n = i + 1;
    const title = `关于对${unit}巡查情况及处理意见的请示${n > 1 ? `（第${chineseNumber(n)}次）` : ''}`;
    docs.push(
      issuedDocument({
        key: `request-${n}`,
        kind: '请示',
        title,
        section: 'requests',
        series: 'request',
        at: q.at,
        signer: q.by.name,
        addressee: '省委、省政府',
        body: [
          {
            text: `按照第十六条第（一）项规定，省脱贫攻坚领导小组对${unit}巡查报告进行了研究。现将有关情况及处理意见请示如下：`,
          },
          { heading: 1, text: '巡查基本情况' },
          { text: report?.situation ?? '' },
          { heading: 1, text: '领导小组研究意见' },
          { text: q.summary },
          ...(report?.opinions.length
            ? [
                { heading: 1 as const, text: '处理意见' },
                ...report.opinions.map((o) => ({ heading: 2 as const, text: o.text })),
              ]
            : []),
          { text: '妥否，请批示。' },
        ],
      }),
    );
  });
  const feedback = r.feedback;
  if (feedback) {
    const title = `关于对${unit}巡查情况的反馈意见`;
    docs.push(
      issuedDocument({
        key: 'feedback',
        kind: '反馈意见',
        title,
        section: 'feedback',
        series: 'notice',
        at: feedback.at,
        addressee: partyOrgan(r.targetUnit),
        body: [
          {
            text: `经省委、省政府批准，省脱贫攻坚领导小组巡查组对${youUnit(r.targetUnit)}开展了巡查。按照第十六条第（二）项规定，现将巡查情况和整改意见反馈如下：`,
          },
          { heading: 1, text: '巡查情况' },
          { text: feedback.situation },
          { heading: 1, text: '整改意见' },
          ...feedback.rectificationOpinions.map((o) => ({ heading: 2 as const, text: o })),
          {
            text: `请认真研究，逐条整改，于收到本意见之日起2个月内将整改情况书面报送省脱贫攻坚领导小组。`,
          },
        ],
      }),
    );
  }
  for (const t of r.transfers) {
    const title = `关于移交${unit}有关问题线索的函`;
    // A letter (函) carries no mark (版头) of its own.
    docs.push(
      issuedDocument({
        key: `transfer-${t.id}`,
        kind: '函',
        title,
        section: 'transfers',
        item: { id: t.id },
        series: 'letter',
        at: t.at,
        letter: true,
        addressee: t.recipientName.replace(/（.*）$/, ''),
        body: [
          {
            text: `省脱贫攻坚领导小组在对${unit}的巡查中发现以下问题线索，涉嫌违纪违法。按照第十六条第（一）项规定，现移交${t.to === 'procuratorate' ? '你院' : '你委'}依规依纪依法处理：`,
          },
          { text: t.summary },
          { text: '请在系统中签收，并将处理结果告知省脱贫攻坚领导小组办公室。' },
        ],
      }),
    );
  }
  const summary = r.summaryToCommittee;
  if (summary) {
    const title = `关于${unit}巡查整改情况的报告`;
    docs.push(
      issuedDocument({
        key: 'rectification-summary',
        kind: '报告',
        title,
        section: 'summaryToCommittee',
        series: 'report',
        at: summary.at,
        signer: summary.by.name,
        addressee: '省委、省政府',
        body: [
          { text: `按照第十六条第（三）项规定，现将${unit}巡查整改情况报告如下：` },
          { text: summary.summary },
          { text: '特此报告。' },
        ],
      }),
    );
  }
  docs.push(...reportsUp(r));
  return docs;
}
