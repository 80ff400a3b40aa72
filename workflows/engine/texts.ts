/**
 * How the system writes for officials, in one place: dates, durations, article citations. Pure; the kinds' own
 * notices live in their `texts.ts` and use these helpers.
 */

/** `2027-01-27` → `2027年1月27日`. */
export function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** `7天`, `12小时`, `2分钟`, `30秒`: a duration as the notices say it. */
export function durationLabel(ms: number): string {
  const minute = 60_000;
  const hour = 60 * minute;
  const day = 24 * hour;
  if (ms % day === 0) return `${ms / day}天`;
  if (ms % hour === 0) return `${ms / hour}小时`;
  if (ms % minute === 0) return `${ms / minute}分钟`;
  return `${Math.round(ms / 1000)}秒`;
}

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–99 in Chinese numerals: 9 → 九, 14 → 十四, 21 → 二十一. */
export function chineseNumber(n: number): string {
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones ? digits[ones] : ''}`;
}

/**
 * A finding's key item as officials cite it: `第十四条第（三）项`, or for the open end of the list (item 6)
 * `第十四条所列以外的其他问题`.
 */
export function keyItemCitation(articleNo: number, item: number): string {
  return item === 6 ? `${article(articleNo)}所列以外的其他问题` : article(articleNo, item);
}

/** An article of the measures, with an item: `第十四条第（三）项`; without: `第十六条`. */
export function article(n: number, item?: number): string {
  return `第${chineseNumber(n)}条${item ? `第（${chineseNumber(item)}）项` : ''}`;
}

/** Non-empty text, or a refusal saying which field is missing. */
export function required(value: string | undefined, what: string): string | undefined {
  return value?.trim() ? undefined : `${what}不能为空`;
}

/**
 * A unit's party committee and government as a document addresses them (Art. 2, 15): 中共太原市委、太原市人民政府,
 * 中共娄烦县委、娄烦县人民政府; a provincial department 省财政厅党委（党组）, as the measures write it.
 */
export function partyOrgan(unit: { name: string; kind: string }): string {
  if (unit.kind === 'department') return `${unit.name}党委（党组）`;
  return /[市县区旗]$/.test(unit.name) ? `中共${unit.name}委、${unit.name}人民政府` : `${unit.name}党委和政府`;
}

/** "You" in a letter to a unit: 你市, 你县 (你区); 你单位 for a provincial department. */
export function youUnit(unit: { name: string; kind: string }): string {
  const last = unit.name.slice(-1);
  return unit.kind !== 'department' && '市县区旗'.includes(last) && last ? `你${last}` : '你单位';
}

/** Control characters (but tab and line breaks), and the bidirectional overrides that make text read other than it is. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const unsafeCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a submitted text may not be taken (a Chinese reason), or undefined: no control characters, no bidirectional
 * overrides, no lone surrogates. Applied to every string of every input, at the API and again in the workflow.
 */
export function textProblem(value: string): string | undefined {
  if (loneSurrogate.test(value)) return '含有无法识别的字符（孤立的代理项）';
  if (unsafeCharacters.test(value)) return '含有控制字符或改变文字方向的字符';
  return undefined;
}

/** The first problem of any string in a value (objects and lists walked), with where it is: `/group/leader/name`. */
export function textsProblem(value: unknown, where = ''): string | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem && `${where || '/'}：${problem}`;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = textsProblem(item, `${where}/${i}`);
      if (problem) return problem;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = textsProblem(item, `${where}/${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Every string of a value in Unicode normal form C (what people typed, stored one way). */
export function normalizeTexts<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map(normalizeTexts) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeTexts(v)])) as T;
  }
  return value;
}

/** Whether a `YYYY-MM-DD` is a day of the calendar (no 2027-02-30). Pure: workflow code checks dates with it too. */
export function realDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

/**
 * A local date that exists on the calendar (no 2026-02-30) and lies within `yearsBack` / `yearsAhead` years of
 * `now`. Pure (no library): workflow code checks dates with it too, against workflow time.
 */
export function isSaneLocalDate(date: string, now = Date.now(), yearsBack = 2, yearsAhead = 5): boolean {
  if (!realDate(date)) return false;
  const y = Number(date.slice(0, 4));
  const year = new Date(now).getUTCFullYear();
  return y >= year - yearsBack && y <= year + yearsAhead;
}

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving), `YYYY-MM-DD`; in workflow code, of workflow time. */
export const localToday = (now = Date.now()): string => new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);

/** A refusal once a case holds as many of something as its limits allow: `本次巡查记录的问题已达上限（100个）`. */
export function limitProblem(count: number, limit: number, what: string): string | undefined {
  return count >= limit ? `${what}已达上限（${limit}个），不能再增加` : undefined;
}
