/** The year's recommendations for the national poverty-alleviation awards (Part 1) as one module of the registry. */
import { recordKindLabels } from '../domain';
import { defineKind } from '../engine/kind';
import type { ViewSpec } from '../engine/view';
import type { CaseRecord } from '../engine/record';
import { awardRoundContract, awardRoundView, roundStageLabels, roundStages } from './contract';

export const awardRound = defineKind({
  kind: 'award-round',
  label: recordKindLabels['award-round'],
  tag: 'awards',
  contract: awardRoundContract,
  record: {
    stages: roundStages,
    stageLabels: roundStageLabels,
    view: awardRoundView as unknown as ViewSpec<CaseRecord, string>,
    listed: false,
    firstStage: 'nominating',
  },
});
