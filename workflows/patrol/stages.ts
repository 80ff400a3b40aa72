/** The patrol's stages (Chapter 3) and the key problems its findings are filed under (Art. 14). Pure. */

/**
 * Stages of a patrol case, in order (Chapter 3). The workflow only moves forward, except that the committee
 * can send a request for instructions back to the leading group (Art. 16).
 */
export const patrolStages = [
  'drafted', // Art. 12: the office drafted the proposal; the leading group submits it
  'awaiting-approval', // Art. 12: proposed, waiting for the committee
  'rejected', // Art. 12: the committee said no; the case is closed with the reason
  'forming-group', // Art. 13
  'planning', // Art. 15 (1): the group makes its work plan
  'field-work', // Art. 15 (2): stationed at the unit; findings, on-site handling suggestions; then the report (3)
  'under-study', // Art. 16 (1): the leading group studies the report and drafts the request for instructions
  'awaiting-instructions', // Art. 16 (1): the committee decides
  'issuing-feedback', // Art. 16 (2): transfers; feedback and rectification opinions to the unit
  'rectification', // Art. 16 (2)(3): the unit rectifies within 2 months; the leading group reports and publishes
  'closed',
] as const;
export type PatrolStage = (typeof patrolStages)[number];

export const patrolStageLabels: Record<PatrolStage, string> = {
  drafted: '待领导小组提请',
  'awaiting-approval': '待省委、省政府批准',
  rejected: '未获批准',
  'forming-group': '组建巡查组',
  planning: '制定方案',
  'field-work': '实地巡查',
  'under-study': '领导小组研究',
  'awaiting-instructions': '请示省委、省政府',
  'issuing-feedback': '反馈巡查情况',
  rectification: '整改反馈',
  closed: '已办结',
};

/** Art. 14: the five key problems a patrol finding is filed under. */
export const patrolKeyProblems = {
  1: '干部在落实脱贫攻坚目标任务方面存在的失职渎职问题',
  2: '不作为、慢作为、乱作为、假作为问题',
  3: '贪占挪用扶贫资金，违规干预和插手扶贫项目建设问题',
  4: '贫困识别、退出严重失实，弄虚作假、搞“数字脱贫”问题',
  5: '违反贫困县约束机制，发生禁止行为事项等问题',
} as const;
