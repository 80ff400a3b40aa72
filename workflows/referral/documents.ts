/**
 * A referral's official documents (交办核查, issue 36 item 1), from its record: the office's 交办函 to the unit (a letter,
 * numbered when issued) and each 核查情况报告 the unit sent back. Pure (workflows/engine/documents.ts); lib/documents
 * numbers and serves them. Neither names the source of the matter, nor anything of a reporter.
 */
import { referralVerdicts } from '../domain';
import type { CaseDocument } from '../engine/documents';
import { documentDate, office } from '../engine/documents';
import { chineseDate, partyOrgan, youUnit } from '../engine/texts';
import type { ReferralRecord } from './contract';

export function referralDocuments(r: ReferralRecord): CaseDocument[] {
  const unit = r.targetUnit;
  const docs: CaseDocument[] = [];
  const started = r.events.find((e) => e.action === 'referral-started');
  const due = r.deadlines.find((d) => d.key === 'reply-1')?.deadline.dueDate;
  if (started) {
    const title = `关于交${unit.name}核查有关事项的函`;
    docs.push({
      key: 'referral-letter',
      kind: '函',
      title,
      section: 'matter',
      series: 'letter',
      issuedAt: started.at,
      build: (number) => ({
        issuer: office,
        ...(number ? { number } : {}),
        printer: office,
        draft: false,
        title,
        addressee: partyOrgan(unit),
        body: [
          {
            text: `根据《山西省脱贫攻坚督查巡查工作办法》第五条规定，现将有关事项交${youUnit(unit)}核查。`,
          },
          { heading: 1, text: '核查事项' },
          { text: r.matter },
          { heading: 1, text: '有关要求' },
          {
            text:
              `请${youUnit(unit)}收到本函后及时签收，明确承办人，认真核查，` +
              `${due ? `于${chineseDate(due)}前` : '按期'}向省脱贫攻坚领导小组办公室报送核查情况报告，写明核查结论（属实、部分属实或不属实）、核查情况和处理情况，并附佐证材料。`,
          },
          { text: '特此函告。' },
        ],
        date: documentDate(started.at),
      }),
    });
  }
  r.replies.forEach((reply, i) => {
    const title = `关于${r.year}年第${r.serial}件交办核查事项核查情况的报告`;
    const attachments = r.evidence.filter((f) => f.at <= reply.at).map((f) => f.name.replace(/\.[A-Za-z0-9]+$/, ''));
    docs.push({
      key: `reply-${i + 1}`,
      kind: '报告',
      title,
      section: 'replies',
      issuedAt: reply.at,
      build: () => ({
        issuer: unit.name,
        printer: unit.name,
        draft: false,
        title,
        addressee: office,
        body: [
          { text: `按照${office}交办要求，${unit.name}对交办事项进行了核查。现将核查情况报告如下：` },
          { heading: 1, text: '核查结论' },
          { text: `经核查，反映的问题${referralVerdicts[reply.verdict]}。` },
          { heading: 1, text: '核查情况' },
          { text: reply.findings },
          { heading: 1, text: '处理情况' },
          { text: reply.actions },
          { text: '特此报告。' },
        ],
        ...(attachments.length ? { attachments } : {}),
        date: documentDate(reply.at),
      }),
    });
  });
  return docs;
}
