/**
 * A referral's page (交办核查, issue 36; docs/referrals.md), from the answer of GET /referrals/{id}: what is to be
 * verified, by whom, the signature (签收) and who handles it, every reply (核查情况报告: its conclusion, what was found and
 * done, late or not), the office's reviews and its conclusion (the reply its reporter reads, the problems it put in
 * the ledger). Only what the answer carries is shown: the referred unit is given no source and no conclusion.
 */
import { referralSources, referralVerdicts } from '../../../workflows/domain';
import type { ReferralRecord } from '../../../workflows/referral/contract';
import { caseIdentity } from '../../../lib/documents/case-identity';
import { chineseDateTime } from '../components/format';
import type { RecordSection } from './views/case-page';

type ReferralAnswer = Partial<ReferralRecord>;

const by = (o: { by?: { name?: string; id: string }; at?: string }): string =>
  o.by && o.at ? `${o.by.name ?? o.by.id}，${chineseDateTime(o.at)}` : '';

/** The sections of a referral's page, before the record's other sections; none for another kind. */
export function referralSections(view: Record<string, unknown>): RecordSection[] {
  if (view.kind !== 'referral') return [];
  const r = view as ReferralAnswer;
  const sections: RecordSection[] = [];
  const matter: Array<[string, string]> = [];
  if (r.matter) matter.push(['核查事项', r.matter]);
  if (r.targetUnit) matter.push(['承办单位', r.targetUnit.name]);
  if (r.source) {
    matter.push(['来源', referralSources[r.source.kind]]);
    if (r.source.caseId) matter.push(['所涉督查巡查', caseIdentity(r.source.caseId).title]);
    if (r.source.publicReportId) matter.push(['所涉群众举报', '已登记的群众举报（举报人信息不随交办事项转出）']);
  }
  if (matter.length) sections.push({ title: '交办事项', entries: matter });

  if (r.signatures?.length) {
    const entries: Array<[string, string]> = [];
    for (const s of r.signatures) entries.push(['承办人', s.handler], ['签收', by(s)]);
    sections.push({ title: '签收', entries });
  }
  if (r.replies?.length) {
    const entries: Array<[string, string]> = [];
    r.replies.forEach((x, i) => {
      const n = r.replies!.length > 1 ? `第${i + 1}次·` : '';
      entries.push([`${n}核查结论`, referralVerdicts[x.verdict]]);
      entries.push([`${n}核查情况`, x.findings], [`${n}处理情况`, x.actions]);
      if (x.late) entries.push([`${n}逾期报送`, '是']);
      entries.push([`${n}报送`, by(x)]);
    });
    sections.push({ title: '核查情况报告', entries });
  }
  if (r.reviews?.length) {
    const entries: Array<[string, string]> = [];
    r.reviews.forEach((x, i) => {
      const n = r.reviews!.length > 1 ? `第${i + 1}次·` : '';
      entries.push([`${n}审核结果`, x.decision === 'accept' ? '同意办结' : '退回重新核查']);
      entries.push([`${n}审核意见`, x.reason], [`${n}审核`, by(x)]);
    });
    sections.push({ title: '审核', entries });
  }
  if (r.conclusion) {
    const c = r.conclusion;
    const entries: Array<[string, string]> = [['核查结论', referralVerdicts[c.verdict]]];
    if (c.publicReply) entries.push(['给举报人的答复', c.publicReply]);
    if (c.problems?.length) entries.push(['列入问题整改台账', `${c.problems.length}个问题`]);
    if (c.proposePatrol) entries.push(['建议作为巡查依据', '是']);
    entries.push(['办结时间', chineseDateTime(c.at)]);
    sections.push({ title: '办结', entries });
  }
  return sections;
}
