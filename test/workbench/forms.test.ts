/**
 * The workbench's forms come from the contracts (issue 18): every step people take, of every kind, must have a form
 * whose every field, value and title is Chinese, with the schema's limits; and a filled-in form must read back as the
 * body the API validates with the same schema.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { patrolContract } from '../../workflows/patrol/contract';
import { supervisionContract } from '../../workflows/supervision/contract';
import { planContract } from '../../workflows/supervision-plan/contract';
import { publicReportContract } from '../../workflows/public-report/contract';
import { awardRoundContract } from '../../workflows/award-round/contract';
import { nominationContract } from '../../workflows/nomination/contract';
import { problemContract } from '../../workflows/problem/contract';
import type { Field } from '../../api/workbench/components/forms';
import { formFields, readForm, refusalPlacement } from '../../api/workbench/components/forms';
import { isChinese, stepCitation, stepLabel } from '../../api/workbench/components/labels';
import { dueStatus, lightDay } from '../../api/workbench/components/format';
import { ProposePatrolBody, ReferralStartBody, ResultUseFormBody, resultUseBody } from '../../api/schemas';
import { kinds } from '../../workflows/kinds';

import type { Step, StepSpec } from '../../workflows/engine/contract';
import { patternReasons, reasonOf } from '../../api/validation';
import { groupIdPattern } from '../../workflows/engine/schemas';
import { unitCodePattern } from '../../workflows/ids';

const contracts: Record<string, { steps: Record<string, Step<string, StepSpec>> }> = {
  patrol: patrolContract,
  supervision: supervisionContract,
  plan: planContract,
  'public-report': publicReportContract,
  'award-round': awardRoundContract,
  nomination: nominationContract,
  problem: problemContract,
  // Every kind of the registry, so a new kind's steps are walked without a line here (issue 36: referral, result-use).
  ...Object.fromEntries(kinds.all.map((k) => [k.kind, k.contract])),
};

const walk = (fields: Field[]): Field[] => fields.flatMap((f) => [f, ...walk(f.children ?? [])]);

describe('every step of every contract has a form in Chinese', () => {
  for (const [kind, contract] of Object.entries(contracts)) {
    for (const step of Object.values(contract.steps).filter((s) => !s.internal)) {
      test(`${kind}.${step.name}: labels, values and title are Chinese`, () => {
        const fields = formFields(step.input, step.pathParams);
        for (const f of walk(fields)) {
          expect([f.path, f.label, isChinese(f.label)]).toEqual([f.path, f.label, true]);
          for (const [, label] of f.options ?? []) expect(isChinese(label.replace(/^[0-9]+\. /, ''))).toBe(true);
        }
        const title = stepLabel(step);
        expect([step.name, title && isChinese(title)]).toEqual([step.name, true]);
      });
    }
  }

  test('the proposal of a patrol (Art. 12) has a form in Chinese too', () => {
    for (const f of walk(formFields(ProposePatrolBody))) expect([f.path, isChinese(f.label)]).toEqual([f.path, true]);
  });

  test('Issue 36 item 1: an optional row left empty is no row, even with a nested object (a problem’s term) in it', () => {
    const review = kinds.get('referral')!.contract.steps.reviewReferral!;
    const fields = formFields(review.input);
    const empty = { decision: 'accept', reason: '同意', 'problems.0.requirement': '', 'problems.0.term.dueDate': '' };
    expect(readForm(fields, empty)).toEqual({ decision: 'accept', reason: '同意' });
    const one = { ...empty, 'problems.0.requirement': '补充公示', 'problems.0.term.kind': 'immediate' };
    expect(readForm(fields, one)).toEqual({
      decision: 'accept',
      reason: '同意',
      problems: [{ requirement: '补充公示', term: { kind: 'immediate' } }],
    });
  });

  test('Issue 36 item 4: the leading group’s 通报批评、约谈、挂牌督办 has a form in Chinese; a circular to nobody chosen goes to all', () => {
    const fields = formFields(ResultUseFormBody, [], { subject: '所涉督查巡查或整改问题' });
    for (const f of walk(fields)) {
      expect([f.path, isChinese(f.label)]).toEqual([f.path, true]);
      for (const [, label] of f.options ?? []) expect(isChinese(label)).toBe(true);
    }
    const read = readForm(fields, {
      type: 'criticism',
      'subject.caseId': 'patrol-2026-taiyuan-0001',
      unit: 'taiyuan',
      reason: '整改不力',
      'circular.text': '对太原市整改不力的情况予以通报批评。',
    });
    expect(resultUseBody(read)).toEqual({
      type: 'criticism',
      subject: { caseId: 'patrol-2026-taiyuan-0001' },
      unit: 'taiyuan',
      reason: '整改不力',
      circular: { text: '对太原市整改不力的情况予以通报批评。', circulateTo: 'all' },
    });
  });

  test('Issue 36 item 4: the office’s referral (交办核查) has a form in Chinese too', () => {
    const fields = formFields(ReferralStartBody, [], { unit: '承办单位（负责核查的单位）', source: '交办事项的来源' });
    for (const f of walk(fields)) {
      expect([f.path, isChinese(f.label)]).toEqual([f.path, true]);
      for (const [, label] of f.options ?? []) expect(isChinese(label)).toBe(true);
    }
  });
});

describe('a form carries the limits of its schema', () => {
  test('Art. 12: the approval has a required choice of 批准/不批准 and a reason of at most 1,000 characters', () => {
    const fields = formFields(patrolContract.steps.decideApproval.input);
    const decision = fields.find((f) => f.name === 'decision')!;
    expect(decision).toMatchObject({ kind: 'choice', required: true, label: '决定' });
    expect(decision.options).toEqual([
      ['approve', '批准'],
      ['reject', '不批准'],
    ]);
    expect(fields.find((f) => f.name === 'reason')).toMatchObject({
      kind: 'textarea',
      maxLength: 1000,
      required: false,
    });
  });

  test('Art. 14: a finding picks one of the five key problems or 其他, and its methods (Art. 5) as checkboxes', () => {
    const fields = formFields(patrolContract.steps.recordFinding.input);
    expect(fields.find((f) => f.name === 'keyProblem')!.options!.map(([v]) => v)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    expect(fields.find((f) => f.name === 'methods')).toMatchObject({ kind: 'checkboxes', minItems: 1 });
  });

  test('a path parameter is not a field (the form carries it hidden)', () => {
    const step = patrolContract.steps.answerHandlingSuggestion;
    expect(formFields(step.input, step.pathParams).map((f) => f.name)).toEqual(['answer']);
  });
});

describe('a submitted form reads back as the body the API validates', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('local-date', /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);

  test('Art. 15 (3): the report with two opinions, the third row left empty', () => {
    const step = patrolContract.steps.submitReport;
    const fields = formFields(step.input, step.pathParams);
    const body = readForm(fields, {
      situation: '巡查情况',
      problems: '发现的问题',
      'opinions.0.text': '意见一',
      'opinions.0.basis': '依据一',
      'opinions.1.text': '意见二',
      'opinions.1.basis': '依据二',
      'opinions.2.text': '',
      'opinions.2.basis': '',
    });
    expect(body).toEqual({
      situation: '巡查情况',
      problems: '发现的问题',
      opinions: [
        { text: '意见一', basis: '依据一' },
        { text: '意见二', basis: '依据二' },
      ],
    });
    expect(ajv.validate(step.input, body)).toBe(true);
  });

  test('Art. 13: a group with its leader and members; Art. 14: a finding with methods and numbers', () => {
    const group = patrolContract.steps.formGroup;
    const body = readForm(formFields(group.input), {
      'group.id': 'g-2026-01',
      'group.leader.name': '李明',
      'group.leader.rank': 'department',
      'group.leader.unit': 'finance',
      'group.members.0.name': '赵强',
      'group.members.0.unit': 'audit',
    });
    expect(body).toEqual({
      group: {
        id: 'g-2026-01',
        leader: { name: '李明', rank: 'department', unit: 'finance' },
        members: [{ name: '赵强', unit: 'audit' }],
      },
    });
    expect(ajv.validate(group.input, body)).toBe(true);

    const finding = patrolContract.steps.recordFinding;
    const f = readForm(formFields(finding.input), {
      keyProblem: '3',
      methods: ['symposium', 'field-survey'],
      summary: '问题',
    });
    expect(f).toEqual({ keyProblem: 3, methods: ['symposium', 'field-survey'], summary: '问题' });
    expect(ajv.validate(finding.input, f)).toBe(true);
    const s = patrolContract.steps.sendHandlingSuggestion;
    expect(readForm(formFields(s.input), { summary: '建议', findingIds: '1，2、3' })).toEqual({
      summary: '建议',
      findingIds: [1, 2, 3],
    });
  });

  test('Art. 16 (2): rectification opinions one per line; a boolean left unticked is false', () => {
    const feedback = patrolContract.steps.issueFeedback;
    expect(
      readForm(formFields(feedback.input), { situation: '情况', rectificationOpinions: '一\r\n\r\n二 \n' }),
    ).toEqual({
      situation: '情况',
      rectificationOpinions: ['一', '二'],
    });
    const summary = patrolContract.steps.reportRectificationSummary;
    expect(readForm(formFields(summary.input), { summary: '报告' })).toEqual({ summary: '报告', publish: false });
    expect(readForm(formFields(summary.input), { summary: '报告', publish: 'on' })).toEqual({
      summary: '报告',
      publish: true,
    });
  });

  test('Issue 35 item 2: a progress report with 追回资金 in yuan and fen and five free figures (其他指标)', () => {
    const step = problemContract.steps.reportProblemProgress;
    const fields = formFields(step.input, step.pathParams);
    const figures = fields.find((f) => f.name === 'figures')!;
    expect(figures.children!.map((f) => [f.name, f.label, f.kind])).toEqual([
      ['recoveredYuan', '追回资金（元）', 'number'],
      ['heldAccountable', '问责人数', 'number'],
      ['rulesMade', '建章立制（项）', 'number'],
      ['other', '其他指标', 'rows'],
    ]);
    expect(figures.children![0]!.decimal).toBe(true);
    expect(figures.children![1]!.decimal).toBeUndefined();
    const others = ['退还农户', '核查项目', '约谈干部', '整改公示', '补发资金'];
    const form: Record<string, string> = {
      what: '已退还',
      'figures.recoveredYuan': '125000.55',
      'figures.heldAccountable': '3',
      'figures.rulesMade': '',
    };
    others.forEach((label, i) => {
      form[`figures.other.${i}.label`] = label;
      form[`figures.other.${i}.value`] = i === 4 ? '8.5' : String(i + 1);
      form[`figures.other.${i}.unit`] = i === 1 ? '' : '个';
    });
    const body = readForm(fields, form);
    expect(body).toEqual({
      what: '已退还',
      figures: {
        recoveredYuan: 125000.55,
        heldAccountable: 3,
        other: others.map((label, i) => ({
          label,
          value: i === 4 ? 8.5 : i + 1,
          ...(i === 1 ? {} : { unit: '个' }),
        })),
      },
    });
    expect(ajv.validate(step.input, body)).toBe(true);
    // A whole number stays one: 3.5 people is refused by the schema, not rounded.
    const half = readForm(fields, { what: '已退还', 'figures.heldAccountable': '3.5' });
    expect(ajv.validate(step.input, half)).toBe(false);
  });

  test("the API's refusal of a field is said next to it, with the field's Chinese label", () => {
    const fields = formFields(patrolContract.steps.submitReport.input);
    expect(refusalPlacement('请求内容/opinions/0/text：过长（最多1000个字符）', fields)).toEqual({
      field: 'opinions.0.text',
      message: '“处理意见”过长（最多1000个字符）',
    });
    expect(refusalPlacement('巡查报告已经提交', fields)).toEqual({ message: '巡查报告已经提交' });
  });
});

describe('traffic lights (红黄绿灯)', () => {
  test('green before the yellow days, yellow from them, red when overdue', () => {
    expect(dueStatus('2026-12-10', '2026-11-28', 3)).toEqual({ light: 'green', daysLeft: 12, text: '剩余12天' });
    expect(dueStatus('2026-12-01', '2026-11-28', 3)).toMatchObject({ light: 'yellow', daysLeft: 3 });
    expect(dueStatus('2026-11-28', '2026-11-28', 3)).toMatchObject({ light: 'yellow', text: '今天到期' });
    expect(dueStatus('2026-11-25', '2026-11-28', 3, true)).toMatchObject({ light: 'red', text: '已逾期3天' });
    // The case's own word wins: overdue on its due date (a deadline of hours) is red.
    expect(dueStatus('2026-11-28', '2026-11-28', 3, true)).toMatchObject({ light: 'red', text: '已逾期' });
    // Issue 34: red comes with the case's red notice, on the first working morning after the date, not at midnight.
    expect(dueStatus('2026-11-27', '2026-11-28', 3)).toMatchObject({ light: 'yellow', text: '已过截止日期' });
  });

  test('issue 34: the lights change at the start of the working day (09:00 Beijing), not at midnight', () => {
    const at = (local: string) => Date.parse(`${local}+08:00`);
    expect(lightDay(at('2026-11-28T08:59:00'))).toBe('2026-11-27');
    expect(lightDay(at('2026-11-28T09:00:00'))).toBe('2026-11-28');
    expect(lightDay(at('2026-11-28T08:00:00'), '08:00')).toBe('2026-11-28');
    // Due 2026-12-01, yellow 3 days before: at 08:59 on 2026-11-28 still green, at 09:00 yellow.
    expect(dueStatus('2026-12-01', lightDay(at('2026-11-28T08:59:00')), 3).light).toBe('green');
    expect(dueStatus('2026-12-01', lightDay(at('2026-11-28T09:00:00')), 3).light).toBe('yellow');
  });

  test('step titles and citations in Chinese', () => {
    expect(stepLabel(patrolContract.steps.decideApproval)).toBe('批准/不批准巡查');
    expect(stepCitation(patrolContract.steps.issueFeedback.summary)).toBe('第十六条第（二）项');
  });
});

test('Issue 32: the browser says what a pattern asks, as the case would (the group id, a unit code), not only that the format is wrong', () => {
  expect(Object.keys(patternReasons).sort()).toEqual([groupIdPattern, unitCodePattern].sort());
  expect(reasonOf({ keyword: 'pattern', params: { pattern: groupIdPattern } })).toBe(
    '只能用小写字母、数字和连字符，例如 g-2026-01',
  );
  expect(reasonOf({ keyword: 'pattern', params: { pattern: '^x$' } })).toBe('格式不对');
});
