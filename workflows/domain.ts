/**
 * The vocabulary of the measures (../shared/DOMAIN.md glossary), shared by workflows, activities and the API.
 * Pure data and types only: this file is bundled into workflow code.
 */

/** Who may act (DOMAIN.md "Actors and what each may do"). */
export const roles = ['office', 'leading-group', 'committee', 'group-leader', 'unit', 'discipline', 'public'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  office: '领导小组办公室',
  'leading-group': '省脱贫攻坚领导小组',
  committee: '省委、省政府',
  'group-leader': '组长',
  unit: '被督查/被巡查单位',
  discipline: '纪检监察/检察机关',
  public: '群众',
};

/**
 * The person behind a decision. The API builds it from the verified token, never from the request body,
 * and every decision a workflow receives carries it.
 */
export interface Actor {
  /** Stable subject id from the token (`sub`). */
  id: string;
  /** Display name, if the token carries one. */
  name?: string;
  role: Role;
  /** For `unit` (and `discipline`): the unit code the person acts for. */
  unit?: string;
  /** For `group-leader`: the group the person leads. */
  group?: string;
}

export const caseKinds = ['patrol', 'supervision'] as const;
export type CaseKind = (typeof caseKinds)[number];
export const caseKindLabels: Record<CaseKind, string> = { patrol: '巡查', supervision: '督查' };

/** Art. 2: who can be supervised or patrolled. */
export const unitKinds = ['city', 'county', 'department'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** A target unit as the case keeps it (resolved from the units registry when the case starts). */
export interface TargetUnit {
  /** Registry code, lower-case ASCII (used in workflow ids and search attributes), e.g. `taiyuan`. */
  code: string;
  /** Chinese name, e.g. 太原市. */
  name: string;
  kind: UnitKind;
}

/** Art. 12: the information a patrol proposal rests on. */
export const groundsSources = ['public-report', 'supervision-finding', 'third-party-assessment', 'other'] as const;
export type GroundsSource = (typeof groundsSources)[number];
export const groundsSourceLabels: Record<GroundsSource, string> = {
  'public-report': '群众举报',
  'supervision-finding': '督查发现',
  'third-party-assessment': '第三方评估',
  other: '其他掌握情况',
};

/**
 * Stages of a patrol case, in order (Chapter 3). The workflow moves forward only; a stage that is not
 * built yet is still named here so search attributes and the API speak one language.
 */
export const patrolStages = [
  'awaiting-approval', // Art. 12: proposed, waiting for the committee
  'rejected', // Art. 12: the committee said no; the case is closed with the reason
  'forming-group', // Art. 13
  'planning', // Art. 15 (1)
  'field-work', // Art. 15 (2)
  'reporting', // Art. 15 (3)
  'under-study', // Art. 16 (1): leading group studies, request for instructions
  'rectification', // Art. 16 (2)
  'closed',
] as const;
export type PatrolStage = (typeof patrolStages)[number];

export const patrolStageLabels: Record<PatrolStage, string> = {
  'awaiting-approval': '待省委省政府批准',
  rejected: '未获批准',
  'forming-group': '组建巡查组',
  planning: '制定方案',
  'field-work': '实地巡查',
  reporting: '形成书面报告',
  'under-study': '研究与请示报告',
  rectification: '整改反馈',
  closed: '已办结',
};

/** Business workflow id: `patrol-2026-taiyuan-0001`. One case, one id, so a start is idempotent. */
export function caseWorkflowId(kind: CaseKind, year: number, unitCode: string, serial: number): string {
  return `${kind}-${year}-${unitCode}-${String(serial).padStart(4, '0')}`;
}

export const caseIdPattern = '^(patrol|supervision)-[0-9]{4}-[a-z0-9-]+-[0-9]{4}$';
