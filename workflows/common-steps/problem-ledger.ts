/**
 * A case and the rectification ledger (问题整改台账, issue 35; docs/ledger.md). When a patrol (Art. 16 (2)) or a
 * supervision (Art. 11 (2)) issues its requirements, each becomes a problem of the ledger: its own workflow, started by
 * an activity of the case (a problem outlives its case). A follow-up visit (回头看) that finds a requirement
 * not or only partly rectified tells that requirement's problem (反弹). Both behind the patch `problem-ledger`, called
 * where the commands are added, so cases that did these steps before replay as they ran.
 */
import { getExternalWorkflowHandle, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { Actor, ProblemSource, TargetUnit, followUpVerdicts } from '../domain';
import { problemSources, problemTermKinds } from '../domain';
import { problemArticles } from './problem-terms';
import type { ProblemInput, ProblemTerm } from '../problem/contract';
import { problemId, problemReboundSignal } from '../problem/contract';

// The registry is the worker's: the city of a county is read when the requirements go out, and kept in history.
const { problemCity } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// Starting the problems: retried while Temporal's frontend is out of reach (a start already made is left as it is).
const { startProblems: startProblemRuns } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** What the case's timeline says (Chinese, as officials read it). */
export const ledgerTexts = {
  listed: (n: number, word: '整改意见' | '整改要求') => `${word}${n}条列入问题整改台账，逐条跟踪整改至销号`,
  rebound: (n: number, verdict: string) =>
    `原第${n}项整改要求经回头看${verdict}，问题整改台账中的该问题重新打开（反弹）`,
  noProblem: (n: number) =>
    `原第${n}项整改要求不在问题整改台账中（台账建立前提出，或其问题已办结），未能标记反弹，请办公室核实`,
};

export interface IssuedRequirements {
  kind: Exclude<ProblemSource, 'public-report'>;
  caseId: string;
  year: number;
  unit: TargetUnit;
  requirements: readonly string[];
  /** One per requirement, in order (problem-terms.ts `problemTerms`). */
  terms: readonly ProblemTerm[];
  /** The discipline bodies (unit codes) the case transferred a violation to. */
  transferredTo?: readonly string[];
  by: Actor;
}

/** Where a case keeps work its step started but does not answer after (engine/case.ts `afterAnswer`). */
export interface AfterAnswer {
  afterAnswer(job: Promise<unknown>): void;
}

/**
 * Start one problem per requirement (ids `problem-<caseId>-<n>`, so a start is idempotent: one already started is
 * left as it is). Answers the problems' ids, for the case's record, at once: the starts follow the step's answer
 * (issue 37: the officer no longer waits for one workflow start per requirement), and the case does not end or
 * continue as a new run before they are made. Cases that issued their requirements before replay as they ran (patch
 * `problems-started-after-answer`): the step answered once every problem had started.
 */
export async function startProblems(issued: IssuedRequirements, host: AfterAnswer): Promise<string[]> {
  if (!patched('problems-started-after-answer')) return startNow(issued);
  host.afterAnswer(startNow(issued));
  return issued.requirements.map((_, i) => problemId(issued.caseId, i + 1));
}

async function startNow(issued: IssuedRequirements): Promise<string[]> {
  const { city } = await problemCity.executeWithOptions({ summary: `问题整改台账：${issued.unit.name}所属的市` }, [
    { unit: issued.unit.code },
  ]);
  const transferredTo = [...new Set(issued.transferredTo ?? [])];
  const starts = issued.requirements.map((requirement, i) => {
    const n = i + 1;
    const term = issued.terms[i]!;
    const input: ProblemInput = {
      source: {
        kind: issued.kind,
        caseId: issued.caseId,
        requirement: n,
        article: problemArticles[issued.kind],
        year: issued.year,
      },
      requirement,
      unit: issued.unit,
      ...(city ? { city } : {}),
      term,
      ...(transferredTo.length ? { transferredTo } : {}),
      by: issued.by,
    };
    return {
      workflowId: problemId(issued.caseId, n),
      summary: `整改问题：${issued.unit.name}（${problemSources[issued.kind]}第${n}项整改要求，${problemTermKinds[term.kind]}）`,
      input,
    };
  });
  // Started by an activity, not as children: each problem outlives its case, and the time-skipping test server loses
  // track of time with children whose parent has closed (temporalio/sdk-java#1540, #1618).
  await startProblemRuns.executeWithOptions({ summary: `列入问题整改台账：${starts.length}个问题` }, [starts]);
  return starts.map((s) => s.workflowId);
}

/**
 * A follow-up visit found requirement `requirement` of case `of` back (未整改, 部分整改): its problem is reopened (反弹).
 * Answers whether the problem heard it: a case from before the ledger has no problem (or its problem has ended).
 */
export async function reportRebound(
  of: string,
  requirement: number,
  rebound: { reason: string; followUp: string; verdict: keyof typeof followUpVerdicts; by: Actor },
): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(problemId(of, requirement)).signal(problemReboundSignal, rebound);
    return true;
  } catch {
    return false;
  }
}
