/**
 * What a referral (交办核查, issue 36) writes for people: its title, its events, and the sentences its deadlines'
 * notices carry. Pure, tested without a server. None names the source to the unit, nor anything of a reporter.
 */
import type { ReferralSource, ReferralVerdict, TargetUnit } from '../domain';
import { referralSources, referralVerdicts } from '../domain';
import { chineseNumber, youUnit } from '../engine/texts';

export const referralTexts = {
  /** `2026年第7件交办核查事项（太原市）`: how notices name the referral (never by its id). */
  title: (year: number, serial: number, unit: TargetUnit) => `${year}年第${serial}件交办核查事项（${unit.name}）`,

  // ---- events ----
  started: (unit: TargetUnit) => `领导小组办公室将有关事项交${unit.name}核查`,
  /** Overseers only (section `source`). */
  source: (kind: ReferralSource) => `交办来源：${referralSources[kind]}`,
  reportReferred: '已告知群众举报：转为交办核查',
  reportNotTold: '未能更新群众举报的办理情况（举报已办结或不存在），请办公室核实',
  signed: (handler: string) => `签收交办函，承办人：${handler}`,
  replied: (verdict: ReferralVerdict) => `报送核查情况：${referralVerdicts[verdict]}`,
  evidence: (count: number) => `报送佐证材料${count}份`,
  sentBack: '核查情况未通过审核，退回重新核查',
  accepted: (verdict: ReferralVerdict) => `核查情况通过审核（${referralVerdicts[verdict]}），交办核查办结`,
  listed: (n: number) => `核实的问题${chineseNumber(Math.min(n, 99))}项列入问题整改台账`,
  reportAnswered: '已按审定的答复口径答复举报人',
  patrolProposed: '建议领导小组将核实的问题作为巡查依据',

  // ---- refusals ----
  signFirst: '请先签收交办函，再报送核查情况',
  signedAlready: (handler: string) => `已签收，承办人：${handler}`,
  publicReplyNeeded: '该事项来源于群众举报，同意办结时须写明给举报人的答复（举报人凭受理编号可见）',
  noPublicReply: '该事项不是群众举报交办的，不写给举报人的答复',
  onlyOnAccept: '退回重新核查时，不写给举报人的答复、整改问题或巡查建议',
  untrueNoProblems: '核查结论为不属实，不能列入问题整改台账',
  emptyRequirement: (n: number) => `第${n}项整改要求不能为空`,
  maxEvidence: (n: number) => `每件交办核查事项最多保存${n}份佐证材料`,

  // ---- deadlines ----
  replyLabel: '交办事项核查情况报告',
  againLabel: '退回后重新核查的核查情况报告',
  datedRule: '交办函确定的期限',
  /** The 交办函 as its notice says it: what to verify, and what to send back. */
  matterDetail: (unit: TargetUnit, matter: string) =>
    `领导小组办公室交${youUnit(unit)}核查以下事项：“${matter}”。请签收后认真核查，如实报送核查结论（属实、部分属实或不属实）、核查情况、处理情况和佐证材料。`,
  sentBackDetail: (reason: string) => `核查情况未通过审核，请重新核查后报送。审核意见：${reason}。`,

  // ---- notices ----
  acceptedNotice: (title: string, verdict: ReferralVerdict, reason: string, listed: number) => ({
    subject: `【已办结】${title}`,
    body:
      `${title}：核查情况（${referralVerdicts[verdict]}）已通过审核，交办核查办结。审核意见：${reason}。` +
      (listed ? `核实的问题${chineseNumber(Math.min(listed, 99))}项已列入问题整改台账，请按期整改。` : ''),
  }),
  patrolProposal: (title: string, unit: TargetUnit, verdict: ReferralVerdict) => ({
    subject: `【交办核查】建议作为巡查依据：${unit.name}`,
    body: `${title}经${unit.name}核查，结论为${referralVerdicts[verdict]}，领导小组办公室审核同意。建议将核实的问题作为对${unit.name}开展巡查的依据，请登录系统查看。`,
  }),
  awaiting: { review: '审核核查情况' },
};
