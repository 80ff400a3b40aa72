import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import packaged from 'chinese-days/dist/chinese-days.json';
import { projectRoot } from '../infra/tools';

/** The time zone every deadline of the measures is counted in. */
export const caseTimeZone = 'Asia/Shanghai';

/** One year of the State Council's holiday schedule (放假安排): statutory holidays and make-up working days (调休). */
export interface HolidayYear {
  year: number;
  /** Days off that would otherwise be working days: `YYYY-MM-DD` → name. */
  holidays: Record<string, string>;
  /** Weekend days that are working days (调休): `YYYY-MM-DD` → name. */
  workdays: Record<string, string>;
  /** Where the year came from (the data package or an office file). */
  source: string;
}

export class CalendarError extends Error {
  override name = 'CalendarError';
}

/** A working-day rule reached a year whose schedule nobody has loaded: refused, never guessed. */
export class CalendarYearNotCoveredError extends CalendarError {
  override name = 'CalendarYearNotCoveredError';
  constructor(
    readonly year: number,
    covered: number[],
  ) {
    super(
      `没有 ${year} 年的节假日安排，无法按工作日计算期限。请在 data/holidays/${year}.json 中加入国务院公布的放假安排（已有：${covered[0]}–${covered.at(-1)}）`,
    );
  }
}

/** A local date as the measures' deadlines and the holiday files write it: `YYYY-MM-DD`. */
export const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function yearsOf(
  holidays: Record<string, string>,
  workdays: Record<string, string>,
  source: string,
): Map<number, HolidayYear> {
  const years = new Map<number, HolidayYear>();
  const add = (kind: 'holidays' | 'workdays', date: string, name: string) => {
    const year = Number(date.slice(0, 4));
    const y = years.get(year) ?? { year, holidays: {}, workdays: {}, source };
    y[kind][date] = name;
    years.set(year, y);
  };
  for (const [d, n] of Object.entries(holidays)) add('holidays', d, n);
  for (const [d, n] of Object.entries(workdays)) add('workdays', d, n);
  return years;
}

/** Parse and check an office file `data/holidays/YYYY.json`; throws naming the file and every problem. */
export function parseHolidayFile(raw: unknown, file: string): HolidayYear {
  const problems: string[] = [];
  const o = raw as Partial<HolidayYear> | null;
  const year = Number(path.basename(file, '.json'));
  if (!Number.isInteger(year)) problems.push('the file name must be the year, e.g. 2027.json');
  if (o?.year !== undefined && o.year !== year) problems.push(`"year" is ${o.year} but the file is for ${year}`);
  for (const kind of ['holidays', 'workdays'] as const) {
    const days = o?.[kind];
    if (days === undefined || typeof days !== 'object' || days === null || Array.isArray(days)) {
      problems.push(`"${kind}" must be an object of "YYYY-MM-DD": "name"`);
      continue;
    }
    for (const [date, name] of Object.entries(days)) {
      const dt = DateTime.fromISO(date, { zone: caseTimeZone });
      if (!datePattern.test(date) || !dt.isValid) problems.push(`${kind}: "${date}" is not a date`);
      else if (dt.year !== year) problems.push(`${kind}: ${date} is not in ${year}`);
      else if (kind === 'workdays' && dt.weekday < 6)
        problems.push(`workdays: ${date} is a weekday already; list only weekend days that are worked (调休)`);
      if (typeof name !== 'string') problems.push(`${kind}: ${date} needs a name`);
    }
  }
  if (o?.holidays && o.workdays) {
    for (const date of Object.keys(o.holidays))
      if (date in o.workdays) problems.push(`${date} is both a holiday and a working day`);
  }
  if (problems.length) throw new CalendarError(`${file}: ${problems.join('; ')}`);
  return { year, holidays: o!.holidays!, workdays: o!.workdays!, source: file };
}

/**
 * The Chinese working-day calendar: the `chinese-days` data package for the years it covers, with the office's
 * files in `data/holidays/` (`HOLIDAYS_DIR`) adding a year or replacing the package's version of it.
 */
export class ChineseCalendar {
  private readonly years: Map<number, HolidayYear>;

  constructor(years: Map<number, HolidayYear>) {
    this.years = years;
  }

  /** The package's years with the office's files in `dir` (`HOLIDAYS_DIR` of the worker section; default data/holidays). */
  static load(dir: string = path.join(projectRoot, 'data', 'holidays')): ChineseCalendar {
    const years = yearsOf(packaged.holidays, packaged.workdays, 'chinese-days@1.5.7');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    } catch {
      // no office files: the package alone
    }
    for (const f of files) {
      const file = path.join(dir, f);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new CalendarError(`${file}: ${(err as Error).message}`);
      }
      const y = parseHolidayFile(raw, file);
      years.set(y.year, y);
    }
    return new ChineseCalendar(years);
  }

  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  yearSource(year: number): string | undefined {
    return this.years.get(year)?.source;
  }

  /** Whether a local date (`YYYY-MM-DD`) is a working day; throws for a year that is not loaded. */
  isWorkingDay(date: string): boolean {
    const y = this.years.get(Number(date.slice(0, 4)));
    if (!y) throw new CalendarYearNotCoveredError(Number(date.slice(0, 4)), this.coveredYears());
    if (date in y.workdays) return true;
    if (date in y.holidays) return false;
    return DateTime.fromISO(date, { zone: caseTimeZone }).weekday < 6;
  }

  /**
   * Why a local date is not a working day (the holiday's name, `星期六`, `星期日`), or undefined on a working day. For a
   * year whose schedule is not loaded, only Saturdays and Sundays are days off: a reminder or the end of a term moves
   * past the weekly rest days we know of, and nothing is guessed about holidays not yet published.
   */
  dayOff(date: string): string | undefined {
    const y = this.years.get(Number(date.slice(0, 4)));
    if (y && date in y.workdays) return undefined;
    // The package names a day "National Day,国庆节,3"; an office file "国庆节".
    if (y && date in y.holidays) return y.holidays[date]!.split(',')[1] ?? y.holidays[date];
    const weekday = DateTime.fromISO(date, { zone: caseTimeZone }).weekday;
    return weekday === 6 ? '星期六' : weekday === 7 ? '星期日' : undefined;
  }

  /** The first working day from `date` on (`date` itself if it is one), by `dayOff`. */
  workingDayFrom(date: string, step: 1 | -1 = 1): string {
    let d = DateTime.fromISO(date, { zone: caseTimeZone });
    while (this.dayOff(d.toISODate()!) !== undefined) d = d.plus({ days: step });
    return d.toISODate()!;
  }

  /** The `n`-th working day after `date` (the start date itself is not counted). */
  addWorkingDays(date: string, n: number): string {
    let d = DateTime.fromISO(date, { zone: caseTimeZone });
    let counted = 0;
    while (counted < n) {
      d = d.plus({ days: 1 });
      if (this.isWorkingDay(d.toISODate()!)) counted++;
    }
    return d.toISODate()!;
  }
}
