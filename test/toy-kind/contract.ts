/**
 * A toy kind of case (issue 31: "a kind is one module"), written as a newcomer would write a new kind: one folder
 * (this one), one line in a registry (`kinds.with(toyInspection)` in test/api/toy-kind.test.ts). A 自查 (self-inspection)
 * the office asks of a unit: the unit answers, the office closes it. Nothing outside this folder names it.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { CaseRecord } from '../../workflows/engine/record';
import type { ViewSpec } from '../../workflows/engine/view';
import { caseContract, defineSteps } from '../../workflows/engine/contract';
import { caseRecordFields, literals } from '../../workflows/engine/schemas';

export const toyStages = ['asked', 'answered', 'closed'] as const;
export type ToyStage = (typeof toyStages)[number];
export const toyStageLabels: Record<ToyStage, string> = {
  asked: '待单位自查',
  answered: '待办公室审核',
  closed: '已办结',
};

export interface ToyInput {
  unit: { code: string; name: string; kind: 'city' | 'county' | 'department' };
  question: string;
}

export const toySteps = defineSteps<ToyStage>()({
  answerToy: {
    path: 'self-inspection',
    input: Type.Object({ answer: Type.String({ minLength: 1, maxLength: 2000, description: '自查情况' }) }),
    roles: ['unit'],
    scope: 'own-unit',
    stages: ['asked'],
    summary: 'Toy kind (报送自查情况)',
  },
  closeToy: {
    path: 'closing',
    input: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500, description: '审核意见' })) }),
    roles: ['office'],
    stages: ['answered'],
    summary: 'Toy kind (审核办结)',
  },
});

const ToyFields = Type.Object({ question: Type.String(), answer: Type.Optional(Type.String()) });
export type ToyFields = Static<typeof ToyFields>;
export const ToyViewSchema = Type.Object(
  { ...caseRecordFields('toy-inspection', literals(toyStages)), ...Type.Partial(ToyFields).properties },
  { $id: 'ToyInspectionView' },
);
export type ToyRecord = CaseRecord<ToyStage> & ToyFields;

export const toyView: ViewSpec<ToyRecord, 'question' | 'answer'> = {
  fields: ['question', 'answer'],
  sections: {
    office: 'all',
    'leading-group': 'all',
    committee: 'all',
    unit: ['question', 'answer'],
    'group-leader': [],
    discipline: [],
    public: [],
    auditor: [],
  },
  externalStage: (stage) => stage,
  stageLabels: toyStageLabels,
};

export const toyContract = caseContract({
  kind: 'toy-inspection',
  workflowType: 'toyInspection',
  resource: 'toy-inspections',
  steps: toySteps,
  view: toyView,
  viewSchema: ToyViewSchema,
});
