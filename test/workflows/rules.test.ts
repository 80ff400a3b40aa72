import type { TargetUnit } from '../../workflows/domain';
import {
  approvalProblem,
  feedbackProblem,
  instructionsProblem,
  reportProblem,
  suggestionProblem,
  summaryProblem,
} from '../../workflows/patrol/rules';
import { findingProblem, groupProblem } from '../../workflows/common-steps/inspection';
import { measuresProblem } from '../../workflows/common-steps/rectification';
import { patrolKeyProblems } from '../../workflows/patrol/stages';
import { supervisionKeyContents } from '../../workflows/supervision/stages';
import { resultsProblem, supervisionGroupProblem } from '../../workflows/supervision/rules';
import { fullPatrol } from '../helpers/records';

/** The rules of the measures as pure functions: each refuses in Chinese, citing the article, without a server. */
const taiyuan: TargetUnit = { code: 'taiyuan', name: '太原市', kind: 'city' };
const group = {
  id: 'g-2026-01',
  leader: { name: '陈刚', rank: 'department' as const, unit: 'dept-finance' },
  members: [{ name: '周敏', unit: 'dept-audit' }],
};
const members = ['dept-finance', 'dept-audit', 'dept-agriculture'];

describe('Art. 7, 13: the group', () => {
  test('Art. 7, 13: the leader holds department rank (厅级); any other rank is refused, citing the article', () => {
    expect(groupProblem(group, taiyuan, 13)).toBeUndefined();
    expect(groupProblem({ ...group, leader: { ...group.leader, rank: 'division' } }, taiyuan, 13)).toBe(
      '组长须由厅级领导干部担任（第十三条）；陈刚为处级',
    );
    expect(groupProblem({ ...group, leader: { ...group.leader, rank: 'section' } }, taiyuan, 7)).toContain('第七条');
  });

  test('nobody inspects their own unit (回避), named by code or by name', () => {
    for (const unit of ['taiyuan', '太原市']) {
      expect(groupProblem({ ...group, members: [{ name: '李静', unit }] }, taiyuan, 13)).toContain('回避');
    }
  });

  test('a group has members, each named with their unit', () => {
    expect(groupProblem({ ...group, members: [] }, taiyuan, 13)).toBe('组内须有成员');
    expect(groupProblem({ ...group, members: [{ name: ' ', unit: 'dept-audit' }] }, taiyuan, 13)).toContain('姓名');
  });

  test('Art. 7: every supervision member comes from a member unit, under cross inspection too (Art. 5)', () => {
    const datong = { code: 'datong', name: '大同市' };
    expect(supervisionGroupProblem(group, taiyuan, members)).toBeUndefined();
    expect(
      supervisionGroupProblem({ ...group, members: [{ name: '钱', unit: 'taiyuan-loufan' }] }, taiyuan, members),
    ).toContain('成员单位');
    // Cross inspection (Art. 5, 7): the leader from the inspecting city; members from member units or from the
    // inspecting city (its own officials serve in its group), never from the inspected city or its counties.
    const crossGroup = { ...group, leader: { ...group.leader, unit: 'datong' } };
    expect(supervisionGroupProblem(crossGroup, taiyuan, members, datong)).toBeUndefined();
    expect(supervisionGroupProblem(group, taiyuan, members, datong)).toBe(
      '交叉督查（第五条）：组长须来自负责检查本单位的大同市',
    );
    expect(
      supervisionGroupProblem({ ...crossGroup, members: [{ name: '钱', unit: 'datong' }] }, taiyuan, members, datong),
    ).toBeUndefined();
    expect(
      supervisionGroupProblem(
        { ...crossGroup, members: [{ name: '钱', unit: 'taiyuan-loufan' }] },
        taiyuan,
        members,
        datong,
      ),
    ).toBeDefined();
    expect(
      supervisionGroupProblem({ ...crossGroup, members: [{ name: '钱', unit: 'xinzhou' }] }, taiyuan, members, datong),
    ).toContain('第七条');
  });
});

describe('Art. 5, 9, 14: findings', () => {
  test('Art. 14: a patrol finding is filed under one of the five key problems, with the methods of Art. 5', () => {
    const ok = { keyItem: 3, methods: ['document-review'], summary: '挪用资金' };
    expect(findingProblem(ok, patrolKeyProblems, 14)).toBeUndefined();
    expect(findingProblem({ ...ok, keyItem: 7 }, patrolKeyProblems, 14)).toBe(
      '问题须归入第十四条所列五类之一，或归入“其他”（第6项）',
    );
    // Art. 14 (5) "等问题": item 6, "other", with a short description of what kind of problem it is.
    expect(findingProblem({ ...ok, keyItem: 6 }, patrolKeyProblems, 14)).toBe(
      '归入“其他”（第十四条所列以外）的问题，须简要说明属于哪类问题',
    );
    expect(findingProblem({ ...ok, keyItem: 6, otherDescription: '形式主义' }, patrolKeyProblems, 14)).toBeUndefined();
    expect(findingProblem({ ...ok, otherDescription: '形式主义' }, patrolKeyProblems, 14)).toBe(
      '只有归入“其他”（第6项）的问题才写其他问题的类别',
    );
    expect(findingProblem({ ...ok, methods: [] }, patrolKeyProblems, 14)).toBe('须写明采用的工作方式（第五条）');
    expect(findingProblem({ ...ok, summary: ' ' }, patrolKeyProblems, 14)).toBe('问题描述不能为空');
  });

  test('Art. 9: a supervision finding is filed under one of the five key contents', () => {
    expect(findingProblem({ keyItem: 0, methods: ['briefing'], summary: 'x' }, supervisionKeyContents, 9)).toBe(
      '问题须归入第九条所列五类之一，或归入“其他”（第6项）',
    );
  });
});

describe('Chapter 3: the rules of a patrol', () => {
  test('Art. 12: a rejection states its reason', () => {
    expect(approvalProblem({ decision: 'reject' })).toBe('不批准巡查时须说明理由（第十二条）');
    expect(approvalProblem({ decision: 'reject', reason: '依据不足' })).toBeUndefined();
    expect(approvalProblem({ decision: 'approve' })).toBeUndefined();
  });

  test('Art. 15 (2): a suggestion cites only findings that exist', () => {
    const findings = fullPatrol().findings;
    expect(suggestionProblem({ summary: '停止拨付', findingIds: [1] }, findings)).toBeUndefined();
    expect(suggestionProblem({ summary: '停止拨付', findingIds: [1, 7] }, findings)).toBe('没有编号为7的问题');
  });

  test('Art. 15 (3): every handling opinion rests on facts and rules', () => {
    const report = { situation: '情况', problems: '问题', opinions: [{ text: '处分', basis: '依据' }] };
    expect(reportProblem(report)).toBeUndefined();
    expect(reportProblem({ ...report, opinions: [{ text: '处分', basis: ' ' }] })).toBe(
      '处理意见1所依据的事实和规定不能为空',
    );
  });

  test('Art. 16: remarks for a send-back; opinions for feedback; what the unit did; publish only what is public', () => {
    expect(instructionsProblem({ decision: 'send-back' })).toBe('退回请示时须写明批示意见');
    expect(feedbackProblem({ situation: '反馈', rectificationOpinions: ['追回', ' '] })).toBe('整改意见2不能为空');
    expect(measuresProblem({ summary: '已整改', measures: [' '] })).toBe('整改措施1不能为空');
    const rectification = { ...fullPatrol().rectification! };
    delete rectification.publicSummary;
    expect(summaryProblem({ summary: '报告', publish: true }, rectification)).toBe(
      '被巡查单位未提供可以公开的整改情况，不能公开',
    );
    expect(summaryProblem({ summary: '报告', publish: false }, rectification)).toBeUndefined();
  });
});

describe('Chapter 2: the rules of a supervision', () => {
  test('Art. 11 (2): results, and requirements that are not empty (none is allowed)', () => {
    expect(resultsProblem({ summary: '较好', rectificationRequirements: [] })).toBeUndefined();
    expect(resultsProblem({ summary: '较好', rectificationRequirements: [''] })).toBe('整改要求1不能为空');
    expect(resultsProblem({ summary: ' ', rectificationRequirements: [] })).toBe('督查结果不能为空');
  });
});
