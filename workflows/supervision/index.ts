/** The supervision (督查, Chapter 2) as one module of the registry (workflows/kinds.ts). */
import { otherKeyItem, otherKeyItemLabel, recordKindLabels } from '../domain';
import { supervisionKeyContents, supervisionStageLabels, supervisionStages } from './stages';
import { defineKind } from '../engine/kind';
import { supervisionDocuments } from './documents';
import type { ViewSpec } from '../engine/view';
import type { CaseRecord } from '../engine/record';
import { article } from '../engine/texts';
import { supervisionContract, supervisionView } from './contract';

export const supervision = defineKind({
  kind: 'supervision',
  label: recordKindLabels.supervision,
  tag: 'supervision',
  contract: supervisionContract,
  record: {
    stages: supervisionStages,
    stageLabels: supervisionStageLabels,
    view: supervisionView as unknown as ViewSpec<CaseRecord, string>,
    listed: true,
    firstStage: 'awaiting-approval',
    sideStages: ['scheduled', 'rejected'],
  },
  documents: supervisionDocuments,
  // Issue 32 item 2: the group's report beside the results and the commendation, the draft beside 审签.
  stepDocuments: {
    notifyResults: ['report'],
    commendUnit: ['report'],
    signReport: [':key'],
  },
  // Art. 9: the five key contents, and the open end of the list.
  keyItems: {
    articleNumber: 9,
    labels: { ...supervisionKeyContents, [otherKeyItem]: otherKeyItemLabel },
    article: (item) => (item === otherKeyItem ? `${article(9)}所列以外` : article(9, item)),
  },
});
