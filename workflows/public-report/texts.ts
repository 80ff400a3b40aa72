/**
 * Every Chinese sentence a public report writes (events, awaited steps, notices). None of them carries the reporter's
 * identity or words: notices travel outside the API and the store (e-mail, webhooks).
 */
import type { TargetUnit } from '../domain';
import { chineseDate } from '../engine/texts';

export const publicReportTexts = {
  received: (unit: TargetUnit, named: boolean) =>
    named ? `收到反映${unit.name}问题的群众举报` : '收到群众举报（举报人未写明登记在册的单位）',
  registration: '群众举报登记',
  acknowledgement: '转交群众举报签收',
  registrationDetail: '请登录系统查看举报内容并登记；举报人信息仅领导小组办公室可见，不得外传。',
  noDeadline: (problem: string) => `登记期限无法计算（${problem}），请尽快登记`,
  registered: (unit: TargetUnit) => `已登记，被反映单位：${unit.name}`,
  awaiting: {
    registration: '登记群众举报',
    decision: '决定群众举报的处理方式',
  },
  /** `作为2026年对太原市巡查的依据`: the case by its year, unit and kind (the id `patrol-2026-taiyuan-0001` stays in links). */
  linked: (caseId: string, unit: TargetUnit) => {
    const m = /^(patrol|supervision)-(\d{4})-(.+)-\d{4}$/.exec(caseId);
    if (!m) return '作为已有督查或巡查的依据';
    const what = m[1] === 'patrol' ? '巡查' : '督查';
    return `作为${m[2]}年对${m[3] === unit.code ? unit.name : '有关单位'}${what}的依据`;
  },
  proposed: (what: string) => `建议${what}，报领导小组研究`,
  forwarded: (recipient: string) => `转交${recipient}`,
  closed: '不予立项，办结',
  acknowledged: (recipient: string) => `${recipient}已签收`,
  /** Issue 36: 交办核查. */
  referred: (unitName: string) => `交${unitName}核查`,
  verified: (verdict: string) => `交办核查办结（核查结论：${verdict}），已按审定的答复口径答复举报人`,
  /** To the leading group: a report proposed as grounds (Art. 12: the leading group proposes a patrol). */
  proposal: (unit: TargetUnit, what: string, receivedOn: string) => ({
    subject: `【群众举报】建议${what}：${unit.name}`,
    body: `领导小组办公室登记的一件群众举报（${chineseDate(receivedOn)}收到）反映${unit.name}的问题，建议${what}。请登录系统查看；提请时在依据中引用该举报。`,
  }),
  forwardNotice: (receivedOn: string) => ({
    subject: '【群众举报】转交办理',
    body: `省脱贫攻坚领导小组办公室转来群众举报一件（${chineseDate(receivedOn)}收到），请登录系统查看。`,
  }),
};
