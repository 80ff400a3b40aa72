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

/** An article of the measures, with an item: `第十四条第（三）项`; without: `第十六条`. */
export function article(n: number, item?: number): string {
  return `第${chineseNumber(n)}条${item ? `第（${chineseNumber(item)}）项` : ''}`;
}

/** Non-empty text, or a refusal saying which field is missing. */
export function required(value: string | undefined, what: string): string | undefined {
  return value?.trim() ? undefined : `${what}不能为空`;
}

/** Who a unit's party organisation is: a provincial department has a party group (党组); a city or county 党委、政府. */
export function partyOrgan(unit: { name: string; kind: string }): string {
  return unit.kind === 'department' ? `${unit.name}党组` : `${unit.name}党委、政府`;
}
