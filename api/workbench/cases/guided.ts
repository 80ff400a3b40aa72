/**
 * Field work in the order the measures give it (Art. 14, 15): findings, then on-site handling suggestions, then the
 * written report that ends the field work. On the group leader's page the three are offered in that order, each as
 * the one to do in its turn; the report only once a finding is recorded (the case refuses it before, too), and only
 * with a confirmation that the field work is over. Suggestions pick the findings they rest on from the case's list.
 */
import type { Field } from '../components/forms';
import { snippetOf } from '../../../lib/documents/case-identity';
import type { StepForm } from './views/case-forms';

/** Steps that end something for good: the form asks to confirm it, and a form sent without the confirmation is refused. */
export const confirmations: Record<string, string> = {
  submitReport: '确认实地工作已经结束：提交书面报告后，不能再记录发现的问题、提出现场处理建议',
};

/** The field-work steps, in their order, with the word that says which turn each is. */
const order: Array<[step: string, turn: string]> = [
  ['recordFinding', '第一步'],
  ['sendHandlingSuggestion', '第二步'],
  ['submitReport', '第三步'],
];

interface FieldWorkView {
  stage: string;
  findings?: Array<{ id: number; summary?: string; keyItemLabel?: string }>;
}

/** A suggestion's findings as boxes to tick (`findingIds`), from the findings the reader can see. */
export function withFindingChoices(fields: Field[], record: object): Field[] {
  const findings = (record as FieldWorkView).findings;
  if (!findings) return fields;
  return fields.map((f) =>
    f.name === 'findingIds' && f.kind === 'numbers'
      ? {
          ...f,
          label: '所涉问题',
          options: findings.map((x): [string, string] => [
            String(x.id),
            `问题${x.id}${x.keyItemLabel ? `（${x.keyItemLabel}）` : ''}：${snippetOf(x.summary ?? '', 60)}`,
          ]),
        }
      : f,
  );
}

/**
 * The group's forms during field work, in order, all among the group's own (none under 其他可办理事项): with no finding
 * yet the report is not offered (`waiting` says why).
 */
export function guideFieldWork(
  forms: StepForm[],
  record: object,
  /** The kind's report rests on a finding (the patrol's, Art. 14, 15 (3)): before one, it is not offered. */
  reportNeedsFinding: boolean,
): { forms: StepForm[]; waiting?: string } {
  const view = record as FieldWorkView;
  if (view.stage !== 'field-work' || !forms.some((f) => f.step === 'recordFinding')) return { forms };
  const findings = view.findings?.length ?? 0;
  const guided = order
    .map(([step, turn]) => {
      const form = forms.find((f) => f.step === step);
      if (!form || (step === 'submitReport' && findings === 0 && reportNeedsFinding)) return undefined;
      const count = step === 'recordFinding' && findings ? `（已记录${findings}个）` : '';
      return { ...form, awaited: true, title: `${turn}：${form.title}${count}` };
    })
    .filter((f): f is StepForm => f !== undefined);
  const rest = forms.filter((f) => !order.some(([step]) => step === f.step));
  return {
    forms: [...guided, ...rest],
    ...(findings === 0 && reportNeedsFinding
      ? { waiting: '记录至少一个发现的问题后，才能提交书面报告（第十四条、第十五条）。' }
      : {}),
  };
}
