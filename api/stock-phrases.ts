/**
 * Issue 32 item 8: stock phrases (常用语) for opinion fields. What a person is offered before they save a list of their
 * own (by role), and the checks of a list they send, each refusal said in Chinese. Pure: the route
 * (routes/phrases.ts) and its tests use it as it is.
 */
import type { Role } from '../workflows/domain';
import { phraseLength, phraseLimits } from '../lib/store/phrases';

export { phraseLimits };

/** The roles that keep phrases: everyone who signs in (the public and the auditor write no opinions). */
export type PhraseRole = Exclude<Role, 'public' | 'auditor'>;

/** What each role is offered until its person saves a list of their own. */
export const defaultPhrases: Record<PhraseRole, readonly string[]> = {
  office: ['已核实，拟同意。', '请补充相关材料。', '请按意见修改后再报。', '已按程序登记办理。'],
  'leading-group': ['同意。', '请按意见修改后再报。', '请补充相关材料。', '不同意，理由如下：'],
  committee: ['同意。', '请按意见修改后再报。', '请补充相关材料。', '不同意，理由如下：'],
  'group-leader': ['经核实，情况属实。', '请按要求限期整改。', '已按规定移交有关机关办理。'],
  unit: ['已按要求整改到位。', '正在整改，将按期完成。', '已建立长效机制，防止问题反弹。'],
  discipline: ['已收悉，正在依纪依法办理。', '已办结，处理结果另行报告。'],
};

/**
 * A list as sent, each phrase trimmed; or why it is refused: an empty phrase, one of more than one line or over 200
 * characters, the same phrase twice, more than 50. Phrases are named by their place (第3条).
 */
export function checkPhraseList(sent: readonly string[]): { phrases: string[] } | { problem: string } {
  if (sent.length > phraseLimits.perPerson) {
    return { problem: `常用语最多${phraseLimits.perPerson}条，现有${sent.length}条，请删去一些后再保存` };
  }
  const phrases = sent.map((p) => p.trim());
  const seen = new Map<string, number>();
  for (const [i, p] of phrases.entries()) {
    const n = i + 1;
    if (!p) return { problem: `第${n}条常用语是空的，请填写内容或删去这一条` };
    if (/[\r\n]/.test(p)) return { problem: `第${n}条常用语不能分行，每条常用语只写一行` };
    if (phraseLength(p) > phraseLimits.length) {
      return { problem: `第${n}条常用语超过${phraseLimits.length}字（现有${phraseLength(p)}字），请缩短` };
    }
    const earlier = seen.get(p);
    if (earlier !== undefined) return { problem: `第${n}条常用语与第${earlier}条重复，请删去其中一条` };
    seen.set(p, n);
  }
  return { phrases };
}
