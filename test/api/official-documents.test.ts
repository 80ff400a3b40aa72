import JSZip from 'jszip';
import type { CaseClaims } from '../../lib/tokens';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { step, walkPatrol } from '../helpers/patrol';

interface Listed {
  id: string;
  kind: string;
  title: string;
  number?: string;
  date: string;
  href: string;
  html: string;
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
    id = await walkPatrol(sys, 'taiyuan', 41, 'reported');
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
    // A document keeps its number.
    expect((await get(people.leadingGroup, `/cases/${id}/documents`)).json<Listed[]>()).toEqual(docs);
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
  });
});
