/** One nominee of the national poverty-alleviation awards (Part 1), a child of the award round, as one module. */
import { recordKindLabels } from '../domain';
import { defineKind } from '../engine/kind';
import type { ViewSpec } from '../engine/view';
import type { CaseRecord } from '../engine/record';
import { nominationContract, nominationStageLabels, nominationStages, nominationView } from './contract';

export const nomination = defineKind({
  kind: 'nomination',
  label: recordKindLabels.nomination,
  tag: 'awards',
  contract: nominationContract,
  record: {
    stages: nominationStages,
    stageLabels: nominationStageLabels,
    view: nominationView as unknown as ViewSpec<CaseRecord, string>,
    listed: false,
    firstStage: 'nominating',
  },
});
