/** The toy kind's workflow: a class on the engine's `CaseBase` with one handler per step of its table. */
import { condition, setHandler } from '@temporalio/workflow';
import { CaseBase } from '../../workflows/engine/case';
import { assertInput } from '../../workflows/engine/failures';
import type { StepHandlers } from '../../workflows/engine/steps';
import { registerSteps } from '../../workflows/engine/steps';
import { required } from '../../workflows/engine/texts';
import type { ToyFields, ToyInput, ToyStage } from './contract';
import { toyContract, toyStageLabels, toySteps } from './contract';

export class ToyInspection extends CaseBase<ToyStage, ToyFields> {
  constructor(input: ToyInput) {
    super({
      kind: 'toy-inspection',
      label: '自查',
      unit: input.unit,
      initialStage: 'asked',
      stageLabels: toyStageLabels,
      initialAwaiting: [{ role: 'unit', unit: input.unit.code, step: 'answerToy', label: '报送自查情况' }],
      fields: { question: input.question },
      groupWord: '组',
    });
  }

  /** Nothing happens by itself: the office closes it. */
  settle(): void {}

  handlers(): StepHandlers<typeof toySteps> {
    const { keeper, c } = this;
    return {
      answerToy: {
        check: (d) => required(d.answer, '自查情况'),
        apply: (d, by) => {
          c.answer = d.answer;
          keeper.note('answer', 'toy-answered', '单位报送了自查情况', { by });
          keeper.moveTo('answered', [{ role: 'office', step: 'closeToy', label: '审核办结' }]);
        },
      },
      closeToy: {
        apply: (d, by) => {
          keeper.note('closing', 'closed', '已办结', { by, ...(d.note ? { note: d.note } : {}) });
          keeper.moveTo('closed', [], { closed: true });
        },
      },
    };
  }
}

export async function toyInspection(input: ToyInput): Promise<void> {
  assertInput(input);
  const toy = new ToyInspection(input);
  registerSteps(toySteps, toy.handlers(), toy.host());
  setHandler(toyContract.recordQuery, () => toy.record());
  await toy.begin(() => {
    toy.keeper.note('asking', 'toy-asked', `请${input.unit.name}开展自查`);
    // The unit sees its own case from the start (need to know: CaseViewers).
    toy.keeper.grant(toy.unitParty());
  });
  await condition(() => toy.closed);
  await toy.finish();
}
