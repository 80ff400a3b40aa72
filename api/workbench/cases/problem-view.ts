/**
 * A problem's page (问题整改台账, issue 35; docs/ledger.md): what the unit and the supervising body work from, from the
 * answer of GET /problems/{id}: the requirement and where it was found, its term, the person who answers for it, the
 * results counted so far (整改成效), every progress report with its figures, the requests to strike it off (申请销号),
 * the reviews (销号 or 退回) and the reopenings (反弹). The evidence files (佐证材料) are listed with the page's files, each
 * a download link. Only what the answer carries is shown (a discipline body is given no progress and no requests).
 */
import { followUpVerdicts, problemSources, problemTermKinds } from '../../../workflows/domain';
import type { ProblemFigures, ProblemRecord } from '../../../workflows/problem/contract';
import { caseIdentity } from '../../../lib/documents/case-identity';
import { chineseDate, chineseDateTime } from '../components/format';
import { valueLabel } from '../components/labels';
import { base } from '../components/context';
import type { RecordSection } from './views/case-page';
import type { UnitNames } from './record';

type ProblemAnswer = Partial<ProblemRecord>;

const by = (o: { by?: { name?: string; id: string }; at?: string }): string =>
  o.by && o.at ? `${o.by.name ?? o.by.id}，${chineseDateTime(o.at)}` : '';

/** An amount of yuan as officials write it: `1,250,000元`. */
export const yuan = (n: number): string => `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`;

/** The figures of a report or of the problem, each as `label：value`, in the contract's order; none when empty. */
export function figureEntries(f: ProblemFigures | undefined, prefix = ''): Array<[string, string]> {
  if (!f) return [];
  const out: Array<[string, string]> = [];
  if (f.recoveredYuan !== undefined) out.push([`${prefix}追回资金`, yuan(f.recoveredYuan)]);
  if (f.heldAccountable !== undefined) out.push([`${prefix}问责人数`, `${f.heldAccountable}人`]);
  if (f.rulesMade !== undefined) out.push([`${prefix}建章立制`, `${f.rulesMade}项`]);
  for (const o of f.other ?? []) out.push([`${prefix}${o.label}`, `${o.value.toLocaleString('zh-CN')}${o.unit ?? ''}`]);
  return out;
}

/** The term in words: `限期整改，2027年3月31日前完成`, `长期坚持，每3个月报告一次进展`. */
export function termText(term: ProblemRecord['term']): string {
  const kind = problemTermKinds[term.kind];
  if (term.kind === 'dated' && term.dueDate) return `${kind}，${chineseDate(term.dueDate)}前完成`;
  if (term.kind === 'long-term' && term.everyMonths) return `${kind}，每${term.everyMonths}个月报告一次进展`;
  return kind;
}

/** The sections of a problem's page, before the record's other sections; none for another kind. */
export function problemSections(view: Record<string, unknown>, unitName?: UnitNames): RecordSection[] {
  if (view.kind !== 'problem') return [];
  const p = view as ProblemAnswer;
  const sections: RecordSection[] = [];
  const problem: Array<[string, string]> = [];
  if (p.requirement) problem.push(['整改要求', p.requirement]);
  if (p.targetUnit) problem.push(['责任单位', p.targetUnit.name]);
  if (p.responsible) {
    problem.push(['责任人', `${p.responsible.person}${p.responsible.post ? `（${p.responsible.post}）` : ''}`]);
  }
  if (p.term) problem.push(['整改时限', termText(p.term)]);
  if (p.source) {
    const source = caseIdentity(p.source.caseId, p.targetUnit?.name);
    const followUp = p.source.kind === 'follow-up' ? `（${problemSources['follow-up']}）` : '';
    problem.push(['问题来源', `${source.reference ?? source.title}${followUp}`]);
    problem.push(['整改要求序号', `第${p.source.requirement}项`]);
    if (p.source.article) problem.push(['依据', p.source.article]);
    problem.push(['年度', `${p.source.year}年`]);
  }
  if (p.struckOffAt) problem.push(['销号时间', chineseDateTime(p.struckOffAt)]);
  if (p.transferredTo?.length) {
    problem.push(['已移交', p.transferredTo.map((code) => unitName?.(code) ?? '纪检监察机关').join('、')]);
  }
  if (problem.length) sections.push({ title: '问题和整改要求', entries: problem });

  const totals = figureEntries(p.figures);
  if (totals.length) sections.push({ title: '整改成效（累计）', entries: totals });

  if (p.progress?.length) {
    const entries: Array<[string, string]> = [];
    p.progress.forEach((r, i) => {
      const n = `第${i + 1}次·`;
      entries.push([`${n}整改进展`, r.what]);
      if (r.measures) entries.push([`${n}整改措施`, r.measures]);
      entries.push(...figureEntries(r.figures, n));
      if (r.late) entries.push([`${n}逾期报告`, '是']);
      entries.push([`${n}报告`, by(r)]);
    });
    sections.push({ title: '整改进展', entries });
  }
  if (p.strikeOffRequests?.length) {
    const entries: Array<[string, string]> = [];
    p.strikeOffRequests.forEach((r, i) => {
      entries.push([`第${i + 1}次·整改完成情况`, r.summary], [`第${i + 1}次·申请`, by(r)]);
    });
    sections.push({ title: '申请销号', entries });
  }
  if (p.reviews?.length) {
    const entries: Array<[string, string]> = [];
    p.reviews.forEach((r, i) => {
      const n = `第${i + 1}次·`;
      entries.push([`${n}审核结果`, r.decision === 'strike-off' ? '销号' : '退回继续整改']);
      entries.push([`${n}审核意见`, r.reason], [`${n}审核`, by(r)]);
    });
    sections.push({ title: '销号审核', entries });
  }
  if (p.reopenings?.length) {
    const entries: Array<[string, string]> = [];
    p.reopenings.forEach((r, i) => {
      const n = `第${i + 1}次·`;
      entries.push([`${n}反弹情况`, r.reason]);
      if (r.followUp) entries.push([`${n}发现于`, caseIdentity(r.followUp, p.targetUnit?.name).title]);
      if (r.verdict) entries.push([`${n}回头看评价`, followUpVerdicts[r.verdict] ?? valueLabel(r.verdict) ?? '']);
      entries.push([`${n}重新打开`, by(r)]);
    });
    sections.push({ title: '反弹（重新打开）', entries });
  }
  return sections;
}

/**
 * The problems of the ledger a case's requirements became (`problems` on the step that issued them: a patrol's
 * feedback, a supervision's results), each a link to its page: `第2项整改问题`.
 */
export function caseProblemLinks(view: Record<string, unknown>): Array<{ title: string; href: string }> {
  const ids = Object.values(view).flatMap((v) => {
    const problems = v && typeof v === 'object' ? (v as { problems?: unknown }).problems : undefined;
    return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === 'string') : [];
  });
  return ids
    .map((id) => ({ id, n: /^problem-.+-([1-9][0-9]?)$/.exec(id)?.[1] }))
    .filter((p): p is { id: string; n: string } => p.n !== undefined)
    .map(({ id, n }) => ({ title: `第${n}项整改问题`, href: `${base}/cases/${encodeURIComponent(id)}` }));
}
