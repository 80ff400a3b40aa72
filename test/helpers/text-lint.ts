import { roles } from '../../workflows/domain';
import type { CaseRecord } from '../../workflows/engine/record';
import { patrolStages } from '../../workflows/patrol/stages';
import { supervisionStages } from '../../workflows/supervision/stages';
import { problemStages } from '../../workflows/problem/contract';

/**
 * The house rules of the Chinese the system writes (issues 14 and 34), for the lint walks
 * (test/workflows/text-lint*.test.ts): what an official reads, and signs unchanged, never holds an English article
 * citation, a machine id or path, an English role name, an ISO timestamp or a stage code, and says things as an official
 * would (中共太原市委、太原市人民政府, 省委、省政府, 妥否，请批示, 不予立项，办结, numbering （一）).
 */
export type TextRule = [string, RegExp | ((text: string) => boolean)];

export const textRules: TextRule[] = [
  ['English article citation', /\bArt\.\s*\d/],
  ['case id', /\b(?:patrol|supervision)-\d{4}-[a-z][a-z0-9-]*-\d{4}\b/],
  ['problem id', /\bproblem-[a-z][a-z0-9-]*-\d{1,2}\b/],
  ['referral id', /\breferral-\d{4}-\d{4}\b/],
  ['round or plan id', /\bsupervision-(?:round|plan)-\d{4}/],
  ['group id', /\b[a-z]*g-\d{4}-\d{2}\b/],
  [
    'English role name',
    new RegExp(`(?<![A-Za-z/-])(?:${roles.filter((r) => r !== 'unit' && r !== 'public').join('|')})(?![A-Za-z-])`),
  ],
  ['ISO timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['date not written in Chinese', /\b\d{4}-\d{2}-\d{2}\b|23:59:59/],
  ['"案件" for a supervision or patrol', /案件/],
  ['an order up the hierarchy', /请督办|【待审批】/],
  ['spaces around a number in Chinese', /[\u4e00-\u9fa5] \d+ [\u4e00-\u9fa5]/],
  ['a machine word', /\b(?:COMPLETED|RUNNING|TERMINATED)\b|（允许：/],
  [
    'stage code',
    new RegExp(
      `(?<![A-Za-z/-])(?:${[...new Set([...patrolStages, ...supervisionStages, ...problemStages])].filter((s) => s.includes('-')).join('|')})(?![A-Za-z-])`,
    ),
  ],
  // Issue 34: what the texts say.
  [
    'an API path (a person is given words and a link)',
    /\/(?:patrols|supervision-rounds|award-rounds|cases|public-reports|problems|referrals)\//,
  ],
  ['a count of nothing (零件, 0条，均已…)', /零(?:件|条|个|名)|(?<!\d)0(?:件|条|个)，均/],
  ['"了结" (不予立项，办结)', /了结/],
  ['"请审批" (妥否，请批示)', /请审批/],
  [
    '"委员会" for 省委、省政府 (names such as 评选委员会, 纪律检查委员会, 省卫生健康委员会 aside)',
    /(?<!评选|纪律检查|监察|卫生健康|发展和改革|民族事务)委员会/,
  ],
  ['省委省政府 without its 、 (省委、省政府)', /省委省政府/],
  ['"党委、政府" as an addressee (中共太原市委、太原市人民政府)', /党委、政府/],
  ['a city or county called 你单位 (你市, 你县)', (t) => /中共\S{1,12}[市县区]委、/.test(t) && /对你单位/.test(t)],
  ['"现移交你们" (你委, 你院)', /移交你们/],
  ['numbering （1） where officials write （一）', /（\d{1,2}）/],
  ['"其他问题所列问题"', /其他问题所列问题/],
  [
    '评选公示 or 国家评选办公室 (全国脱贫攻坚奖推荐对象公示, 全国脱贫攻坚奖评选委员会办公室)',
    /评选公示|国家评选办公室/,
  ],
  ['a transfer numbered 移交1 (向省纪委监委移交问题线索（第1件）)', /（移交\d+）/],
  ['a draft sent with 请审核、修改并签发后报送 (报告代拟稿已生成，请审核修改后签发)', /审核、修改并签发后报送/],
  // Issue 36 item 2: a use of results is named in words, never by its id or path.
  ['a use of results by its id or path', /\bresult-use-\d{4}-\d{4}\b|\/result-uses\//],
];

/** Every rule a text breaks, with the text (an id or a path may stand in a link, which people open, not read). */
export function lintTexts(texts: Array<[string, string]>): string[] {
  return texts.flatMap(([where, text]) => {
    const prose = text.replace(/https?:\/\/\S+/g, '');
    return textRules
      .filter(([, rule]) => (typeof rule === 'function' ? rule(prose) : rule.test(prose)))
      .map(([rule]) => `${rule} in ${where}: ${text}`);
  });
}

/**
 * Every text a person reads in a case record: its stage, events, awaited steps, deadlines and notices, each with where;
 * and what the system writes into a kind's own fields for people (a problem's article, 第十六条第（二）项).
 */
export function textsOfRecord(r: CaseRecord): Array<[string, string | undefined]> {
  return [
    ['stage', r.stageLabel],
    ['source article', (r as CaseRecord & { source?: { article?: string } }).source?.article],
    ...r.events.map((e): [string, string] => [`event ${e.action}`, e.summary]),
    ...r.awaiting.map((a): [string, string] => [`awaiting ${a.step}`, a.label]),
    ...r.deadlines.flatMap((d): Array<[string, string]> => [
      [`deadline ${d.key}`, d.label],
      [`deadline ${d.key} due`, d.deadline.label],
    ]),
    ...r.notifications.map((n): [string, string] => [`notice ${n.notificationId}`, n.subject]),
  ];
}
