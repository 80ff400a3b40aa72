/** The public report (群众举报, Art. 3, 5, 12) as one module of the registry (workflows/kinds.ts). */
import { recordKindLabels } from '../domain';
import { defineKind } from '../engine/kind';
import type { ViewSpec } from '../engine/view';
import type { CaseRecord } from '../engine/record';
import { publicReportContract, publicReportView, reportStageLabels, reportStages } from './contract';

export const publicReport = defineKind({
  kind: 'public-report',
  label: recordKindLabels['public-report'],
  tag: 'public report',
  contract: publicReportContract,
  record: {
    stages: reportStages,
    stageLabels: reportStageLabels,
    view: publicReportView as unknown as ViewSpec<CaseRecord, string>,
    listed: false,
    firstStage: 'received',
    sideStages: ['forwarded'],
  },
});
