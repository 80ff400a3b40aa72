/**
 * A referral for verification (交办核查, issue 36 item 1; docs/referrals.md): the office hands a registered public
 * report, a finding of a case, or a matter of its own down to the unit concerned, which signs for it, verifies and
 * replies by a date (属实 / 部分属实 / 不属实, what it found, what it did, evidence); the office accepts the reply or
 * sends it back. Its record, its steps and who sees what, read by the workflow and by the API. The source (a report, a
 * case) is for the overseers only: the referred unit never learns where a matter came from, nor who reported it.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { defineSignal } from '@temporalio/workflow';
import type { Actor, ReferralSource, ReferralVerdict, TargetUnit } from '../domain';
import { referralSources, referralVerdicts } from '../domain';
import type { CaseState } from '../engine/case';
import type { CaseRecord } from '../engine/record';
import type { ViewSpec } from '../engine/view';
import { caseContract, defineSteps } from '../engine/contract';
import { DocumentRefSchema, Done, Instant, Text, caseRecordFields, literals } from '../engine/schemas';
import { ProblemTermSchema } from '../problem/contract';

/** `referral-2026-0007`: the year's seventh referral. */
export const referralIdPattern = '^referral-[0-9]{4}-[0-9]{4}$';
export const referralId = (year: number, serial: number) => `referral-${year}-${String(serial).padStart(4, '0')}`;

export const referralStages = ['verifying', 'awaiting-review', 'concluded'] as const;
export type ReferralStage = (typeof referralStages)[number];
export const referralStageLabels: Record<ReferralStage, string> = {
  verifying: '核查中',
  'awaiting-review': '待审核核查情况',
  concluded: '已办结',
};

const verdictList = Object.keys(referralVerdicts) as ReferralVerdict[];
const Verdict = literals(verdictList, 'true 属实, partly-true 部分属实, untrue 不属实');

export const ReferralSourceSchema = Type.Object({
  kind: literals(Object.keys(referralSources) as ReferralSource[]),
  /** The registered public report it rests on (overseers only). */
  publicReportId: Type.Optional(Type.String()),
  /** The patrol or supervision whose finding it is (overseers only). */
  caseId: Type.Optional(Type.String()),
});
export type ReferralSourceRef = Static<typeof ReferralSourceSchema>;

export const ReferralFields = Type.Object({
  year: Type.Integer(),
  serial: Type.Integer(),
  source: ReferralSourceSchema,
  /** 核查事项: what the unit is to verify, in the office's words (never the reporter's). */
  matter: Type.String(),
  /** 签收: who signed for it, and the person who handles it (承办人). */
  signatures: Type.Array(Type.Object({ handler: Type.String(), ...Done })),
  /** 核查情况报告: the unit's replies, the latest last. */
  replies: Type.Array(
    Type.Object({ verdict: Verdict, findings: Type.String(), actions: Type.String(), late: Type.Boolean(), ...Done }),
  ),
  /** 佐证材料: references and hashes (claim check); the files are in the case store. */
  evidence: Type.Array(Type.Intersect([DocumentRefSchema, Type.Object({ ...Done })])),
  reviews: Type.Array(
    Type.Object({ decision: literals(['accept', 'send-back'] as const), reason: Type.String(), ...Done }),
  ),
  /** The office's conclusion (overseers only: the reply to a reporter would tell the unit that a report exists). */
  conclusion: Type.Optional(
    Type.Object({
      verdict: Verdict,
      publicReply: Type.Optional(Type.String()),
      /** The problems of the ledger its true part became (问题整改台账). */
      problems: Type.Optional(Type.Array(Type.String())),
      proposePatrol: Type.Optional(Type.Boolean()),
      at: Instant,
    }),
  ),
});
export type ReferralFieldValues = Static<typeof ReferralFields>;
export type ReferralRecord = CaseRecord<ReferralStage> & ReferralFieldValues;

export const ReferralViewSchema = Type.Object(
  { ...caseRecordFields('referral', literals(referralStages)), ...Type.Partial(ReferralFields).properties },
  { $id: 'ReferralView' },
);

export interface ReferralInput {
  year: number;
  serial: number;
  source: ReferralSourceRef;
  unit: TargetUnit;
  matter: string;
  /** A date the office sets (YYYY-MM-DD, Beijing); else the policy's `referral-reply`. */
  dueDate?: string;
  by: Actor;
  resume?: CaseState<ReferralStage, ReferralFieldValues>;
}

/** The report a referral rests on: it is referred (its receipt says so), then verified with the approved reply. */
export const referredSignal = defineSignal<[{ referralId: string; unitName: string; by: Actor }]>('referred');
export const referralConcludedSignal =
  defineSignal<[{ referralId: string; verdict: ReferralVerdict; publicReply: string; by: Actor }]>('referralConcluded');

export const referralSteps = defineSteps<ReferralStage>()({
  signReferral: {
    path: 'sign',
    input: Type.Object({ handler: Type.Optional(Text('承办人（不填为签收人）', 50)) }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['verifying'],
    summary: 'Issue 36: the unit signs for the referral (签收交办函) and names who handles it (承办人)',
  },
  attachReferralEvidence: {
    path: 'evidence',
    input: Type.Object({ files: Type.Array(DocumentRefSchema, { minItems: 1, maxItems: 20 }) }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['verifying', 'awaiting-review'],
    internal: true,
    summary: 'Issue 36: 佐证材料 of a referral (the API stores the files; POST /referrals/{referralId}/files)',
  },
  replyReferral: {
    path: 'reply',
    input: Type.Object({
      verdict: Verdict,
      findings: Text('核查情况', 4000),
      actions: Text('处理情况', 4000),
    }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['verifying'],
    summary:
      'Issue 36: the unit replies what it verified (核查情况报告): 属实, 部分属实 or 不属实, findings and actions',
    description: 'After the unit has signed for it. A reply after the date is received and recorded as late.',
  },
  reviewReferral: {
    path: 'review',
    input: Type.Object({
      decision: literals(['accept', 'send-back'] as const, 'accept 同意办结, send-back 退回重新核查'),
      reason: Text('审核意见', 1000),
      publicReply: Type.Optional(Text('给举报人的答复（举报人凭受理编号可见；不写举报人和单位内部情况）', 500)),
      problems: Type.Optional(
        Type.Array(Type.Object({ requirement: Text('整改要求', 2000), term: ProblemTermSchema }), { maxItems: 30 }),
      ),
      proposePatrol: Type.Optional(Type.Boolean({ description: '建议领导小组将该问题作为巡查依据' })),
    }),
    roles: ['office'],
    stages: ['awaiting-review'],
    summary: 'Issue 36: the office accepts the reply or sends it back (审核核查情况)',
    description:
      'Accepting a referral from a public report needs `publicReply`, the words its reporter reads. `problems` (属实 or 部分属实 only) enter the rectification ledger with source `referral`; `proposePatrol` tells the leading group. A send-back gives a new term (policy `rectification-resubmission`).',
  },
});

/** Need to know (docs/referrals.md): the unit its matter, its own work and the reviews; never the source. */
const referralFields = [
  'year',
  'serial',
  'source',
  'matter',
  'signatures',
  'replies',
  'evidence',
  'reviews',
  'conclusion',
] as const satisfies ReadonlyArray<keyof ReferralFieldValues>;

export const referralView: ViewSpec<ReferralRecord, keyof ReferralFieldValues> = {
  fields: referralFields,
  sections: {
    office: 'all',
    'leading-group': 'all',
    committee: 'all',
    unit: ['year', 'serial', 'matter', 'signatures', 'replies', 'evidence', 'reviews'],
    discipline: [],
    'group-leader': [],
    public: [],
    auditor: [],
  },
  externalStage: (stage) => stage,
  stageLabels: referralStageLabels,
};

export const referralContract = caseContract({
  kind: 'referral',
  workflowType: 'referralCase',
  resource: 'referrals',
  steps: referralSteps,
  view: referralView,
  viewSchema: ReferralViewSchema,
  id: {
    param: 'referralId',
    schema: Type.String({ pattern: referralIdPattern, description: 'e.g. referral-2026-0007' }),
  },
  notFound: '该交办核查事项不存在',
});
