/** The patrol (巡查, Chapter 3) as one module of the registry (workflows/kinds.ts). */
import { otherKeyItem, otherKeyItemLabel, recordKindLabels } from '../domain';
import { patrolKeyProblems, patrolStageLabels, patrolStages } from './stages';
import { defineKind } from '../engine/kind';
import { patrolDocuments } from './documents';
import type { ViewSpec } from '../engine/view';
import type { CaseRecord } from '../engine/record';
import { article } from '../engine/texts';
import { patrolContract, patrolView } from './contract';

export const patrol = defineKind({
  kind: 'patrol',
  label: recordKindLabels.patrol,
  tag: 'patrol',
  contract: patrolContract,
  record: {
    stages: patrolStages,
    stageLabels: patrolStageLabels,
    view: patrolView as unknown as ViewSpec<CaseRecord, string>,
    listed: true,
    firstStage: 'awaiting-approval',
    sideStages: ['rejected'],
    reportRestsOnFinding: true,
  },
  documents: patrolDocuments,
  // Issue 32 item 2: the 请示 beside 批准 and 批示, the group's report beside the study, the draft beside 审签.
  stepDocuments: {
    decideApproval: ['proposal'],
    withdrawProposal: ['proposal'],
    sendRequestForInstructions: ['report'],
    decideInstructions: ['request-*'],
    signReport: [':key'],
  },
  // Art. 14: the five key problems, and the open end of the list.
  keyItems: {
    articleNumber: 14,
    labels: { ...patrolKeyProblems, [otherKeyItem]: otherKeyItemLabel },
    article: (item) => (item === otherKeyItem ? `${article(14)}所列以外` : article(14, item)),
  },
});
