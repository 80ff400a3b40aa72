import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChineseCalendar, CalendarError, CalendarYearNotCoveredError } from '../../lib/calendar/calendar';
import { computeDeadline, deadlineOnDate } from '../../lib/calendar/deadlines';
import {
  DeadlinePolicyError,
  loadDeadlinePolicy,
  resolvePolicy,
  submissionKinds,
} from '../../lib/calendar/deadline-policy';

const calendar = ChineseCalendar.load();
// 2026-11-27 10:00 in Beijing.
const issued = '2026-11-27T02:00:00Z';

describe('Deadlines are computed from rules in Asia/Shanghai (DOMAIN.md "Deadlines")', () => {
  test('Art. 16: rectification feedback within 2 calendar months of 2026-11-27 is due 2027-01-27, ending 23:59:59 Beijing time', () => {
    const d = computeDeadline(issued, { unit: 'calendar-months', amount: 2 }, calendar);
    expect(d.dueDate).toBe('2027-01-27');
    expect(d.dueAt).toBe('2027-01-27T15:59:59.000Z');
    expect(d.label).toBe('2027年1月27日前');
  });

  test('the start day is the Beijing date: 2026-11-30T17:00Z is already 1 December there', () => {
    expect(computeDeadline('2026-11-30T17:00:00Z', { unit: 'calendar-months', amount: 2 }, calendar).dueDate).toBe(
      '2027-02-01',
    );
  });

  test('month-end clamping: 2026-12-31 + 2 months = 2027-02-28; 2027-12-31 + 2 months = 2028-02-29 (leap year)', () => {
    expect(computeDeadline('2026-12-31T04:00:00Z', { unit: 'calendar-months', amount: 2 }, calendar).dueDate).toBe(
      '2027-02-28',
    );
    expect(computeDeadline('2027-12-31T04:00:00Z', { unit: 'calendar-months', amount: 2 }, calendar).dueDate).toBe(
      '2028-02-29',
    );
  });

  test('Art. 11 (ours): 30 calendar days from 2026-11-27 is 2026-12-27', () => {
    expect(computeDeadline(issued, { unit: 'calendar-days', amount: 30 }, calendar).dueDate).toBe('2026-12-27');
  });

  test('working days across Spring Festival 2026 count the 调休 Saturday 14 February and skip 15–23 February', () => {
    // From Tue 2026-02-10: Wed 11, Thu 12, Fri 13, Sat 14 (调休, worked), then the holiday, then Tue 24.
    expect(computeDeadline('2026-02-10T02:00:00Z', { unit: 'working-days', amount: 5 }, calendar).dueDate).toBe(
      '2026-02-24',
    );
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-21')).toBe(false);
  });

  test('a working-day rule reaching a year nobody has loaded is refused with a clear error, never guessed', () => {
    expect(calendar.coveredYears().at(-1)).toBe(2026);
    expect(() => computeDeadline('2026-12-20T02:00:00Z', { unit: 'working-days', amount: 15 }, calendar)).toThrow(
      CalendarYearNotCoveredError,
    );
    expect(() => computeDeadline('2026-12-20T02:00:00Z', { unit: 'working-days', amount: 15 }, calendar)).toThrow(
      /2027.*data\/holidays\/2027\.json/,
    );
    // Calendar rules need no holiday data.
    expect(computeDeadline('2027-03-01T02:00:00Z', { unit: 'calendar-days', amount: 10 }, calendar).dueDate).toBe(
      '2027-03-11',
    );
  });

  test('the office adds a year as a data file, without a code change', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'holidays-'));
    writeFileSync(
      path.join(dir, '2027.json'),
      JSON.stringify({ year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: {} }),
    );
    const withOffice = ChineseCalendar.load(dir);
    expect(withOffice.coveredYears().at(-1)).toBe(2027);
    expect(withOffice.yearSource(2027)).toContain('2027.json');
    // From Sun 2026-12-27: Mon 28, Tue 29, Wed 30, Thu 31, (Fri 1 Jan off), Mon 4 Jan.
    expect(computeDeadline('2026-12-27T02:00:00Z', { unit: 'working-days', amount: 5 }, withOffice).dueDate).toBe(
      '2027-01-04',
    );
  });

  test('a bad holiday file stops loading with every problem named', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'holidays-'));
    writeFileSync(
      path.join(dir, '2027.json'),
      JSON.stringify({ holidays: { '2027-02-30': '错', '2026-05-01': '错年' }, workdays: { '2027-02-10': '周三' } }),
    );
    expect(() => ChineseCalendar.load(dir)).toThrow(CalendarError);
    expect(() => ChineseCalendar.load(dir)).toThrow(
      /"2027-02-30" is not a date.*2026-05-01 is not in 2027.*2027-02-10 is a weekday/,
    );
  });

  test('an extension to a given date ends at 23:59:59 Beijing time that day', () => {
    expect(deadlineOnDate(issued, '2027-02-15')).toMatchObject({
      dueDate: '2027-02-15',
      dueAt: '2027-02-15T15:59:59.000Z',
    });
    expect(() => deadlineOnDate(issued, '2027-13-01')).toThrow(RangeError);
  });
});

describe('The deadline policy: one documented place, validated, defaults from the measures', () => {
  test('defaults: Art. 16 two calendar months; reminders 7, 3, 1 days before; the leading group after 7 days overdue, never the committee', () => {
    const p = loadDeadlinePolicy(undefined);
    const day = 86_400_000;
    expect(p['patrol-rectification']).toEqual({
      kind: 'patrol-rectification',
      rule: { unit: 'calendar-months', amount: 2 },
      remindersBeforeMs: [7 * day, 3 * day, day],
      escalations: [{ afterMs: 7 * day, to: 'leading-group' }],
      // Issue 19: the item turns yellow 3 days before (WORKBENCH_YELLOW_DAYS), as the workbench shows it.
      yellowBeforeMs: 3 * day,
      // Issue 34 item 3: a term the measures fix (Art. 16 (2)): extended by the leading group on the unit's request.
      fixedByMeasures: true,
    });
    // Not for an item the leading group does not chase (a courtesy acknowledgement), nor a period without reminders.
    expect(p['transfer-acknowledgement'].yellowBeforeMs).toBeUndefined();
    expect(p['award-publicity'].yellowBeforeMs).toBeUndefined();
    expect(resolvePolicy({}, 'test', { WORKBENCH_YELLOW_DAYS: '5' })['patrol-rectification'].yellowBeforeMs).toBe(
      5 * day,
    );
    expect(resolvePolicy({}, 'test', { WORKBENCH_YELLOW_DAYS: '0' })['patrol-rectification'].yellowBeforeMs).toBe(
      undefined,
    );
    expect(() => resolvePolicy({}, 'test', { WORKBENCH_YELLOW_DAYS: 'soon' })).toThrow(/WORKBENCH_YELLOW_DAYS/);
    expect(p['supervision-rectification'].rule).toEqual({ unit: 'calendar-days', amount: 30 });
    // The ladder stops at the leading group for every routine item; the committee only where a policy file says so.
    for (const kind of submissionKinds) {
      expect([kind, p[kind].escalations.some((e) => e.to === 'committee')]).toEqual([kind, false]);
    }
    expect(
      resolvePolicy({
        'patrol-rectification': {
          escalations: [
            { after: '7 days', to: 'leading-group' },
            { after: '14 days', to: 'committee' },
          ],
        },
      })['patrol-rectification'].escalations.map((e) => e.to),
    ).toEqual(['leading-group', 'committee']);
  });

  test('DOMAIN.md, Art. 16: the discipline bodies are not subordinate: their acknowledgements are never escalated', () => {
    const p = loadDeadlinePolicy(undefined);
    expect(p['transfer-acknowledgement'].escalations).toEqual([]);
    expect(p['forwarded-report-acknowledgement'].escalations).toEqual([]);
    expect(() =>
      resolvePolicy({ 'transfer-acknowledgement': { escalations: [{ after: '2 days', to: 'leading-group' }] } }),
    ).toThrow('transfer-acknowledgement.escalations must be empty: the receiving body is not subordinate');
  });

  test('a policy file overrides per item; every mistake is named', () => {
    expect(
      resolvePolicy({ 'supervision-rectification': { rule: { unit: 'working-days', amount: 20 } } })[
        'supervision-rectification'
      ].rule,
    ).toEqual({
      unit: 'working-days',
      amount: 20,
    });
    const bad = {
      'patrol-rectification': {
        rule: { unit: 'fortnights', amount: 2 },
        remindersBefore: ['soon'],
        escalations: [
          { after: '14 days', to: 'committee' },
          { after: '7 days', to: 'mayor' },
        ],
      },
      'unknown-item': {},
    };
    expect(() => resolvePolicy(bad)).toThrow(DeadlinePolicyError);
    let message = '';
    try {
      resolvePolicy(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('unknown item "unknown-item"');
    expect(message).toContain('patrol-rectification.rule must be');
    expect(message).toContain('remindersBefore[0]: "soon" is not a positive duration');
    expect(message).toContain('escalations[1].to must be one of leading-group, committee');
    expect(message).toContain('escalations must come later and later');
  });
});
