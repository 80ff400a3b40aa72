/** The supervision's stages (Chapter 2) and the key contents its findings are filed under (Art. 9). Pure. */

/** Stages of a supervision case (Chapter 2): approval (Art. 6), group (Art. 7), plan and field work and report
 * (Art. 10), results and rectification (Art. 11). */
export const supervisionStages = [
  'scheduled', // a follow-up visit (回头看) waits for its date (ours: issue 13)
  'awaiting-approval', // Art. 6: the leading group approves the item (items of an approved annual plan skip this)
  'rejected',
  'forming-group', // Art. 7
  'planning', // Art. 10 (1)
  'field-work', // Art. 10 (2)(3)
  'results', // Art. 11 (1)(2): commendation, results and rectification requirements
  'rectification', // Art. 11 (2): the unit reports in time
  'closed',
] as const;
export type SupervisionStage = (typeof supervisionStages)[number];

export const supervisionStageLabels: Record<SupervisionStage, string> = {
  scheduled: '回头看待开展',
  'awaiting-approval': '待领导小组批准',
  rejected: '未获批准',
  'forming-group': '组建督查组',
  planning: '制定实施方案',
  'field-work': '实地督查',
  results: '督查结果运用',
  rectification: '整改反馈',
  closed: '已办结',
};

/** Art. 9: the five key contents a supervision finding is filed under. */
export const supervisionKeyContents = {
  1: '脱贫攻坚目标责任落实情况',
  2: '《实施意见》和其他重大政策措施落实情况',
  3: '减贫任务完成和特困群体脱贫情况',
  4: '精准识别、精准帮扶、精准退出情况',
  5: '财政专项扶贫资金和财政涉农资金整合使用管理情况',
} as const;
