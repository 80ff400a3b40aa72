/**
 * A referral for verification (交办核查, issue 36 item 1; docs/referrals.md) as one module of the registry
 * (workflows/kinds.ts). Not listed with the supervisions and patrols (`GET /cases`, their statistics).
 */
import { recordKindLabels } from '../domain';
import { defineKind } from '../engine/kind';
import type { CaseRecord } from '../engine/record';
import type { ViewSpec } from '../engine/view';
import { referralContract, referralStageLabels, referralStages, referralView } from './contract';
import { referralDocuments } from './documents';

export const referral = defineKind({
  kind: 'referral',
  label: recordKindLabels.referral,
  tag: 'referral',
  contract: referralContract,
  record: {
    stages: referralStages,
    stageLabels: referralStageLabels,
    view: referralView as unknown as ViewSpec<CaseRecord, string>,
    listed: false,
    firstStage: 'verifying',
  },
  documents: referralDocuments,
  stepDocuments: { replyReferral: ['referral-letter'], reviewReferral: ['reply-*'] },
});
