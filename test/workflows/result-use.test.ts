/**
 * Issue 36 item 2 (docs/result-uses.md): 通报批评, 约谈 and 挂牌督办 as decisions of the leading group, each its own
 * workflow, on the real system (the time-skipping Temporal server for the listing's term, the worker, the API through
 * HTTP, the case store, a real SMTP server with one mailbox per unit of the registry).
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { recordHistory } from '../helpers/histories';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CaseClaims } from '../../lib/infra/tokens';
import { startProblem } from '../../api/services/problems';
import { proposal } from '../../scripts/patrol-walk';
import type { ResultUseRecord } from '../../workflows/result-use/contract';
import { startSmtpServer } from '../helpers/channels';
import { expectedTimes, remindersBy } from '../helpers/notice-times';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { lintTexts, textsOfRecord } from '../helpers/text-lint';

const day = 86_400_000;
const hour = 3_600_000;
const registry = (
  JSON.parse(readFileSync(path.join(__dirname, '../../data/units.json'), 'utf8')) as { units: Array<{ code: string }> }
).units.map((u) => u.code);
const auditor = { sub: 'aud-1', role: 'auditor', name: '审计 周洁' } satisfies CaseClaims;
/** A Beijing date and time `at` (ms), as a form gives it: `2027-01-27T09:30`. */
const local = (at: number) => new Date(at + 8 * hour).toISOString().slice(0, 16);

describe('Issue 36 item 2: 通报批评, 约谈 and 挂牌督办 (time-skipping server, HTTP, SMTP)', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let caseId = '';
  let problemId = '';
  const ids: Record<'criticism' | 'interview' | 'listing', string> = { criticism: '', interview: '', listing: '' };
  const texts: Array<[string, string]> = [];

  const call = (who: CaseClaims, method: 'GET' | 'POST', url: string, payload?: object) =>
    sys.call(who, { method, url, ...(payload ? { payload } : {}) });
  const read = async (who: CaseClaims, id: string) =>
    (await call(who, 'GET', `/result-uses/${id}`)).json<ResultUseRecord>();
  const until = (id: string, check: (r: ResultUseRecord) => boolean, timeoutMs = 30_000) =>
    eventually(async () => {
      const res = await call(people.office, 'GET', `/result-uses/${id}`);
      const r = res.statusCode === 200 ? res.json<ResultUseRecord>() : undefined;
      return r && check(r) ? r : undefined;
    }, timeoutMs);
  const start = async (body: object) => {
    const res = await call(people.leadingGroup, 'POST', '/result-uses', body);
    expect([res.statusCode, res.statusCode === 201 ? '' : res.body]).toEqual([201, '']);
    return res.json<{ resultUseId: string }>().resultUseId;
  };
  const documents = async (who: CaseClaims, id: string) => {
    const res = await call(who, 'GET', `/result-uses/${id}/documents`);
    return res.statusCode === 200
      ? res.json<Array<{ id: string; kind: string; title: string; number?: string }>>()
      : [];
  };
  /** A document as a page, its text for people (what the lint reads). */
  const page = async (who: CaseClaims, id: string, key: string) => {
    const res = await call(who, 'GET', `/result-uses/${id}/documents/${key}?format=html`);
    expect([key, res.statusCode]).toEqual([key, 200]);
    const text = res.body.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '\n');
    texts.push([`document ${key}`, text]);
    return text;
  };
  const mailsTo = (address: string, subject: string) =>
    smtp.mails.filter((m) => m.to.includes(address) && m.subject.includes(subject));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'routes-')), 'routes.json');
    const routes = [
      { role: 'office', email: ['duchaban@fpb.test'] },
      { role: 'leading-group', email: ['lingdaoxiaozu@fpb.test'] },
      ...registry.map((unit) => ({ role: 'unit', unit, email: [`${unit}@units.test`] })),
    ];
    writeFileSync(file, JSON.stringify({ webhooks: {}, routes }));
    sys = await startSystem({
      timeSkipping: true,
      workerEnv: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, NOTIFICATION_ROUTES_FILE: file },
    });
    const res = await call(people.leadingGroup, 'POST', '/patrols', proposal(2026, 36, 'taiyuan'));
    expect(res.statusCode).toBe(201);
    caseId = res.json<{ caseId: string }>().caseId;
    problemId = (
      await startProblem(sys.app.cases, {
        source: { kind: 'patrol', caseId, requirement: 1, article: '第十六条第（二）项', year: 2026 },
        requirement: '立即追回被挪用的危房改造补助资金',
        unit: { code: 'taiyuan', name: '太原市', kind: 'city' },
        city: 'taiyuan',
        term: { kind: 'immediate' },
        by: { id: 'lg-1', role: 'leading-group' },
      })
    ).problemId;
    await eventually(
      async () => ((await call(people.office, 'GET', `/problems/${problemId}`)).statusCode === 200 ? true : undefined),
      30_000,
    );
  }, 180_000);
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
  });

  test('Issue 36 item 2: bad input is refused in Chinese and nothing starts', async () => {
    const base = { type: 'criticism', subject: { caseId }, unit: 'taiyuan', reason: '危房改造补助资金长期滞留' };
    const circular = { text: '予以通报批评', circulateTo: 'all' };
    const refused: Array<[object, number, string]> = [
      [{ ...base }, 422, '通报批评须填写通报内容'],
      [
        {
          ...base,
          circular,
          interview: { leaders: [{ name: '张三', post: '副市长' }], scheduledAt: '2026-01-01T09:00', place: '省政府' },
        },
        422,
        '只填写本类事项',
      ],
      [{ ...base, reason: ' ', circular }, 422, '事由不能为空'],
      [{ ...base, circular: { ...circular, circulateTo: ['nowhere'] } }, 422, '单位名录中没有'],
      [{ ...base, unit: 'datong', circular }, 422, '太原市或其所在的市'],
      [{ ...base, subject: {}, circular }, 422, '请写明所依据'],
      [{ ...base, subject: { caseId: 'patrol-2026-taiyuan-0099' }, circular }, 404, ''],
      [{ ...base, subject: { caseId: 'patrol-2026-datong-0099', problemId }, circular }, 404, ''],
      [
        {
          ...base,
          type: 'interview',
          interview: {
            leaders: [{ name: '张三', post: '副市长' }],
            scheduledAt: local(Date.now() - day),
            place: '省政府',
          },
        },
        422,
        '约谈时间须晚于现在',
      ],
      [
        {
          ...base,
          type: 'listing',
          listing: {
            requirement: '追回资金',
            dueDate: '2020-01-01',
            responsibleLeader: { name: '李四', post: '副市长' },
          },
        },
        422,
        '办结时限',
      ],
      [
        {
          ...base,
          type: 'listing',
          listing: { requirement: '追回资金', responsibleLeader: { name: '李四', post: ' ' } },
        },
        422,
        '责任领导须写明姓名和职务',
      ],
    ];
    for (const [body, status, message] of refused) {
      const res = await call(people.leadingGroup, 'POST', '/result-uses', body);
      expect([res.statusCode, res.json<{ message: string }>().message]).toEqual([
        status,
        expect.stringContaining(message),
      ]);
      if (status === 422) texts.push(['refusal', res.json<{ message: string }>().message]);
    }
    // Only the leading group decides.
    for (const who of [people.office, people.taiyuan, people.committee])
      expect((await call(who, 'POST', '/result-uses', { ...base, circular })).statusCode).toBe(403);
    expect((await call(people.office, 'GET', '/result-uses')).json()).toEqual([]);
    expect(await sys.store.listResultUses({})).toEqual([]);
  });

  test('Issue 36 item 2: a 通报批评 is circulated to every unit of the registry, each of which got its notice and reads the circular', async () => {
    ids.criticism = await start({
      type: 'criticism',
      subject: { caseId },
      unit: 'taiyuan',
      reason: '太原市部分县危房改造补助资金长期滞留，群众反映强烈',
      circular: {
        text: '对太原市予以通报批评。\n太原市要立即追回滞留资金，严肃追究有关人员责任。',
        circulateTo: 'all',
      },
    });
    expect(ids.criticism).toMatch(/^result-use-[0-9]{4}-0001$/);
    const r = await until(ids.criticism, (x) => x.closed);
    expect(r).toMatchObject({ type: 'criticism', stage: 'circulated', stageLabel: '已通报', subject: { caseId } });
    expect(r.circular!.units.map((u) => u.code).sort()).toEqual([...registry].sort());
    expect(r.circular!.units[0]!.code).toBe('taiyuan');
    // Every unit of the registry got the circular in its own mailbox.
    const got = await eventually(async () => {
      const to = registry.filter(
        (u) => mailsTo(`${u}@units.test`, '【通报批评】关于对太原市予以通报批评的通报').length,
      );
      return Promise.resolve(to.length === registry.length ? to : undefined);
    }, 60_000);
    expect(got).toHaveLength(30);
    expect(mailsTo('taiyuan@units.test', '通报批评')[0]!.text).toContain('对你市予以通报批评');
    // Another unit reads the circular (and the decision), never the ids it rests on.
    const seen = await read(people.datong, ids.criticism);
    expect(seen.circular?.text).toContain('追回滞留资金');
    expect(seen).not.toHaveProperty('subject');
    const docs = await eventually(async () => {
      const d = await documents(people.datong, ids.criticism);
      return d[0]?.number ? d : undefined;
    });
    expect(docs.map((d) => [d.id, d.kind])).toEqual([['circular', '通报']]);
    expect(docs[0]!.number).toMatch(/^晋脱贫通〔[0-9]{4}〕1号$/);
    const text = await page(people.datong, ids.criticism, 'circular');
    expect(text).toContain('关于对太原市予以通报批评的通报');
    expect(text).toContain('各市、县（市、区）党委和政府，省直各有关部门');
    expect(text).toContain('2026年对太原市的巡查中发现');
    const docx = await call(people.taiyuan, 'GET', `/result-uses/${ids.criticism}/documents/circular`);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
  });

  test('Issue 36 item 2: a 约谈 summons the unit, the office records the talk with five attendees and three commitments, and both documents go to the unit', async () => {
    const scheduled = (await sys.env.currentTimeMs()) + 3 * day;
    const leaders = [
      { name: '张伟', post: '太原市人民政府副市长' },
      { name: '刘敏', post: '太原市乡村振兴局局长' },
    ];
    ids.interview = await start({
      type: 'interview',
      subject: { caseId, problemId },
      unit: 'taiyuan',
      reason: '危房改造补助资金整改推进缓慢',
      interview: { leaders, scheduledAt: local(scheduled), place: '省乡村振兴局第一会议室' },
    });
    const summoned = await until(ids.interview, (x) => x.awaiting.length > 0);
    expect(summoned.stage).toBe('summoned');
    expect(summoned.awaiting).toEqual([expect.objectContaining({ role: 'office', step: 'recordInterview' })]);
    await eventually(() => Promise.resolve(mailsTo('taiyuan@units.test', '【约谈通知】对太原市的约谈')[0]));
    expect((await documents(people.taiyuan, ids.interview)).map((d) => d.id)).toEqual(['interview-notice']);
    const notice = await page(people.taiyuan, ids.interview, 'interview-notice');
    expect(notice).toContain('张伟（太原市人民政府副市长）、刘敏（太原市乡村振兴局局长）');

    const record = {
      heldAt: local(scheduled),
      attendees: ['张伟', '刘敏', '王强', '赵丽', '孙明'].map((name, i) => ({ name, post: `职务${'一二三四五'[i]}` })),
      text: '约谈指出太原市危房改造补助资金整改推进缓慢。\n被约谈人作了表态发言。',
      commitments: ['一个月内将滞留资金全部发放到户', '对相关责任人严肃问责', '建立补助资金发放长效机制'],
    };
    // Not yet held (workflow time), and only the office records it.
    const early = await call(people.office, 'POST', `/result-uses/${ids.interview}/record`, record);
    expect([early.statusCode, early.json<{ message: string }>().message]).toEqual([422, '约谈时间不能晚于现在']);
    texts.push(['refusal', early.json<{ message: string }>().message]);
    expect((await call(people.taiyuan, 'POST', `/result-uses/${ids.interview}/record`, record)).statusCode).toBe(403);
    await sys.advanceTo(scheduled + hour);
    const done = await call(people.office, 'POST', `/result-uses/${ids.interview}/record`, record);
    expect(done.statusCode).toBe(200);
    const r = await until(ids.interview, (x) => x.closed);
    expect(r).toMatchObject({
      stage: 'recorded',
      interviewRecord: { attendees: record.attendees, commitments: record.commitments },
    });
    await eventually(() => Promise.resolve(mailsTo('taiyuan@units.test', '【约谈记录】')[0]));
    expect((await documents(people.taiyuan, ids.interview)).map((d) => d.id)).toEqual([
      'interview-notice',
      'interview-record',
    ]);
    const minutes = await page(people.taiyuan, ids.interview, 'interview-record');
    for (const a of record.attendees) expect(minutes).toContain(`${a.name}（${a.post}）`);
    for (const c of record.commitments) expect(minutes).toContain(c);
  });

  test('Issue 36 item 2: a 挂牌督办 is reminded before its term until 摘牌; after 摘牌 no reminder, red light or 督办 follows', async () => {
    const dueDate = local((await sys.env.currentTimeMs()) + 20 * day).slice(0, 10);
    ids.listing = await start({
      type: 'listing',
      subject: { caseId, problemId },
      unit: 'taiyuan',
      reason: '危房改造补助资金整改逾期未完成',
      listing: {
        requirement: '全部追回并发放滞留资金',
        dueDate,
        responsibleLeader: { name: '张伟', post: '太原市人民政府副市长' },
      },
    });
    const listed = await until(ids.listing, (x) => x.deadlines.length > 0);
    const term = listed.deadlines[0]!;
    expect(term).toMatchObject({
      key: 'listing-term',
      kind: 'listing-term',
      party: { role: 'unit', unit: 'taiyuan' },
      deadline: { dueDate },
    });
    expect(listed.awaiting).toEqual([
      expect.objectContaining({ role: 'unit', unit: 'taiyuan', step: 'reportListingProgress' }),
    ]);
    // The patrol and the problem it rests on record the decision in their own history, for the overseers only.
    const noted = (r: { events: Array<{ action: string; summary: string }> }) =>
      r.events.filter((e) => e.action === 'result-use-noted').map((e) => e.summary);
    for (const url of [`/cases/${caseId}`, `/problems/${problemId}`]) {
      const seen = await eventually(async () => {
        const res = await call(people.office, 'GET', url);
        const found = res.statusCode === 200 ? noted(res.json()) : [];
        return found.includes('领导小组决定对太原市的有关问题挂牌督办') ? found : undefined;
      }, 30_000);
      expect([url, seen]).toEqual([url, expect.arrayContaining(['领导小组决定对太原市的有关问题挂牌督办'])]);
      const own = await call(people.taiyuan, 'GET', url);
      if (own.statusCode === 200) expect([url, noted(own.json())]).toEqual([url, []]);
    }
    const text = await page(people.taiyuan, ids.listing, 'listing-notice');
    expect(text).toContain('张伟（太原市人民政府副市长）');
    expect(text).toContain('全部追回并发放滞留资金');
    const times = expectedTimes(term.deadline);
    const reminders = async (at: number) => {
      await sys.advanceTo(at);
      return until(ids.listing, (x) => x.deadlines[0]!.reminders.length === remindersBy(times, at).length);
    };
    expect((await reminders(times.reminders[0]! + hour)).deadlines[0]!.reminders).toHaveLength(1);
    const progress = await call(people.taiyuan, 'POST', `/result-uses/${ids.listing}/progress`, {
      text: '已追回资金80%',
    });
    expect(progress.statusCode).toBe(200);
    expect(
      (await call(people.datong, 'POST', `/result-uses/${ids.listing}/progress`, { text: '代报' })).statusCode,
    ).toBe(404);
    const before = (await reminders(times.reminders[1]! + hour)).deadlines[0]!.reminders.length;
    expect(before).toBeGreaterThanOrEqual(2);

    expect(
      (await call(people.office, 'POST', `/result-uses/${ids.listing}/delist`, { reason: '整改到位' })).statusCode,
    ).toBe(403);
    const blank = await call(people.leadingGroup, 'POST', `/result-uses/${ids.listing}/delist`, { reason: ' ' });
    expect(blank.statusCode).toBe(422);
    expect(
      (
        await call(people.leadingGroup, 'POST', `/result-uses/${ids.listing}/delist`, {
          reason: '经核查资金已全部发放到户',
        })
      ).statusCode,
    ).toBe(200);
    await until(ids.listing, (x) => x.closed);
    await sys.advanceTo(Date.parse(term.deadline.dueAt) + 10 * day);
    const after = await read(people.office, ids.listing);
    expect(after).toMatchObject({ stage: 'delisted', closed: true, delisting: { reason: '经核查资金已全部发放到户' } });
    expect(after.deadlines[0]).toMatchObject({ status: 'closed', escalations: [] });
    expect(after.deadlines[0]!.reminders).toHaveLength(before);
    expect(after.events.map((e) => e.action)).not.toContain('overdue');
    expect(after.listingProgress).toEqual([expect.objectContaining({ text: '已追回资金80%' })]);
    await eventually(() => Promise.resolve(mailsTo('taiyuan@units.test', '【摘牌】对太原市的挂牌督办')[0]));
    // The replay set (docs/upgrades.md): a listing to 摘牌, a talk recorded, a circular; and the problem told of it.
    if (process.env.RECORD_HISTORIES) {
      const history = async (id: string) => historyToJSON(await sys.env.client.workflow.getHandle(id).fetchHistory());
      recordHistory('result-use-listing.json', await history(ids.listing));
      recordHistory('result-use-interview.json', await history(ids.interview));
      recordHistory('result-use-criticism.json', await history(ids.criticism));
    }
  });

  test('Need to know: the unit its own decisions, another unit only a circular, the group leader, the discipline bodies and the public nothing, the auditor refused', async () => {
    for (const id of Object.values(ids)) {
      const own = await read(people.taiyuan, id);
      expect(own).not.toHaveProperty('subject');
      expect(own.decision).toBeDefined();
      expect((await read(people.committee, id)).subject).toBeDefined();
      for (const who of [people.groupLeader, people.discipline, people.public])
        expect([id, who.role, (await call(who, 'GET', `/result-uses/${id}`)).statusCode]).toEqual([id, who.role, 404]);
      expect((await call(auditor, 'GET', `/result-uses/${id}`)).statusCode).toBe(403);
    }
    for (const id of [ids.interview, ids.listing]) {
      expect((await call(people.datong, 'GET', `/result-uses/${id}`)).statusCode).toBe(404);
      expect((await call(people.datong, 'GET', `/result-uses/${id}/documents`)).statusCode).toBe(404);
    }
    expect((await call(people.datong, 'GET', `/result-uses/${ids.criticism}`)).statusCode).toBe(200);
    for (const who of [people.taiyuan, people.groupLeader])
      expect((await call(who, 'GET', '/result-uses')).statusCode).toBe(403);
  });

  test('Issue 36 item 2: the year counts its uses of results per type and unit; the overseers list them', async () => {
    const year = Number(ids.criticism.slice(11, 15));
    const stats = (await call(people.committee, 'GET', `/result-uses/statistics?year=${year}`)).json<{
      total: object;
      byUnit: object[];
    }>();
    expect(stats.total).toEqual({ criticism: 1, interview: 1, listing: 1, total: 3 });
    expect(stats.byUnit).toEqual([
      { unit: 'taiyuan', unitName: '太原市', criticism: 1, interview: 1, listing: 1, total: 3 },
    ]);
    const listings = (await call(people.office, 'GET', `/result-uses?type=listing&unit=taiyuan&year=${year}`)).json<
      Array<{ resultUseId: string }>
    >();
    expect(listings.map((l) => l.resultUseId)).toEqual([ids.listing]);
    expect((await call(people.taiyuan, 'GET', `/result-uses/statistics?year=${year}`)).statusCode).toBe(403);
  });

  test('Issue 36 item 2, text lint: every event, notice, mail, document and refusal of the three reads as officials write', async () => {
    for (const id of Object.values(ids)) {
      const r = await read(people.office, id);
      for (const [where, text] of textsOfRecord(r)) if (text) texts.push([where, text]);
      for (const m of smtp.mails.filter((x) => x.notificationId?.startsWith(`${id}:`))) {
        texts.push([`mail ${m.notificationId} subject`, m.subject], [`mail ${m.notificationId}`, m.text]);
      }
      texts.push([
        'Temporal UI summary',
        (await (await sys.env.client.workflow.getHandle(id).describe()).staticSummary()) ?? '',
      ]);
    }
    // What the case and the problem say of a decision on them, in their own history.
    for (const id of [caseId, problemId]) {
      const r = (await call(people.office, 'GET', id === caseId ? `/cases/${id}` : `/problems/${id}`)).json<{
        events: Array<{ action: string; summary: string }>;
      }>();
      for (const e of r.events.filter((x) => x.action === 'result-use-noted')) texts.push([`${id} event`, e.summary]);
    }
    expect(texts.filter(([w]) => w.endsWith(' event')).length).toBeGreaterThanOrEqual(3);
    expect(texts.filter(([w]) => w.startsWith('document')).length).toBe(4);
    expect(lintTexts(texts.filter(([, t]) => t))).toEqual([]);
  });
});
