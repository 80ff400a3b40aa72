/**
 * A problem of the rectification ledger (问题整改台账, issue 35) as one module of the registry (workflows/kinds.ts). Not
 * listed with the supervisions and patrols (`GET /cases`, their statistics): the ledger lists and counts problems on
 * its own (`GET /problems`, docs/ledger.md).
 */
import { recordKindLabels } from '../domain';
import { defineKind } from '../engine/kind';
import type { CaseRecord } from '../engine/record';
import type { ViewSpec } from '../engine/view';
import { problemContract, problemStageLabels, problemStages, problemView } from './contract';

export const problem = defineKind({
  kind: 'problem',
  label: recordKindLabels.problem,
  tag: 'ledger',
  contract: problemContract,
  record: {
    stages: problemStages,
    stageLabels: problemStageLabels,
    view: problemView as unknown as ViewSpec<CaseRecord, string>,
    listed: false,
    firstStage: 'rectifying',
  },
});
