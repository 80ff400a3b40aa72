/** The audit alert (审计预警, issue 33 item 4) as one module of the registry (workflows/kinds.ts): the office's task. */
import { recordKindLabels } from '../domain';
import { defineKind } from '../engine/kind';
import type { ViewSpec } from '../engine/view';
import type { CaseRecord } from '../engine/record';
import { alertStageLabels, alertStages, auditAlertContract, auditAlertView } from './contract';

export const auditAlert = defineKind({
  kind: 'audit-alert',
  label: recordKindLabels['audit-alert'],
  tag: 'audit',
  contract: auditAlertContract,
  record: {
    stages: alertStages,
    stageLabels: alertStageLabels,
    view: auditAlertView as unknown as ViewSpec<CaseRecord, string>,
    listed: false,
    firstStage: 'raised',
  },
});
