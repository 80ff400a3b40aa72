/**
 * Where a case of a round stands, as the round and its reports count it (Art. 11): pure, so the case reports it to the
 * round as it changes, and the API computes the same from the case store.
 */
import { otherKeyItem } from '../domain';
import { supervisionKeyContents } from '../supervision/stages';
import type { SupervisionCaseRecord } from '../supervision/contract';
import type { CaseProgress } from './contract';

export function progressOf(r: SupervisionCaseRecord): Omit<CaseProgress, 'seq'> {
  const cross = r.round?.inspectingCity;
  const others = r.findings.filter((f) => f.keyItem === otherKeyItem).length;
  const assessed = r.findings.filter((f) => f.assessment !== undefined || f.thirdPartyAssessment !== undefined).length;
  return {
    caseId: r.caseId,
    unit: r.targetUnit,
    stage: r.stage,
    overdue: r.deadlines.some((d) => d.status === 'overdue'),
    findingsByContent: Object.fromEntries(
      Object.keys(supervisionKeyContents).map((k) => [k, r.findings.filter((f) => f.keyItem === Number(k)).length]),
    ),
    ...(others ? { findingsOther: others } : {}),
    ...(assessed ? { findingsWithAssessment: assessed } : {}),
    commended: r.commendation !== undefined,
    rectificationRequirements: r.results?.rectificationRequirements ?? [],
    ...(r.rectification ? { rectificationLate: r.rectification.late } : {}),
    ...(r.rectificationReview?.sentBack ? { rectificationSentBack: r.rectificationReview.sentBack } : {}),
    ...(cross ? { inspectingCity: cross.name } : {}),
  };
}
