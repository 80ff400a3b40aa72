import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderMarkdown } from '../../lib/documents/markdown';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import { patrolRectificationReportModel } from '../../workflows/patrol-rectification-report/documents';
import { resultUseSentence } from '../../workflows/common-steps/result-use-figures';
import type { ResultUseRecord } from '../../workflows/result-use/contract';
import { walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { lintTexts } from '../helpers/text-lint';

const day = 86_400_000;
/** A Beijing date and time `at` (ms), as a form gives it: `2027-01-27T09:30`. */
const local = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 16);
const none = { criticism: 0, interview: 0, listing: 0, delisted: 0 };

/**
 * Issue 36 item 2 (docs/result-uses.md), "its place in the statistics and the yearly report": the year's patrol
 * rectification report counts the year's 通报批评, 约谈 and 挂牌督办 (and the listings delisted) from the case store, in
 * one sentence an official signs as it is; a year with none reads as before, byte for byte.
 */
describe("Issue 36 item 2: the year's uses of results in the patrol rectification report", () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  test('Issue 36 item 2, Art. 16 (3): two 通报批评, one 约谈 and two 挂牌督办 (one delisted) are counted in the draft', async () => {
    const caseId = await walkPatrol(sys, 'taiyuan', 37, 'feedback');
    const start = async (body: object) => {
      const base = { subject: { caseId }, unit: 'taiyuan', reason: '危房改造补助资金整改推进缓慢' };
      const res = await sys.call(people.leadingGroup, {
        method: 'POST',
        url: '/result-uses',
        payload: { ...base, ...body },
      });
      expect([res.statusCode, res.statusCode === 201 ? '' : res.body]).toEqual([201, '']);
      return res.json<{ resultUseId: string }>().resultUseId;
    };
    const circular = { text: '对太原市予以通报批评。', circulateTo: ['taiyuan', 'datong'] };
    const listing = {
      requirement: '全部追回并发放滞留资金',
      dueDate: local(Date.now() + 20 * day).slice(0, 10),
      responsibleLeader: { name: '张伟', post: '太原市人民政府副市长' },
    };
    await start({ type: 'criticism', circular });
    await start({ type: 'criticism', circular });
    await start({
      type: 'interview',
      interview: {
        leaders: [{ name: '张伟', post: '太原市人民政府副市长' }],
        scheduledAt: local(Date.now() + 3 * day),
        place: '省乡村振兴局第一会议室',
      },
    });
    const listed = await start({ type: 'listing', listing });
    await start({ type: 'listing', listing: { ...listing, requirement: '建立补助资金发放长效机制' } });
    await eventually(async () => {
      const r = (
        await sys.call(people.office, { method: 'GET', url: `/result-uses/${listed}` })
      ).json<ResultUseRecord>();
      return r.awaiting?.length ? true : undefined;
    });
    const delist = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: `/result-uses/${listed}/delist`,
      payload: { reason: '经核查资金已全部发放到户' },
    });
    expect(delist.statusCode).toBe(200);
    const year = Number(listed.slice(11, 15));
    await eventually(async () => {
      const rows = await sys.store.listResultUses({ year });
      return rows.length === 5 && rows.some((r) => r.stage === 'delisted') ? true : undefined;
    });

    const sentence = '本年度对整改不力的单位通报批评2次，约谈1次，挂牌督办问题2个（已摘牌1个）。';
    const drafted = await sys.call(people.office, {
      method: 'POST',
      url: '/patrol-rectification-reports',
      payload: { year },
    });
    expect([201, 200]).toContain(drafted.statusCode);
    const text = await eventually(async () => {
      const res = await sys.call(people.office, {
        method: 'GET',
        url: `/patrol-rectification-reports/${year}/text?version=draft`,
      });
      return res.statusCode === 200 && res.body.includes('通报批评') ? res.body : undefined;
    }, 60_000);
    expect(text).toContain(sentence);

    // Only the types used; 均已/尚未摘牌. Texts an official signs as they are (test/helpers/text-lint.ts).
    const variants = [
      resultUseSentence({ ...none, interview: 1 }),
      resultUseSentence({ ...none, listing: 2, delisted: 2 }),
      resultUseSentence({ ...none, criticism: 1, listing: 1 }),
    ];
    expect(variants).toEqual([
      '本年度对整改不力的单位约谈1次。',
      '本年度对整改不力的单位挂牌督办问题2个（均已摘牌）。',
      '本年度对整改不力的单位通报批评1次，挂牌督办问题1个（尚未摘牌）。',
    ]);
    expect(lintTexts([sentence, ...variants].map((t, i) => [`report ${i}`, t!]))).toEqual([]);
  });

  test('Issue 36 item 2: a year with no use of results reads as the reports drafted before, byte for byte', () => {
    const fixture = path.join(__dirname, '../lib/fixtures/documents-69abdd1.json');
    const before = JSON.parse(readFileSync(fixture, 'utf8')) as {
      years: Array<{ year: number; patrols: PatrolCaseRecord[]; at: string; markdown: string }>;
    };
    expect(before.years.length).toBeGreaterThan(0);
    expect(resultUseSentence(none)).toBeUndefined();
    for (const y of before.years) {
      const model = patrolRectificationReportModel(y.year, y.patrols, y.at, undefined, undefined, none);
      expect(renderMarkdown(model)).toBe(y.markdown);
    }
  });
});
