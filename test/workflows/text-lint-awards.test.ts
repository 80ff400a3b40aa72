import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { AwardRoundRecord } from '../../workflows/award-round/contract';
import { roles } from '../../workflows/domain';
import type { CaseRecord } from '../../workflows/engine/record';
import type { NominationRecord } from '../../workflows/nomination/contract';
import { startSmtpServer } from '../helpers/channels';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { lintTexts, textsOfRecord } from '../helpers/text-lint';
import { browserOf } from '../helpers/workbench';

const basic = ['basic-1', 'basic-2', 'basic-3', 'basic-4', 'basic-5', 'basic-6'];
const evidence = (conditions: string[]) =>
  conditions.map((condition) => ({ condition, statement: `${condition}的事迹说明` }));
const nominee = (name: string, unitCode: string) => ({
  kind: 'person',
  name,
  workUnit: `${name}所在单位`,
  position: '村党支部书记',
  unitCode,
});

/**
 * Issue 34, the house rules of the Chinese over the award recommendations (Part 1): two rounds walked through HTTP on
 * the time-skipping server, one whose 公示 meets two objections (one upheld) and one that meets none, with a real SMTP
 * server as every role and as the national office. Every text people read is linted by test/helpers/text-lint.ts: the
 * rounds' and nominations' records, the notices and mails, the published list (公示) and its public page, the
 * objection's status, the materials (推荐报告, 推荐表), and the summaries Temporal UI shows.
 */
describe('Issue 34, Part 1: the award rounds write as officials do (公示 with and without objections)', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const texts: Array<[string, string]> = [];
  const seen = (where: string, text: string | undefined) => {
    if (text) texts.push([where, text]);
  };
  const nominationDue = DateTime.now().setZone('Asia/Shanghai').plus({ days: 40 }).toISODate()!;
  const post = async (who: CaseClaims | undefined, url: string, payload: object, expected = [200, 201]) => {
    const r = await sys.call(who, { method: 'POST', url, payload });
    expect([url, expected.includes(r.statusCode) ? 'ok' : r.body]).toEqual([url, 'ok']);
    return r;
  };
  const get = (who: CaseClaims | undefined, url: string) => sys.call(who, { method: 'GET', url });
  const roundOf = async (year: number) =>
    (await get(people.office, `/award-rounds/award-round-${year}`)).json<AwardRoundRecord>();
  const fromRecord = (r: CaseRecord) => {
    for (const [where, text] of textsOfRecord(r)) seen(where, text);
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const routes = path.join(mkdtempSync(path.join(tmpdir(), 'lint-awards-')), 'routes.json');
    const holidays = mkdtempSync(path.join(tmpdir(), 'holidays-'));
    writeFileSync(
      routes,
      JSON.stringify({
        webhooks: {},
        routes: roles.filter((r) => r !== 'public').map((role) => ({ role, email: [`${role}@fpb.test`] })),
        nationalOffice: { email: ['pingxuan@cpad.example.gov.cn'] },
      }),
    );
    // The rounds run into 2027: the office's own holiday file for that year (as test/workflows/awards.test.ts does).
    writeFileSync(
      path.join(holidays, '2027.json'),
      JSON.stringify({ year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: {} }),
    );
    sys = await startSystem({
      timeSkipping: true,
      workerEnv: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        NOTIFICATION_ROUTES_FILE: routes,
        HOLIDAYS_DIR: holidays,
        PUBLIC_URL: 'https://dcxc.fpb.test',
      },
    });
  });
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
  });

  test('two rounds, one with objections (one upheld, one not) and one without: every text passes the rules', async () => {
    const years = [2026, 2027];
    const nominations = new Map<number, string[]>();
    for (const year of years) {
      await post(people.office, '/award-rounds', {
        year,
        quota: { striving: 1, contribution: 0, dedication: 0, innovation: 1 },
        nominationDue,
        units: ['taiyuan', 'datong'],
      });
      await eventually(async () => ((await roundOf(year)).deadlines?.length === 2 ? true : undefined));
      const ids: string[] = [];
      for (const [who, award, name, unit, extra] of [
        [people.taiyuan, 'striving', '张三', 'taiyuan', ['striving-1', 'striving-2']],
        [people.datong, 'innovation', '王五', 'datong', ['innovation-1', 'innovation-2']],
      ] as const) {
        const r = await post(who, `/award-rounds/award-round-${year}/nominations`, {
          award,
          nominee: nominee(name, unit),
          deedsSummary: `${name}带领群众脱贫`,
          evidence: evidence([...basic, ...extra]),
        });
        const id = r.json<{ nominationId: string }>().nominationId;
        const n = await eventually(async () => {
          const x = (await get(people.office, `/nominations/${id}`)).json<NominationRecord>();
          return x.crossChecks?.at && x.stage === 'reviewing' ? x : undefined;
        });
        await post(people.office, `/nominations/${id}/review`, {
          conditions: [...basic, ...extra].map((condition) => ({ condition, verdict: 'met' })),
          weighing: n.crossChecks.facts.map((f) => ({ fact: f.id, note: '不影响' })),
        });
        ids.push(id);
      }
      nominations.set(year, ids);
    }
    await sys.advanceTo(DateTime.fromISO(nominationDue, { zone: 'Asia/Shanghai' }).endOf('day').toMillis() + 3_600_000);
    for (const year of years) {
      await eventually(async () => ((await roundOf(year)).stage === 'reviewing' ? true : undefined));
      await post(people.office, `/award-rounds/award-round-${year}/review-closed`, { note: '审核完毕' });
      await post(people.leadingGroup, `/award-rounds/award-round-${year}/list`, {
        selected: nominations.get(year),
        rejected: [],
      });
    }
    // 公示: the published list, its public page, and (2026) two objections lodged without an account.
    const published = await eventually(async () => {
      const res = await get(undefined, '/award-publicity');
      const lists = res.json<{ lists: Array<{ roundId: string }> }>().lists;
      return lists.length === 2 ? res : undefined;
    });
    for (const list of published.json<{
      lists: Array<{ title: string; entries: Array<{ awardLabel: string; statusLabel: string }> }>;
    }>().lists) {
      seen('the published list (公示)', list.title);
      for (const e of list.entries) seen('an entry of the list', `${e.awardLabel} ${e.statusLabel}`);
    }
    const bulletin = (await get(undefined, '/bulletin')).json<{
      entries: Array<{ caseId: string; title: string; text: string }>;
    }>().entries;
    for (const year of years) {
      const entry = bulletin.find((e) => e.caseId === `award-round-${year}`);
      // The text tells a citizen how to object in words, with a link to the public page (no API path).
      expect(entry?.text).toContain('公示页面：https://dcxc.fpb.test/workbench/public/awards');
      seen(`bulletin ${year}`, entry?.title);
      seen(`bulletin ${year}`, entry?.text);
    }
    const page = await browserOf(sys).get('/workbench/public/awards');
    seen('the public page of the lists', page.body.replace(/<[^>]+>/g, ' '));
    const [zhang, wang] = nominations.get(2026)!;
    const receipts: string[] = [];
    for (const [nominationId, what] of [
      [zhang, '张三家庭收入来源不实'],
      [wang, '王五的模式并非首创'],
    ]) {
      const r = await post(undefined, '/award-rounds/award-round-2026/objections', { nominationId, what }, [201]);
      seen('objection lodged', r.json<{ message?: string }>().message);
      receipts.push(r.json<{ receipt: string }>().receipt);
    }
    const publicity = (await roundOf(2026)).publicity!;
    await sys.advanceTo(Date.parse(publicity.dueAt) + 60_000);
    const ended = await eventually(async () => {
      const x = await roundOf(2026);
      return x.publicity?.ended ? x : undefined;
    });
    for (const [o, upheld] of [
      [ended.objections[0]!, true],
      [ended.objections[1]!, false],
    ] as const) {
      const url = `/award-rounds/award-round-2026/objections/${o.objectionId}`;
      await post(people.office, `${url}/investigation`, { findings: '经实地核查' });
      await post(people.leadingGroup, `${url}/decision`, { upheld, reason: upheld ? '核查属实' : '经核查不属实' });
    }
    for (const receipt of receipts) {
      const status = (await get(undefined, `/award-rounds/award-round-2026/objections/${receipt}`)).json<{
        statusLabel?: string;
      }>();
      seen('objection status', status.statusLabel);
    }
    // The materials, signed and sent; every round's record, documents, mails and Temporal UI summary.
    for (const year of years) {
      const round = `award-round-${year}`;
      await eventually(async () => ((await roundOf(year)).stage === 'signing' ? true : undefined), 20_000);
      const docs = (await roundOf(year)).materials!.documents;
      for (const d of docs) {
        const html = (await get(people.leadingGroup, `/award-rounds/${round}/documents/${d.id}?format=html`)).body;
        seen(`${round} document ${d.title}`, html.replace(/<[^>]+>/g, ' '));
      }
      await post(people.leadingGroup, `/award-rounds/${round}/materials/signature`, { note: '同意报送' });
      const closed = await eventually(async () => {
        const x = await roundOf(year);
        return x.closed ? x : undefined;
      }, 20_000);
      fromRecord(closed);
      seen(
        `${round} Temporal UI summary`,
        await (await sys.env.client.workflow.getHandle(round).describe()).staticSummary(),
      );
      for (const id of nominations.get(year)!) {
        const n = await eventually(async () => {
          const x = (await get(people.office, `/nominations/${id}`)).json<NominationRecord>();
          return x.closed ? x : undefined;
        }, 20_000);
        fromRecord(n);
        for (const f of n.crossChecks?.facts ?? []) seen('cross-check fact', f.text);
      }
    }
    const report = (year: number) =>
      texts.find(([where]) => where.startsWith(`award-round-${year} document 关于推荐`))?.[1] ?? '';
    expect(report(2026)).toContain('公示期间收到异议二件，经核查，异议成立一件，相关对象已撤销推荐，其余一件不成立。');
    expect(report(2027)).toContain('公示期间未收到异议。');
    const mails = await eventually(() =>
      Promise.resolve(smtp.mails.some((m) => m.to.includes('pingxuan@cpad.example.gov.cn')) ? smtp.mails : undefined),
    );
    for (const m of mails) {
      seen(`mail ${m.notificationId ?? m.subject} subject`, m.subject);
      seen(`mail ${m.notificationId ?? m.subject}`, m.text);
    }
    expect(texts.length).toBeGreaterThan(60);
    expect(lintTexts(texts)).toEqual([]);
  });
});
