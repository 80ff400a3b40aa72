/**
 * What a use of results writes for people (issue 36 item 2; pure, tested without a server): its title, its events, its
 * notices and the sentences of its term. The documents are in documents.ts.
 */
import type { ResultUseType, TargetUnit } from '../domain';
import { resultUseTypes } from '../domain';
import { chineseDate, youUnit } from '../engine/texts';
import type { Person } from './contract';

/** `2027年1月27日9时30分` (`9时` on the hour): a Beijing time as `2027-01-27T09:30`. */
export function chineseTime(local: string): string {
  const [date, time = '00:00'] = local.split(/[T ]/);
  const [h, m] = time.split(':').map(Number) as [number, number];
  return `${chineseDate(date!)}${h}时${m ? `${m}分` : ''}`;
}

/** `张三（副市长）、李四（副县长）`. */
export const people = (list: Person[]) => list.map((p) => `${p.name}（${p.post}）`).join('、');

/** How a unit is named in a circular's list of recipients. */
export const allUnits = '各市、县（市、区）党委和政府，省直各有关部门';

/** What the leading group decided, as a sentence says it. */
const actions: Record<ResultUseType, (unit: TargetUnit) => string> = {
  criticism: (u) => `对${u.name}予以通报批评`,
  interview: (u) => `约谈${u.name}有关负责同志`,
  listing: (u) => `对${u.name}的有关问题挂牌督办`,
};

export const resultUseTexts = {
  /** `对太原市的通报批评`: how notices and Temporal UI name it. */
  title: (unit: TargetUnit, type: ResultUseType) => `对${unit.name}的${resultUseTypes[type]}`,

  // ---- events ----
  decided: (unit: TargetUnit, type: ResultUseType, subject: string) =>
    `省脱贫攻坚领导小组研究决定，${actions[type](unit)}（依据：${subject}）`,
  circulated: (count: number) => `印发通报批评，通报${count}个地区和部门`,
  summoned: (scheduledAt: string) => `印发约谈通知，定于${chineseTime(scheduledAt)}约谈`,
  recorded: (attendees: number, commitments: number) =>
    `录入约谈记录：参加约谈${attendees}人，作出承诺${commitments}项，印发约谈记录`,
  listed: '印发挂牌督办通知',
  progress: (n: number) => `报送挂牌督办事项第${n}次整改进展`,
  delisted: '经核查整改到位，予以摘牌',

  // ---- the term of a listing (the deadline engine sends its notices) ----
  termLabel: '挂牌督办事项整改情况',
  termDetail: (requirement: string, leader: Person) =>
    `省脱贫攻坚领导小组决定对“${requirement}”挂牌督办，责任领导：${leader.name}（${leader.post}）。` +
    '请按期整改到位，及时报送整改进展；整改到位后，经省脱贫攻坚领导小组核查同意予以摘牌。',

  // ---- notices ----
  circularNotice: (title: string, unit: TargetUnit, own: boolean) => ({
    subject: `【通报批评】关于对${unit.name}予以通报批评的通报`,
    body: own
      ? `${title}：省脱贫攻坚领导小组决定对${youUnit(unit)}予以通报批评。请认真查阅通报，深刻汲取教训，切实抓好整改，并将整改情况及时报送省脱贫攻坚领导小组办公室。`
      : `省脱贫攻坚领导小组决定对${unit.name}予以通报批评。请认真查阅通报，引以为戒，举一反三，对照检查。`,
  }),
  interviewNotice: (title: string, unit: TargetUnit, scheduledAt: string, place: string, leaders: Person[]) => ({
    subject: `【约谈通知】${title}`,
    body: `${title}：省脱贫攻坚领导小组定于${chineseTime(scheduledAt)}在${place}约谈${youUnit(unit)}有关负责同志（${people(leaders)}）。请被约谈人准时参加，详见约谈通知。`,
  }),
  recordNotice: (title: string) => ({
    subject: `【约谈记录】${title}`,
    body: `${title}：约谈记录已印发，请认真落实约谈时作出的承诺，并将落实情况及时报送省脱贫攻坚领导小组办公室。`,
  }),
  progressNotice: (title: string, unit: TargetUnit) => ({
    subject: `【整改进展】${title}`,
    body: `${title}：${unit.name}报送了挂牌督办事项的整改进展，请审阅；经核查整改到位的，可予摘牌。`,
  }),
  delistedNotice: (title: string, reason: string) => ({
    subject: `【摘牌】${title}`,
    body: `${title}：经省脱贫攻坚领导小组核查，整改到位，予以摘牌。核查意见：${reason}。`,
  }),

  // ---- refusals ----
  heldInFuture: '约谈时间不能晚于现在',
  heldBeforeDecision: (decided: string) => `约谈时间不能早于作出约谈决定的日期（${chineseDate(decided)}）`,
  notADate: (what: string) => `${what}不是有效的日期和时间`,
  subjectEnded: '所涉事项已办结，本决定未记入其办理过程',
  awaiting: { record: '录入约谈记录' },
};
