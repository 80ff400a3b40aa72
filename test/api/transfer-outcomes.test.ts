import type { CaseClaims } from '../../lib/infra/tokens';
import { transferOutcomeSentence } from '../../workflows/common-steps/transfer-outcome-figures';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { PublicReportRecord } from '../../workflows/public-report/contract';
import { record, step, walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { lintTexts } from '../helpers/text-lint';

interface Answer {
  caseId: string;
  transferId: number;
  recipientName: string;
  current?: { version: number; stage: string; stageLabel: string; disciplined: number; heldAccountable: number };
  versions: Array<{ version: number; stage: string; note?: string }>;
}

const procuratorate: CaseClaims = { sub: 'proc-1', role: 'discipline', unit: 'procuratorate', name: '检察院 周洁' };
const auditor: CaseClaims = { sub: 'aud-1', role: 'auditor', name: '审计员 钱芳' };
const caseFiled = { stage: 'case-filed', disciplined: 2, heldAccountable: 3, prosecuted: 1, note: '已立案审查调查' };

/**
 * Issue 36 item 3 (docs/transfer-outcomes.md): what the discipline bodies and the procuratorate report back on a
 * transfer, through real HTTP on a real Temporal server: courtesy only (no deadline, no notice), a version a report,
 * seen by the overseers and the receiving body, by nobody else; counted in the year's patrol rectification report.
 */
describe('Issue 36 item 3: outcomes of transfers from the discipline bodies', () => {
  let sys: TestSystem;
  let id = '';
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  const outcome = (transfer: number) => `/patrols/${id}/transfers/${transfer}/outcome`;
  const post = (who: CaseClaims, url: string, payload: object) => sys.call(who, { method: 'POST', url, payload });
  const get = (who: CaseClaims, url: string) => sys.call(who, { method: 'GET', url });
  const versions = async () => (await get(people.office, outcome(1))).json<Answer>().versions.length;
  /** What the case sets and tells: its deadlines and notices (an outcome must change neither). */
  const obligations = (r: PatrolCaseRecord) => ({
    deadlines: r.deadlines.map((d) => [d.key, d.kind, d.status, d.deadline.dueAt, d.escalations.length]),
    notifications: r.notifications.length,
    awaiting: r.awaiting.map((a) => [a.role, a.step]),
  });

  test('Issue 36 item 3: reported once acknowledged, then updated (two versions, the latest current); no deadline, no notice; bad input changes nothing', async () => {
    id = await walkPatrol(sys, 'taiyuan', 36, 'instructed');
    await step(sys, people.leadingGroup, id, 'transfers', { to: 'discipline-inspection', summary: '挪用扶贫资金线索' });
    await step(sys, people.leadingGroup, id, 'transfers', { to: 'procuratorate', summary: '虚报冒领线索' });

    // Before the acknowledgement: 409, in Chinese; nothing written.
    const early = await post(people.discipline, outcome(1), { stage: 'preliminary-check' });
    expect([early.statusCode, early.json<{ message: string }>().message]).toEqual([
      409,
      '这件问题线索尚未确认接收，请先确认接收，再反馈办理结果',
    ]);
    expect(await versions()).toBe(0);
    await step(sys, people.discipline, id, 'transfers/1/acknowledgement', { note: '已接收' });
    const before = obligations(await record(sys, id));

    // Only the receiving body of that transfer: another body, another body's transfer, no such transfer: all 404 alike.
    const notFound = { statusCode: 404, message: '没有找到这件移交的问题线索' };
    for (const [who, transfer] of [
      [procuratorate, 1],
      [people.discipline, 2],
      [people.discipline, 9],
    ] as const) {
      const res = await post(who, outcome(transfer), { stage: 'preliminary-check' });
      expect([who.unit, transfer, res.json()]).toEqual([who.unit, transfer, expect.objectContaining(notFound)]);
    }
    for (const who of [people.office, people.leadingGroup, people.taiyuan]) {
      expect((await post(who, outcome(1), { stage: 'preliminary-check' })).statusCode).toBe(403);
    }

    const first = await post(people.discipline, outcome(1), { stage: 'preliminary-check', heldAccountable: 1 });
    expect(first.statusCode).toBe(201);
    expect(first.json<Answer>()).toMatchObject({
      recipientName: '省纪委监委（纪检监察机关）',
      current: { version: 1, stage: 'preliminary-check', stageLabel: '初核', disciplined: 0, heldAccountable: 1 },
    });

    // Bad input: 400 for what the schema refuses, 422 for what does not hold together; in Chinese; nothing written.
    for (const [payload, status] of [
      [{ stage: 'preliminary-check', disciplined: 2 }, 422],
      [{ stage: 'case-filed', note: '   ' }, 422],
      [{ stage: 'closed' }, 400],
      [{ stage: 'case-filed', disciplined: -1 }, 400],
      [{ stage: 'case-filed', note: '长'.repeat(1001) }, 400],
      [{ stage: 'case-filed', deadline: '2027-03-01' }, 400],
    ] as const) {
      const res = await post(people.discipline, outcome(1), payload);
      expect([payload, res.statusCode]).toEqual([payload, status]);
      expect(res.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await post(people.discipline, outcome(1), { stage: 'preliminary-check', disciplined: 2 })).json()).toEqual(
      expect.objectContaining({ message: '初核阶段尚未立案：处分人数和移送司法机关人数应为0，立案后再反馈' }),
    );
    expect(await versions()).toBe(1);

    const update = await post(people.discipline, outcome(1), caseFiled);
    expect(update.statusCode).toBe(201);
    // The same report again (a retried request) adds no version.
    const again = await post(people.discipline, outcome(1), caseFiled);
    expect(again.statusCode).toBe(200);
    const answer = again.json<Answer>();
    expect(answer.versions.map((v) => [v.version, v.stage])).toEqual([
      [1, 'preliminary-check'],
      [2, 'case-filed'],
    ]);
    expect(answer.current).toMatchObject({ version: 2, stageLabel: '立案', disciplined: 2, heldAccountable: 3 });

    // Audited like every write: who reported, on which case, and the refusals too.
    const trail = await sys.store.auditEntries({ resource: id, person: people.discipline.sub, limit: 100 });
    const reports = trail.filter((e) => e.section === '/patrols/:caseId/transfers/:transferId/outcome');
    expect(reports.filter((e) => e.access === 'step' && e.status === 201)).toHaveLength(2);
    expect(reports.filter((e) => e.outcome === 'refused').length).toBeGreaterThanOrEqual(8);

    // Courtesy only: the case's deadlines, notices and awaited steps are what they were.
    const after = await record(sys, id);
    expect(obligations(after)).toEqual(before);
    expect(JSON.stringify(after)).not.toContain('已立案审查调查');
    const stored = await sys.store.readCase(id);
    expect(JSON.stringify(stored?.record.deadlines)).not.toMatch(/outcome|办理结果/);
  });

  test('Issue 36 item 3: the office, the leading group and the committee see it; the receiving body its own; the unit, the group leader, another body and the public 404; the auditor 403', async () => {
    for (const who of [people.office, people.leadingGroup, people.committee, people.discipline]) {
      const res = await get(who, outcome(1));
      expect([who.role, res.statusCode, res.json<Answer>().versions.length]).toEqual([who.role, 200, 2]);
    }
    for (const who of [people.taiyuan, people.groupLeader, procuratorate, people.public]) {
      expect([who.sub, (await get(who, outcome(1))).statusCode]).toEqual([who.sub, 404]);
    }
    expect((await get(auditor, outcome(1))).statusCode).toBe(403);
    // The procuratorate's own transfer (not yet acknowledged): its body sees it, with no outcome.
    expect((await get(procuratorate, outcome(2))).json<Answer>()).toMatchObject({ versions: [] });
    // The unit's view of its case never shows it (nor the transfers).
    const asUnit = await get(people.taiyuan, `/cases/${id}`);
    expect(asUnit.statusCode).toBe(200);
    expect(asUnit.body).not.toMatch(/已立案审查调查|transfers|outcome/);

    const list = (who: CaseClaims) => get(who, '/transfer-outcomes?year=2026');
    const office = (await list(people.office)).json<Array<Answer & { current: object }>>();
    expect(office.map((o) => [o.caseId, o.transferId])).toEqual([[id, 1]]);
    expect(office[0]!.current).toMatchObject({ version: 2, stage: 'case-filed' });
    expect((await list(people.discipline)).json<Answer[]>()).toHaveLength(1);
    expect((await list(procuratorate)).json<Answer[]>()).toEqual([]);
    expect((await get(people.office, '/transfer-outcomes?year=2027')).json<Answer[]>()).toEqual([]);
    for (const who of [people.taiyuan, people.groupLeader, people.public, auditor]) {
      expect([who.role, (await list(who)).statusCode]).toEqual([who.role, 403]);
    }
  });

  test("Issue 36 item 3: a forwarded public report's outcome, after the report has closed (the store's record)", async () => {
    const filed = await sys.call(undefined, {
      method: 'POST',
      url: '/public-reports',
      payload: { unitText: '某县民政局', what: '低保评定优亲厚友' },
    });
    expect(filed.statusCode).toBe(201);
    const reportId = await eventually(async () => {
      const rows = (await get(people.office, '/public-reports?stage=received')).json<Array<{ reportId: string }>>();
      return rows[0]?.reportId;
    });
    const report = async (who: CaseClaims, path: string, payload: object) => {
      const res = await post(who, `/public-reports/${reportId}/${path}`, payload);
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
      return res.json<PublicReportRecord>();
    };
    await eventually(async () =>
      (await get(people.office, `/public-reports/${reportId}`)).json<PublicReportRecord>().deadlines?.length
        ? true
        : undefined,
    );
    await report(people.office, 'registration', { summary: '反映低保评定问题', targetUnit: 'lvliang-linxian' });
    await report(people.office, 'decision', { action: 'forward', reason: '涉嫌违纪，按规定转交' });
    const url = `/public-reports/${reportId}/forwarding/outcome`;
    expect((await post(people.discipline, url, { stage: 'preliminary-check' })).statusCode).toBe(409);
    expect(await report(people.discipline, 'forwarding/acknowledgement', {})).toMatchObject({ closed: true });
    expect((await post(procuratorate, url, { stage: 'preliminary-check' })).statusCode).toBe(404);
    const res = await post(people.discipline, url, {
      stage: 'concluded',
      heldAccountable: 1,
      note: '经核实，予以了结',
    });
    expect([res.statusCode, res.json<Answer>().current?.stageLabel]).toEqual([201, '了结']);
    expect((await get(people.office, url)).json<Answer>().versions).toHaveLength(1);
    expect((await get(people.taiyuan, url)).statusCode).toBe(404);
  });

  test("Issue 36 item 3, Art. 16 (3): the year's patrol rectification report counts the transfers and their outcomes", async () => {
    await step(sys, people.leadingGroup, id, 'feedback', { situation: '反馈', rectificationOpinions: ['整改'] });
    await eventually(async () => ((await sys.store.readCase(id))?.record as PatrolCaseRecord).feedback && true);
    const sentence =
      '本年度巡查移交纪检监察机关和检察机关问题线索2件，已反馈办理结果1件，其中立案1件，处分2人，问责3人，移送司法机关1人。';
    const drafted = await post(people.office, '/patrol-rectification-reports', { year: 2026 });
    expect([201, 200]).toContain(drafted.statusCode);
    const text = await eventually(async () => {
      const res = await get(people.office, '/patrol-rectification-reports/2026/text?version=draft');
      return res.statusCode === 200 && res.body.includes('本年度巡查移交') ? res.body : undefined;
    }, 60_000);
    expect(text).toContain(sentence);
    // Texts an official signs as they are (the house rules of test/helpers/text-lint.ts).
    const none = { reported: 0, caseFiled: 0, disciplined: 0, heldAccountable: 0, prosecuted: 0 };
    const texts: Array<[string, string]> = [
      ['report', sentence],
      ['nothing back', transferOutcomeSentence([{ to: 'procuratorate' }], none)!],
      [
        'all back',
        transferOutcomeSentence([{ to: 'discipline-inspection' }], { ...none, reported: 1, heldAccountable: 2 })!,
      ],
      ['409', '这件问题线索尚未确认接收，请先确认接收，再反馈办理结果'],
      ['422', '初核阶段尚未立案：处分人数和移送司法机关人数应为0，立案后再反馈'],
    ];
    expect(texts.map(([, t]) => t).slice(1, 3)).toEqual([
      '本年度巡查移交检察机关问题线索1件，尚未收到办理结果反馈。',
      '本年度巡查移交纪检监察机关问题线索1件，均已反馈办理结果，问责2人。',
    ]);
    expect(lintTexts(texts)).toEqual([]);
  });
});
