/**
 * Every business id of the system, built in one place: the workflow ids of cases, plans and rounds, and the
 * schedule of a round. Pure, so workflows, activities and the API all build ids the same way.
 */
import type { CaseKind } from './domain';

/** A unit code of the registry (Art. 2): lower-case ASCII, as in ids and search attributes (`taiyuan`, `dept-finance`). */
export const unitCodePattern = '^[a-z][a-z0-9-]*$';
/** How the API docs describe a field that takes a unit code: a link to the registry (Swagger UI's deep link). */
export const unitCodeDoc = (what = 'Unit code') => `${what}: a \`code\` of [GET /units](#/registry/get_units)`;

/** `patrol-2026-taiyuan-0001`: kind, year, unit code, serial (4 digits). */
export const caseIdPattern = '^(patrol|supervision)-[0-9]{4}-[a-z][a-z0-9-]*-[0-9]{4}$';

/** `patrol-rectification-report-2026`: the year's patrol rectification report (Art. 16 (3)). */
export const yearlyReportIdPattern = '^patrol-rectification-report-[0-9]{4}$';

/** A round in URLs: the year (`2026`), or the year and its number for a further round (`2026-2`). */
export const roundKeyPattern = '^[0-9]{4}(-([2-9]|[1-9][0-9]))?$';

/** A round's id: `supervision-round-2026`, `supervision-round-2026-2`. */
export const roundIdPattern = '^supervision-round-[0-9]{4}(-([2-9]|[1-9][0-9]))?$';

/** `public-report-3f9a0c1d2e4b5a697887` (20 hex digits). */
export const publicReportIdPattern = '^public-report-[0-9a-f]{20}$';

/** The pattern of the case ids of these kinds (the registry's listed kinds: workflows/kinds.ts). */
export const caseIdPatternFor = (kinds: readonly string[]) =>
  caseIdPattern.replace('(patrol|supervision)', `(${kinds.join('|')})`);

/** The pattern of one kind's case ids. */
export const caseIdPatternOf = (kind: string) => caseIdPattern.replace('(patrol|supervision)', kind);

export const ids = {
  /** One case, one id, so a start is idempotent: `patrol-2026-taiyuan-0001`. */
  case: (kind: string, year: number, unitCode: string, serial: number) =>
    `${kind}-${year}-${unitCode}-${String(serial).padStart(4, '0')}`,
  /** The annual supervision plan of a year (Art. 6). */
  plan: (year: number) => `supervision-plan-${year}`,
  /**
   * The comprehensive round of a year (Art. 8): its `CaseRound` search attribute, the workflow id the schedule
   * starts (the server appends the fire time), and the id of the schedule itself.
   */
  round: (year: number, n = 1) => (n === 1 ? `supervision-round-${year}` : `supervision-round-${year}-${n}`),
  /**
   * The serial of a round's cases: 0001 for the year's (scheduled) round; 9002, 9003 … for a further round the leading
   * group decides (Art. 8 "一般每年1次"); special supervisions and follow-up visits use 0002–8999.
   */
  roundSerial: (n = 1) => (n === 1 ? 1 : 9000 + n),
  /** `2026` or `2026-2` (a further round), as URLs name a round. */
  roundOfKey(key: string): { year: number; n: number } {
    const [year, n] = key.split('-').map(Number);
    return { year: year!, n: n ?? 1 };
  },
  roundSchedule: (year: number) => `supervision-round-${year}`,
  /** The year's rectification across all patrols, reported to the committee (Art. 16 (3)). */
  patrolRectificationReport: (year: number) => `patrol-rectification-report-${year}`,
  /**
   * A public report (Art. 5): the first 80 bits of the SHA-256 of its receipt code, so the receipt finds its report and
   * the id gives the receipt away to nobody (`public-report-3f9a0c1d2e4b5a697887`).
   */
  publicReport: (receiptHash: string) => `public-report-${receiptHash.slice(0, 20)}`,
  /** The kind of a case id, or undefined for anything that is not a case id. */
  kindOf(caseId: string): CaseKind | undefined {
    if (!new RegExp(caseIdPattern).test(caseId)) return undefined;
    return caseId.startsWith('patrol-') ? 'patrol' : 'supervision';
  },
};
