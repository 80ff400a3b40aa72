/**
 * What a person may start from a case's page (issue 36), each a link to its form with the case filled in: the office
 * refers a registered public report or a finding of a patrol or supervision for verification (交办核查); the leading
 * group decides a use of results (通报批评、约谈、挂牌督办) on a patrol, a supervision or a problem of the ledger.
 */
import type { Actor } from '../../../workflows/domain';
import type { CaseRecord } from '../../../workflows/engine/record';
import { base } from '../components/context';

export function startLinks(view: CaseRecord, actor: Actor): Array<{ title: string; href: string }> {
  const id = encodeURIComponent(view.caseId);
  const links: Array<{ title: string; href: string }> = [];
  const finding = view.kind === 'patrol' || view.kind === 'supervision';
  if (actor.role === 'office') {
    if (view.kind === 'public-report' && view.stage === 'registered') {
      links.push({ title: '交有关地方或部门核查（交办核查）', href: `${base}/referrals/new?publicReportId=${id}` });
    }
    if (finding)
      links.push({ title: '将发现的问题交有关地方或部门核查（交办核查）', href: `${base}/referrals/new?caseId=${id}` });
  }
  if (actor.role === 'leading-group' && (finding || view.kind === 'problem')) {
    const param = view.kind === 'problem' ? 'problemId' : 'caseId';
    links.push({ title: '结果运用：通报批评、约谈、挂牌督办', href: `${base}/result-uses/new?${param}=${id}` });
  }
  return links;
}
