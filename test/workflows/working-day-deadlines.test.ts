import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import packaged from 'chinese-days/dist/chinese-days.json';
import { ChineseCalendar } from '../../lib/calendar/calendar';
import { noticeTimes } from '../../lib/calendar/notice-times';
import { chineseDate } from '../../workflows/engine/texts';
import type { DeadlineTrack } from '../../workflows/engine/schemas';
import { routesFile, startSmtpServer } from '../helpers/channels';
import type { TestSystem } from '../helpers/system';
import { eventually, startSystem } from '../helpers/system';
import { record, walkPatrol } from '../helpers/patrol';

const zone = 'Asia/Shanghai';
const day = 86_400_000;
const hour = 3_600_000;
const local = (ms: number | string) => DateTime.fromMillis(typeof ms === 'string' ? Date.parse(ms) : ms, { zone });

/**
 * An office holiday file that makes the days around the end of a 2-month term from today a holiday (测试假日), so that
 * whatever day the test runs on, the patrol's rectification term ends on a holiday. A year the data package covers is
 * copied with the days added, as an office would correct it.
 */
function holidaysAroundTermEnd(): { dir: string; days: string[] } {
  const end = DateTime.now().setZone(zone).startOf('day').plus({ months: 2 });
  const days = [-1, 0, 1].map((n) => end.plus({ days: n }).toISODate()!);
  const dir = mkdtempSync(path.join(tmpdir(), 'holidays-'));
  for (const year of new Set(days.map((d) => d.slice(0, 4)))) {
    const ofYear = (o: Record<string, string>) =>
      Object.fromEntries(Object.entries(o).filter(([d]) => d.startsWith(year)));
    const holidays = ofYear(packaged.holidays);
    const workdays = ofYear(packaged.workdays);
    for (const d of days.filter((x) => x.startsWith(year))) {
      holidays[d] = '测试假日';
      delete workdays[d];
    }
    writeFileSync(path.join(dir, `${year}.json`), JSON.stringify({ year: Number(year), holidays, workdays }));
  }
  return { dir, days };
}

/** An instant at the start of a working day (09:00 Beijing time) by the calendar the worker uses. */
const atWorkingMorning = (calendar: ChineseCalendar, at: string) => {
  const t = local(at);
  return { date: t.toISODate(), time: t.toFormat('HH:mm'), dayOff: calendar.dayOff(t.toISODate()!) ?? null };
};

describe('Issue 34 item 6: working-day deadlines on a real worker (time-skipping server)', () => {
  let sys: TestSystem;
  let calendar: ChineseCalendar;
  let holidays: string[];
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  /** The text of the mail with this subject to this address, once it has arrived. */
  const mailText = (subjectStart: string, to: string) =>
    eventually(async () =>
      Promise.resolve(smtp.mails.find((m) => m.subject.startsWith(subjectStart) && m.to.includes(to))?.text),
    );

  beforeAll(async () => {
    const made = holidaysAroundTermEnd();
    holidays = made.days;
    calendar = ChineseCalendar.load(made.dir);
    smtp = await startSmtpServer();
    const routes = routesFile([
      { role: 'office', email: ['duchaban@fpb.test'] },
      { role: 'leading-group', email: ['lingdaoxiaozu@fpb.test'] },
      { role: 'unit', email: ['taiyuan@fpb.test'] },
    ]);
    sys = await startSystem({
      timeSkipping: true,
      workerEnv: {
        HOLIDAYS_DIR: made.dir,
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        NOTIFICATION_ROUTES_FILE: routes,
      },
    });
  });
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
  });

  test('Art. 16 (2): a 2-month rectification term ending on a holiday ends on the next working day; reminders, the red light and 督办 go at 09:00 Beijing on working days', async () => {
    const id = await walkPatrol(sys, 'taiyuan', 1, 'feedback');
    let r = await record(sys, id);
    let track = r.deadlines.find((t) => t.key === 'rectification')!;

    // The term by the rule ends on a day of the office's holiday file; it ends on the first working day after it.
    const byRule = local(track.issuedAt).startOf('day').plus({ months: 2 }).toISODate()!;
    expect(holidays).toContain(byRule);
    const dueDate = calendar.workingDayFrom(
      DateTime.fromISO(holidays.at(-1)!, { zone }).plus({ days: 1 }).toISODate()!,
    );
    expect(track.deadline).toMatchObject({ dueDate, movedFrom: byRule, movedFor: '测试假日' });
    expect(track.deadline.label).toBe(`${chineseDate(dueDate)}前`);
    expect(
      r.events.find((e) => e.action === 'deadline-set' && e.summary.startsWith('整改情况反馈'))?.summary,
    ).toContain(`期限届满日${chineseDate(byRule)}为测试假日，顺延至下一工作日`);

    // When each notice should go, by the same calendar: the worker's policy is the default (7, 3, 1 days; 7 days overdue).
    const times = noticeTimes(
      track.deadline,
      { remindersBeforeMs: [7 * day, 3 * day, day], escalationsAfterMs: [7 * day] },
      calendar,
    );
    const due = Date.parse(track.deadline.dueAt);

    // Past the end of the due day, before the working morning after it: reminded, not yet red.
    await sys.advanceTo(due + hour);
    r = await record(sys, id);
    track = r.deadlines.find((t) => t.key === 'rectification')!;
    expect(track.status).toBe('waiting');
    expect(track.reminders.length).toBe(new Set(times.reminders).size);
    for (const reminder of track.reminders)
      expect(atWorkingMorning(calendar, reminder.at)).toMatchObject({ time: '09:00', dayOff: null });
    // What is left is counted from the day the reminder went (a reminder moved off a day off says more days).
    const yellow = await mailText('【黄灯提醒】整改情况反馈', 'taiyuan@fpb.test');
    const sentOn = local(track.reminders.find((x) => x.beforeMs === 3 * day)!.at).startOf('day');
    const left = DateTime.fromISO(dueDate, { zone }).diff(sentOn, 'days').days;
    expect(yellow).toContain(`距截止还有${left}天`);
    expect(r.notifications.some((n) => n.subject.startsWith('【红灯】'))).toBe(false);

    // The red light on the first working morning after the due date: the office is asked to chase, the city to report.
    await sys.advanceTo(times.redAt + 60_000);
    r = await record(sys, id);
    track = r.deadlines.find((t) => t.key === 'rectification')!;
    expect(track.status).toBe('overdue');
    expect(atWorkingMorning(calendar, track.overdueAt!)).toMatchObject({ time: '09:00', dayOff: null });
    const red = r.notifications.filter((n) => n.subject.startsWith('【红灯】整改情况反馈'));
    expect(red.map((n) => n.to.role)).toEqual(['office', 'unit']);
    const toOffice = await mailText('【红灯】整改情况反馈', 'duchaban@fpb.test');
    const toCity = await mailText('【红灯】整改情况反馈', 'taiyuan@fpb.test');
    expect(toOffice).toContain('太原市逾期未报送整改情况反馈');
    expect(toOffice).toContain('请督促报送');
    expect(toCity).toContain('你市逾期未报送整改情况反馈');
    expect(toCity).toContain('请即报送');
    for (const text of [toOffice, toCity]) expect(text).not.toContain('请尽快提交');

    // 督办 after 7 days overdue, on a working morning.
    await sys.advanceTo(times.escalations[0]! + 60_000);
    r = await record(sys, id);
    track = r.deadlines.find((t) => t.key === 'rectification')!;
    const escalated: DeadlineTrack['escalations'] = track.escalations;
    expect(escalated.map((e) => e.to)).toEqual(['leading-group']);
    expect(atWorkingMorning(calendar, escalated[0]!.at)).toMatchObject({ time: '09:00', dayOff: null });
    // On the 7th day after the due date, or the first working day after it.
    const seventh = DateTime.fromISO(dueDate, { zone }).plus({ days: 7 }).toISODate()!;
    expect(local(escalated[0]!.at).toISODate()).toBe(calendar.workingDayFrom(seventh));
  });
});
