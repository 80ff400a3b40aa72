/**
 * Starting problems of the rectification ledger (问题整改台账, issue 35; docs/ledger.md): one workflow a problem, under
 * the id of its source and number (`problem-patrol-2026-taiyuan-0001-3`), so a start sent twice starts one problem.
 * The office's entry of a verified public report (routes/problem-starts.ts) and the projection of cases whose
 * requirements went out before the ledger both start problems here, through the case service (never the client).
 */
import type { RegistryUnit } from '../../lib/registry/units';
import { cityOf } from '../../lib/registry/units';
import type { Actor, TargetUnit } from '../../workflows/domain';
import type { ProblemInput, ProblemTerm } from '../../workflows/problem/contract';
import { problemId } from '../../workflows/problem/contract';
import { sourceName } from '../../workflows/problem/texts';
import type { PublicReportRecord } from '../../workflows/public-report/contract';
import { article } from '../../workflows/engine/texts';
import { HttpRefusal } from '../refusal';
import type { CaseLinks } from './gateway';
import type { CaseService } from './cases';

export const problemExists = { message: '该整改问题已经列入整改台账', code: 'ProblemAlreadyExists' };

/**
 * Start one problem; 409 with `Location` when it exists already (its id is its source and number).
 *
 * @example
 * await startProblem(app.cases, { source, requirement, unit, city: 'taiyuan', term: { kind: 'immediate' }, by });
 */
export async function startProblem(
  cases: CaseService,
  input: ProblemInput,
): Promise<{ problemId: string; stage: string; links: CaseLinks }> {
  const id = problemId(input.source.caseId, input.source.requirement);
  await cases.startRecord({
    kind: 'problem',
    workflowId: id,
    unitCode: input.unit.code,
    // Names and kinds only: the requirement's text stays out of Temporal UI's list.
    summary: `整改问题 ${input.unit.name}：${sourceName(input.source)}第${input.source.requirement}项整改要求`,
    input,
    exists: problemExists,
  });
  return { problemId: id, stage: 'rectifying', links: cases.links(id) };
}

/** One requirement the office enters from a verified public report. */
export interface ReportRequirement {
  requirement: string;
  unit: TargetUnit;
  term: ProblemTerm;
}

/**
 * The problems of a public report the office verified (registered, Art. 5): one per requirement, numbered from 1. If
 * any of them exists already, none starts (409 with the first in `Location`), as a batch of cross patrols does.
 */
export async function startReportProblems(
  cases: CaseService,
  units: Map<string, RegistryUnit>,
  report: PublicReportRecord,
  requirements: ReportRequirement[],
  by: Actor,
): Promise<Array<{ problemId: string; stage: string; links: CaseLinks }>> {
  if (!report.registration) {
    throw new HttpRefusal(409, '该群众举报尚未登记核实，核实后才能列入整改台账', 'ReportNotVerified');
  }
  const ids = requirements.map((_, i) => problemId(report.caseId, i + 1));
  const existing = await cases.existing(ids);
  if (existing.length) {
    throw new HttpRefusal(409, `${problemExists.message}（${existing.length}项）`, problemExists.code, {
      location: cases.links(existing[0]!).self,
    });
  }
  const started = [];
  for (const [i, r] of requirements.entries()) {
    const city = cityOf(units, r.unit.code);
    started.push(
      await startProblem(cases, {
        source: {
          kind: 'public-report',
          caseId: report.caseId,
          requirement: i + 1,
          article: article(5),
          year: report.year,
        },
        requirement: r.requirement,
        unit: r.unit,
        ...(city ? { city } : {}),
        term: r.term,
        by,
      }),
    );
  }
  return started;
}
