/**
 * Starting a use of results (结果运用, issue 36 item 2; docs/result-uses.md): the case or problem it rests on, read with
 * the caller's rights (404 when it does not exist or is not theirs to see), named in words for the documents; and the
 * start under the year's next serial (`result-use-2026-0001`), through the case service (never the client).
 */
import type { RegistryUnit } from '../../lib/registry/units';
import { cityOf } from '../../lib/registry/units';
import type { Actor, TargetUnit } from '../../workflows/domain';
import { recordKindLabels } from '../../workflows/domain';
import type { CaseRecord } from '../../workflows/engine/record';
import { chineseNumber, localToday } from '../../workflows/engine/texts';
import { caseYear } from '../../workflows/common-steps/problem-terms';
import type { ProblemRecord } from '../../workflows/problem/contract';
import { problemContract } from '../../workflows/problem/contract';
import { sourceName } from '../../workflows/problem/texts';
import type { ResultUseInput, Subject } from '../../workflows/result-use/contract';
import { firstStageOf, resultUseId } from '../../workflows/result-use/contract';
import { resultUseTypes } from '../../workflows/domain';
import type { CaseStore } from '../../lib/store/case-store';
import { HttpRefusal } from '../refusal';
import type { CaseLinks } from './gateway';
import type { CaseService } from './cases';

const invalid = (message: string) => new HttpRefusal(422, message, 'InvalidRequest');

/**
 * The subject of a decision as the record keeps it, checked against the unit it concerns: the unit of the case or
 * problem, or the city of that unit. With both a case and a problem, the problem must be the case's.
 */
export async function resultUseSubject(
  cases: CaseService,
  units: Map<string, RegistryUnit>,
  given: { caseId?: string | undefined; problemId?: string | undefined },
  unit: TargetUnit,
  actor: Actor,
): Promise<Subject> {
  if (!given.caseId && !given.problemId) throw invalid('请写明所依据的督查、巡查或整改问题');
  const found = given.caseId ? ((await cases.readCase(given.caseId, actor)) as CaseRecord) : undefined;
  const problem = given.problemId
    ? ((await cases.read(problemContract, given.problemId, actor)) as unknown as ProblemRecord)
    : undefined;
  if (found && problem && problem.source.caseId !== found.caseId)
    throw invalid('所选整改问题不是所依据的督查或巡查提出的');
  const concerned = (problem ?? found)!.targetUnit;
  if (unit.code !== concerned.code && cityOf(units, concerned.code) !== unit.code)
    throw invalid(`结果运用的对象应为${concerned.name}或其所在的市`);
  const description = problem
    ? `${sourceName(problem.source)}提出的第${chineseNumber(problem.source.requirement)}项整改要求“${problem.requirement}”的整改`
    : `${caseYear(found!.caseId)}年对${found!.targetUnit.name}的${recordKindLabels[found!.kind as 'patrol'] ?? '督查巡查'}`;
  return {
    ...(given.caseId ? { caseId: given.caseId } : {}),
    ...(given.problemId ? { problemId: given.problemId } : {}),
    description,
  };
}

export const resultUseExists = { message: '这项结果运用已经存在', code: 'ResultUseExists' };

/**
 * Start one use of results under `serial`, or the year's next free one (a serial taken meanwhile by another start is
 * skipped: the store learns of a start a moment after it).
 *
 * @example
 * await startResultUse(app.cases, app.store, { type: 'criticism', unit, subject, reason, circular, by });
 */
export async function startResultUse(
  cases: CaseService,
  store: CaseStore,
  input: Omit<ResultUseInput, 'year'>,
  serial?: number,
): Promise<{ resultUseId: string; stage: string; links: CaseLinks }> {
  const year = Number(localToday().slice(0, 4));
  let n = serial ?? (await store.nextResultUseSerial(year));
  for (let attempt = 0; ; attempt++) {
    const id = resultUseId(year, n);
    try {
      await cases.startRecord({
        kind: 'result-use',
        workflowId: id,
        unitCode: input.unit.code,
        stage: firstStageOf[input.type],
        // Names and kinds only: the reason and texts stay out of Temporal UI's list.
        summary: `结果运用 ${input.unit.name}：${resultUseTypes[input.type]}`,
        input: { ...input, year },
        exists: resultUseExists,
      });
      return { resultUseId: id, stage: firstStageOf[input.type], links: cases.links(id) };
    } catch (err) {
      const taken = err instanceof HttpRefusal && err.code === resultUseExists.code;
      if (!taken || serial !== undefined || attempt >= 20) throw err;
      n++;
    }
  }
}
