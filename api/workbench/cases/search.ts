/**
 * Search in the workbench's lists by keyword and 文号 (issue 32 item 8): a text typed in the search box matches a row
 * when any of the row's texts (title, reference, item, unit, grounds) contains it, ignoring case, full- and half-width
 * forms and the kind of brackets, so `晋脱贫巡[2026]太原市7号` finds `晋脱贫巡〔2026〕太原市7号`.
 */

/** The longest search text, in characters. */
export const maxQueryLength = 50;

/** A text as search compares it: NFKC (full-width letters and digits as ASCII), lower case, one kind of bracket. */
export function searchable(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[[【〔(〖]/g, '〔')
    .replace(/[\]】〕)〗]/g, '〕')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What is wrong with a search text (in Chinese), if anything. */
export function queryProblem(q: string): string | undefined {
  return [...q.trim()].length > maxQueryLength ? `搜索内容最多${maxQueryLength}个字，请缩短后再搜索。` : undefined;
}

/** Whether any of `texts` contains the search text `q` (an empty search matches everything). */
export function matchesQuery(q: string | undefined, texts: ReadonlyArray<string | undefined>): boolean {
  const needle = q ? searchable(q) : '';
  if (!needle) return true;
  return texts.some((t) => t !== undefined && searchable(t).includes(needle));
}
