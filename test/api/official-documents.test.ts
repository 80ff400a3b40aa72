import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { multipart, pdf, step, walkPatrol } from '../helpers/patrol';

interface Listed {
  id: string;
  kind: string;
  title: string;
  number?: string;
  date: string;
  href: string;
  html: string;
  draft?: boolean;
  sha256?: string;
}

/** The text of a .docx: the runs of word/document.xml, and the fonts it names. */
async function docxText(bytes: Buffer): Promise<{ xml: string; text: string }> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return { xml, text };
}

/** What no official would sign: English citations, machine ids, ISO timestamps, English role names. */
const machineText = [
  /Art\.\s*\d/,
  /patrol-\d{4}/,
  /supervision-\d{4}/,
  /\d{4}-\d{2}-\d{2}T/,
  /leading-group|group-leader/,
];

/**
 * Official documents (公文) of a patrol, through HTTP on a real dev server: the proposal (Art. 12), the group's report
 * (Art. 15 (3)) and the request for instructions (Art. 16 (1)) as .docx in the GB/T 9704-2012 layout, with their numbers
 * (发文字号), and as a page; each to whoever may read its section.
 */
describe('Official documents (公文) of a patrol: 请示, 巡查报告, 请示 as .docx and as a page', () => {
  let sys: TestSystem;
  let id: string;
  const get = (who: CaseClaims | undefined, url: string) => sys.call(who, { method: 'GET', url });

  beforeAll(async () => {
    sys = await startSystem();
    id = await walkPatrol(sys, 'taiyuan', 41, 'field-work');
    // The group attaches a file to its written report: the report's 附件说明 names it.
    const form = multipart({ section: 'report' }, [{ name: '问题线索清单.pdf', bytes: pdf }]);
    const attached = await sys.call(people.groupLeader, { method: 'POST', url: `/cases/${id}/files`, ...form });
    if (attached.statusCode !== 200) throw new Error(attached.body);
    await step(sys, people.groupLeader, id, 'findings', { keyProblem: 1, methods: ['interview'], summary: '问题' });
    await step(sys, people.groupLeader, id, 'report', {
      situation: '情况',
      problems: '问题',
      opinions: [{ text: '意见', basis: '依据' }],
    });
    await step(sys, people.leadingGroup, id, 'request-for-instructions', { summary: '建议按处理意见办理' });
  });
  afterAll(async () => sys?.close());

  test('Art. 12, 15 (3), 16 (1): the documents a patrol has reached, numbered per series and year in the order issued', async () => {
    const res = await get(people.office, `/cases/${id}/documents`);
    expect(res.statusCode).toBe(200);
    const docs = res.json<Listed[]>();
    expect(docs.map((d) => [d.id, d.kind, d.title, d.number])).toEqual([
      ['proposal', '请示', '关于对太原市开展巡查的请示', '晋脱贫请〔2026〕1号'],
      ['report', '报告', '关于对太原市巡查情况的报告', undefined],
      ['request-1', '请示', '关于对太原市巡查情况及处理意见的请示', '晋脱贫请〔2026〕2号'],
    ]);
    for (const d of docs) expect(d.date).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    // A document keeps its number, and the SHA-256 of what it said when issued is on record (also on the download).
    expect((await get(people.leadingGroup, `/cases/${id}/documents`)).json<Listed[]>()).toEqual(docs);
    const proposal = docs.find((d) => d.id === 'proposal')!;
    expect(proposal.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await get(people.office, proposal.href)).headers['x-content-sha256']).toBe(proposal.sha256);
    expect(docs.find((d) => d.id === 'report')!.sha256).toBeUndefined(); // the group's report carries no number
  });

  test('Need to know: each reads the documents of the sections it may see; the unit none of these, and a case it may not see does not exist', async () => {
    const asLeader = (await get(people.groupLeader, `/cases/${id}/documents`)).json<Listed[]>();
    expect(asLeader.map((d) => d.id)).toEqual(['proposal', 'report']);
    expect((await get(people.groupLeader, `/cases/${id}/documents/request-1`)).statusCode).toBe(404);
    expect((await get(people.taiyuan, `/cases/${id}/documents`)).json()).toEqual([]);
    expect((await get(people.taiyuan, `/cases/${id}/documents/proposal`)).statusCode).toBe(404);
    expect((await get(people.datong, `/cases/${id}/documents`)).statusCode).toBe(404);
    expect((await get(undefined, `/cases/${id}/documents`)).statusCode).toBe(401);
  });

  test('GB/T 9704-2012: title form, number, addressee, Chinese date and the standard fonts in the .docx; no English citation or machine id', async () => {
    for (const [key, title, number, addressee] of [
      ['proposal', '关于对太原市开展巡查的请示', '晋脱贫请〔2026〕1号', '省委、省政府：'],
      ['report', '关于对太原市巡查情况的报告', undefined, '省脱贫攻坚领导小组：'],
      ['request-1', '关于对太原市巡查情况及处理意见的请示', '晋脱贫请〔2026〕2号', '省委、省政府：'],
    ] as const) {
      const res = await get(people.office, `/cases/${id}/documents/${key}`);
      expect([key, res.statusCode]).toEqual([key, 200]);
      expect(res.headers['content-type']).toContain('wordprocessingml');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent(title));
      const { xml, text } = await docxText(res.rawPayload);
      expect(text).toContain(title);
      expect(text).toContain(addressee);
      if (number) expect(text).toContain(number);
      expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
      for (const font of ['仿宋_GB2312', ...(key === 'report' ? [] : ['方正小标宋简体'])]) {
        expect([key, xml.includes(`w:eastAsia="${font}"`)]).toEqual([key, true]);
      }
      expect(xml).toContain('w:eastAsia="黑体"'); // first-level headings (一、)
      for (const bad of machineText) expect([key, bad.test(text)]).toEqual([key, false]);
      if (key !== 'report') expect(text).toContain('妥否，请批示。');
    }
    const report = await docxText((await get(people.office, `/cases/${id}/documents/report`)).rawPayload);
    expect(report.text).toContain('附件：问题线索清单');
    const proposal = await docxText((await get(people.office, `/cases/${id}/documents/proposal`)).rawPayload);
    // The standard hierarchy of headings: 一、 then （一）.
    expect(proposal.text).toContain('一、巡查依据');
    expect(proposal.text).toContain('（一）干部在落实脱贫攻坚目标任务方面存在的失职渎职问题');
    expect(proposal.text).toContain('山西省脱贫攻坚领导小组文件');
  });

  test('The same document as a page for the browser, with no Markdown marks', async () => {
    const res = await get(people.committee, `/cases/${id}/documents/request-1?format=html`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<h1>关于对太原市巡查情况及处理意见的请示</h1>');
    expect(res.body).toContain('晋脱贫请〔2026〕2号');
    expect(res.body).not.toMatch(/^#|\*\*/m);
    // Its style (the red mark, the centred title, 仿宋) is allowed by the page's own security policy: the browser applies
    // it, with no policy switched off (issue 30; issue 32 found it blocked).
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1]!;
    const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    const styleSrc = /style-src ([^;]+)/.exec(String(res.headers['content-security-policy']))![1]!;
    expect(styleSrc.split(' ')).toContain(hash);
  });

  test('Art. 16: the transfer letter (函) to its receiving body only, the feedback opinions (反馈意见) to 中共太原市委、太原市人民政府 (issue 34), the rectification report (报告) and the final report, a draft until signed', async () => {
    await step(sys, people.committee, id, 'instructions', { decision: 'approve' });
    await step(sys, people.leadingGroup, id, 'transfers', { to: 'discipline-inspection', summary: '涉嫌截留扶贫资金' });
    await step(sys, people.leadingGroup, id, 'feedback', {
      situation: '巡查反馈',
      rectificationOpinions: ['追回资金', '完善台账'],
    });
    const asBody = (await get(people.discipline, `/cases/${id}/documents`)).json<Listed[]>();
    expect(asBody.map((d) => [d.id, d.kind, d.title, d.number])).toEqual([
      ['transfer-1', '函', '关于移交太原市有关问题线索的函', '晋脱贫函〔2026〕1号'],
    ]);
    const letter = await docxText((await get(people.discipline, `/cases/${id}/documents/transfer-1`)).rawPayload);
    expect(letter.text).toContain('省纪委监委：');
    expect(letter.text).toContain('涉嫌截留扶贫资金');
    const asUnit = (await get(people.taiyuan, `/cases/${id}/documents`)).json<Listed[]>();
    expect(asUnit.map((d) => [d.id, d.kind, d.number])).toEqual([['feedback', '反馈意见', '晋脱贫发〔2026〕1号']]);
    const opinions = await docxText((await get(people.taiyuan, `/cases/${id}/documents/feedback`)).rawPayload);
    expect(opinions.text).toContain('中共太原市委、太原市人民政府：');
    expect(opinions.text).toContain('巡查组对你市开展了巡查');
    expect(opinions.text).toContain('（一）追回资金');
    expect(opinions.text).toContain('（二）完善台账');

    await step(sys, people.taiyuan, id, 'rectification-report', {
      summary: '已整改',
      items: [
        { requirement: 1, measures: '已追回' },
        { requirement: 2, measures: '已完善' },
      ],
    });
    await step(sys, people.leadingGroup, id, 'rectification-review', {
      decisions: [
        { requirement: 1, decision: 'accept' },
        { requirement: 2, decision: 'accept' },
      ],
    });
    await step(sys, people.discipline, id, 'transfers/1/acknowledgement', { note: '已登记' });
    await step(sys, people.leadingGroup, id, 'rectification-summary', {
      summary: '太原市整改完成',
      publish: false,
      notPublishedReason: '涉及个人信息',
    });
    let docs = (await get(people.office, `/cases/${id}/documents`)).json<Listed[]>();
    const draft = docs.find((d) => d.id === 'final-report')!;
    expect(draft).toMatchObject({ kind: '报告', draft: true });
    expect(draft.number).toBeUndefined();
    expect((await docxText((await get(people.office, draft.href)).rawPayload)).text).toContain('征求意见稿（未签发）');
    expect(docs.find((d) => d.id === 'rectification-summary')).toMatchObject({
      kind: '报告',
      number: '晋脱贫报〔2026〕1号',
    });
    await step(sys, people.leadingGroup, id, 'reports/final-report/signature', {});
    docs = (await get(people.committee, `/cases/${id}/documents`)).json<Listed[]>();
    const signed = docs.find((d) => d.id === 'final-report')!;
    expect(signed.draft).toBeUndefined();
    expect(signed.number).toBe('晋脱贫报〔2026〕2号');
    const final = await docxText((await get(people.committee, signed.href)).rawPayload);
    expect(final.text).not.toContain('征求意见稿');
    expect(final.text).toContain('晋脱贫报〔2026〕2号');
    for (const bad of machineText) expect(bad.test(final.text)).toBe(false);
  });

  test("Art. 10, 11: a supervision's notice and results go to a department's 党委（党组）; the group's report stays with the provincial chain; a circulated commendation is a 通报 to every unit", async () => {
    const sid = 'supervision-2026-dept-education-0002';
    const unit = { sub: 'unit-edu', role: 'unit' as const, unit: 'dept-education', name: '教育厅 联络员' };
    const leader = { sub: 'gl-edu', role: 'group-leader' as const, group: 'sg-2026-42', name: '组长 何平' };
    const post = async (who: CaseClaims, p: string, body: object) => {
      const r = await sys.call(who, {
        method: 'POST',
        url: p.startsWith('/') ? p : `/supervisions/${sid}/${p}`,
        payload: body,
      });
      expect([p, r.statusCode < 300 ? 'ok' : r.body]).toEqual([p, 'ok']);
    };
    await post(people.office, '/supervisions', {
      year: 2026,
      serial: 2,
      targetUnit: 'dept-education',
      topic: '教育扶贫',
    });
    await post(people.leadingGroup, 'approval', { decision: 'approve' });
    await post(people.office, 'group', {
      group: {
        id: 'sg-2026-42',
        leader: { name: '何平', rank: 'department', unit: 'dept-audit' },
        members: [{ name: '周敏', unit: 'dept-health' }],
      },
    });
    await post(leader, 'work-plan', { summary: '实施方案' });
    await post(leader, 'findings', { keyContent: 3, methods: ['field-survey'], summary: '控辍保学台账不全' });
    await post(leader, 'report', { situation: '情况', problems: '问题', opinions: '意见', suggestions: '建议' });
    await post(people.leadingGroup, 'commendation', { citation: '资助政策落实到位', circulate: true });
    await post(people.leadingGroup, 'results', {
      summary: '总体较好',
      rectificationRequirements: ['完善控辍保学台账'],
    });
    const all = (await get(people.office, `/cases/${sid}/documents`)).json<Listed[]>();
    expect(all.map((d) => [d.id, d.kind, d.title])).toEqual([
      ['notice', '通知', '关于对省教育厅开展专项督查（教育扶贫）的通知'],
      ['report', '报告', '关于对省教育厅专项督查（教育扶贫）情况的报告'],
      ['commendation', '通报', '关于对省教育厅予以通报表扬的通报'],
      ['results', '通知', '关于省教育厅专项督查（教育扶贫）结果及整改要求的通知'],
    ]);
    const asUnit = (await get(unit, `/cases/${sid}/documents`)).json<Listed[]>();
    expect(asUnit.map((d) => d.id)).toEqual(['notice', 'commendation', 'results']);
    const results = await docxText((await get(unit, `/cases/${sid}/documents/results`)).rawPayload);
    expect(results.text).toContain('省教育厅党委（党组）：');
    expect(results.text).toContain('（一）完善控辍保学台账');
    const circular = await docxText((await get(unit, `/cases/${sid}/documents/commendation`)).rawPayload);
    expect(circular.text).toContain('各市、县（区）党委和政府，省直各有关单位：');
    expect((await get(unit, `/cases/${sid}/documents/report`)).statusCode).toBe(404);
  });
});
