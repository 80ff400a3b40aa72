/** The toy kind as one module (workflows/engine/kind.ts): what the registry needs of it. */
import { defineKind } from '../../workflows/engine/kind';
import type { CaseRecord } from '../../workflows/engine/record';
import type { ViewSpec } from '../../workflows/engine/view';
import { underMark } from '../../workflows/engine/documents';
import type { ToyRecord } from './contract';
import { toyContract, toyStageLabels, toyStages, toyView } from './contract';

export const toyInspection = defineKind({
  kind: 'toy-inspection',
  label: '自查',
  tag: 'toy',
  contract: toyContract,
  record: {
    stages: toyStages,
    stageLabels: toyStageLabels,
    view: toyView as unknown as ViewSpec<CaseRecord, string>,
    listed: true,
    firstStage: 'asked',
  },
  keyItems: { articleNumber: 99, labels: { 1: '自查发现问题' }, article: () => '自查事项' },
  // One document once the unit has answered: its self-inspection report, read by whoever sees the answer.
  documents: (r: ToyRecord) =>
    r.answer === undefined
      ? []
      : [
          {
            key: 'self-inspection',
            kind: '报告',
            title: `${r.targetUnit.name}自查情况报告`,
            section: 'answer',
            issuedAt: r.events.at(-1)?.at ?? '2026-01-01T00:00:00Z',
            build: (number) => ({
              ...underMark(number),
              issuer: r.targetUnit.name,
              title: `${r.targetUnit.name}自查情况报告`,
              addressee: '省脱贫攻坚领导小组办公室',
              body: [{ text: r.answer! }],
              date: '2026年1月1日',
            }),
          },
        ],
});
