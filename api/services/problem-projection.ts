/**
 * The problems of cases whose requirements went out before the rectification ledger (问题整改台账, issue 35;
 * docs/ledger.md): the office projects them once. Every patrol (Art. 16 (2)) and supervision (Art. 11 (2)) in the case
 * store with requirements and no problems of its own gets one problem per requirement, 限期整改 by the case's
 * rectification deadline. Idempotent: a problem's id is its source and number, and one the store or Temporal already
 * has is counted, not started again.
 */
import type { CaseStore } from '../../lib/store/case-store';
import type { RegistryUnit } from '../../lib/registry/units';
import { cityOf } from '../../lib/registry/units';
import { transferRecipients } from '../../workflows/domain';
import type { CaseRecord } from '../../workflows/engine/record';
import { caseYear, problemArticles } from '../../workflows/common-steps/problem-terms';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { ProblemInput } from '../../workflows/problem/contract';
import { problemId } from '../../workflows/problem/contract';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import { localToday } from '../../workflows/engine/texts';
import { HttpRefusal } from '../refusal';
import type { CaseService } from './cases';
import { problemExists, startProblem } from './problems';

export interface ProjectionResult {
  /** Cases whose requirements went out before the ledger. */
  cases: number;
  started: number;
  existed: number;
}

/** What a case issued, as the ledger takes it; undefined when it issued nothing or started its problems itself. */
function issued(record: CaseRecord, units: Map<string, RegistryUnit>): ProblemInput[] | undefined {
  const patrol = record.kind === 'patrol' ? (record as PatrolCaseRecord) : undefined;
  const supervision = record.kind === 'supervision' ? (record as SupervisionCaseRecord) : undefined;
  const issue = patrol ? patrol.feedback : supervision?.results;
  const requirements = patrol?.feedback?.rectificationOpinions ?? supervision?.results?.rectificationRequirements;
  if (!issue || !requirements?.length || issue.problems?.length) return undefined;
  const kind = patrol ? 'patrol' : supervision?.followUp ? 'follow-up' : 'supervision';
  // 限期整改 by the case's rectification deadline (the day it went out, should the record have none).
  const dueDate =
    record.deadlines.find((d) => d.key === 'rectification')?.deadline.dueDate ?? localToday(Date.parse(issue.at));
  const city = cityOf(units, record.targetUnit.code);
  const transferredTo = [...new Set((patrol?.transfers ?? []).map((t) => transferRecipients[t.to].unit))];
  return requirements.map((requirement, i) => ({
    source: {
      kind,
      caseId: record.caseId,
      requirement: i + 1,
      article: problemArticles[kind],
      year: supervision?.year ?? caseYear(record.caseId),
    },
    requirement,
    unit: { code: record.targetUnit.code, name: record.targetUnit.name, kind: record.targetUnit.kind },
    ...(city ? { city } : {}),
    term: { kind: 'dated', dueDate },
    ...(transferredTo.length ? { transferredTo } : {}),
    by: issue.by,
  }));
}

/**
 * Start the problems of every case that issued its requirements before the ledger.
 *
 * @example
 * const { started, existed } = await projectProblems(app.store, app.cases, app.units);
 */
export async function projectProblems(
  store: CaseStore,
  cases: CaseService,
  units: Map<string, RegistryUnit>,
): Promise<ProjectionResult> {
  const result: ProjectionResult = { cases: 0, started: 0, existed: 0 };
  for (const kind of ['patrol', 'supervision'] as const) {
    const rows = await store.listCases({ kind, withRecord: true, limit: 1_000_000 });
    for (const row of rows) {
      const inputs = issued(row.record as CaseRecord, units);
      if (!inputs) continue;
      result.cases++;
      for (const input of inputs) {
        // The store keeps a problem for good; Temporal answers for one started but not yet written.
        if (await store.readCase(problemId(input.source.caseId, input.source.requirement))) {
          result.existed++;
          continue;
        }
        try {
          await startProblem(cases, input);
          result.started++;
        } catch (err) {
          if (!(err instanceof HttpRefusal && err.code === problemExists.code)) throw err;
          result.existed++;
        }
      }
    }
  }
  return result;
}
