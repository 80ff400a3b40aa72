/**
 * A use of results (结果运用: 通报批评, 约谈, 挂牌督办; issue 36 item 2, docs/result-uses.md) as one module of the
 * registry (workflows/kinds.ts). Not listed with the supervisions and patrols: `GET /result-uses` lists and counts them.
 */
import { recordKindLabels } from '../domain';
import { defineKind } from '../engine/kind';
import type { CaseRecord } from '../engine/record';
import type { ViewSpec } from '../engine/view';
import { resultUseContract, resultUseStageLabels, resultUseStages, resultUseView } from './contract';
import { resultUseDocuments } from './documents';

export const resultUse = defineKind({
  kind: 'result-use',
  label: recordKindLabels['result-use'],
  tag: 'result uses',
  contract: resultUseContract,
  record: {
    stages: resultUseStages,
    stageLabels: resultUseStageLabels,
    view: resultUseView as unknown as ViewSpec<CaseRecord, string>,
    listed: false,
    firstStage: 'circulated',
  },
  documents: resultUseDocuments,
});
