import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentContent } from '../../lib/documents/official-document';
import { documentCss, renderHtml } from '../../lib/documents/official-document';
import { parseMarkdown, renderMarkdown } from '../../lib/documents/markdown';
import { caseDocuments, contentHash } from '../../lib/documents/case-documents';
import { planReport } from '../../lib/documents/numbers';
import { awardDocuments } from '../../workflows/award-round/documents';
import { documentDate } from '../../workflows/engine/documents';
import type { CaseRecord } from '../../workflows/engine/record';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import { patrolRectificationReportModel } from '../../workflows/patrol-rectification-report/documents';
import type { AnnualPlanRecord } from '../../workflows/supervision-plan/contract';
import type { RoundReportData } from '../../workflows/supervision-round/documents';
import { roundReportModel } from '../../workflows/supervision-round/documents';
import type { AwardRoundRecord } from '../../workflows/award-round/contract';
import type { NominationRecord } from '../../workflows/nomination/contract';
import { reportDocument } from '../../lib/documents/reports';

/**
 * What the code of commit 69abdd1 (before issue 31 item 7) drafted and served, recorded by running that code on the
 * inputs the file holds: each report's Markdown and its page (read back from the Markdown, as it was then), the pages
 * of texts a person typed, and the documents of a patrol, a supervision, two plans and an award round with their
 * content hashes. The pages leave out their style (one constant, with its own test in test/api/official-documents).
 * Issue 34 corrected what the documents say (中共太原市委、太原市人民政府, 你市, 你委 / 你院, a special supervision's
 * topic, what the 公示 brought): the case and award documents' pages and hashes are those of the corrected code.
 */
interface Before {
  rounds: Array<{
    name: string;
    data: RoundReportData;
    markdown: string;
    html: string;
    draftHtml: string;
    edits: Edit[];
  }>;
  years: Array<{
    name: string;
    year: number;
    at: string;
    patrols: PatrolCaseRecord[];
    markdown: string;
    html: string;
    edits: Edit[];
  }>;
  cases: Record<'patrol' | 'supervision', { record: CaseRecord; documents: Listed[] }>;
  plans: Array<{ plan: AnnualPlanRecord; names: Record<string, string>; html: string; sha256: string }>;
  awards: {
    round: AwardRoundRecord;
    unsigned: AwardRoundRecord;
    nominations: NominationRecord[];
    statements: Array<[string, string]>;
    documents: Array<{
      id: string;
      title: string;
      nominationId?: string;
      numbered: boolean;
      html: string;
      sha256: string;
    }>;
    drafts: Before['awards']['documents'];
  };
}
interface Edit {
  text: string;
  html: string;
}
interface Listed {
  key: string;
  kind: string;
  title: string;
  section: string;
  item?: { id: number };
  series?: string;
  issuedAt: string;
  draft?: boolean;
  html: string;
  sha256: string;
}
const before = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/documents-69abdd1.json'), 'utf8')) as Before;

const page = (doc: Parameters<typeof renderHtml>[0]) => renderHtml(doc).replace(documentCss, '');
/** Served as the fixture's pages were: signed and numbered, or a draft. */
const served = (model: DocumentContent, draft = false) =>
  page(
    reportDocument(model, {
      addressee: '省委、省政府',
      number: draft ? undefined : '晋脱贫报〔2026〕7号',
      signer: draft ? undefined : '领导小组 赵强',
      date: documentDate('2026-12-02T00:00:00Z'),
      draft,
    }),
  );
const reports = [
  ...before.rounds.map((r) => ({ ...r, model: roundReportModel(r.data) })),
  ...before.years.map((y) => ({ ...y, model: patrolRectificationReportModel(y.year, y.patrols, y.at) })),
];

describe('Issue 31 item 7: documents from a model, not parsed back', () => {
  test.each(reports.map((r) => [r.name, r] as const))(
    'a drafted report (%s): its Markdown is the text drafted before, byte for byte; its document, made from the model, is the one read back from that text before',
    (_, r) => {
      expect(renderMarkdown(r.model)).toBe(r.markdown);
      expect(served(r.model)).toBe(r.html);
      if ('draftHtml' in r) expect(served(r.model, true)).toBe(r.draftHtml);
    },
  );

  test.each(reports.map((r) => [r.name, r] as const))(
    'a draft stored before its model was (%s) reads back as the model it was drafted from',
    (_, r) => {
      expect(parseMarkdown(r.markdown)).toEqual(r.model);
    },
  );

  test('texts a person typed (the leading group edits a draft) are read as before: each line a paragraph, list marks, bold and table marks dropped, the lines under an item its own paragraphs', () => {
    const edits = reports.flatMap((r) => r.edits);
    expect(edits.length).toBeGreaterThanOrEqual(20);
    for (const e of edits) expect([e.text, served(parseMarkdown(e.text))]).toEqual([e.text, e.html]);
  });

  test('every form of one model: headings numbered the standard way in the Markdown and in the document, items as paragraphs, a table kept, attachments noted', () => {
    const model: DocumentContent = {
      title: '关于某事项的报告',
      addressee: '省委、省政府',
      particulars: [{ label: '报告单位', value: '省脱贫攻坚领导小组' }],
      body: [
        { heading: 1, text: '基本情况' },
        { heading: 2, text: '资金' },
        { heading: 3, text: '拨付' },
        { heading: 4, text: '细目' },
        { heading: 2, text: '项目' },
        { item: '第一项' },
        { item: '1. 核查\n2. 公示', term: '太原市' },
        {
          table: [
            ['单位', '数量'],
            ['太原市', '3'],
          ],
        },
        { heading: 1, text: '附录', unnumbered: true },
        { heading: 1, text: '意见' },
        { text: '特此报告。' },
      ],
      attachments: ['名单', '台账'],
    };
    const markdown = renderMarkdown(model);
    expect(markdown).toBe(
      [
        '# 关于某事项的报告',
        '',
        '报送：省委、省政府；报告单位：省脱贫攻坚领导小组',
        '',
        '## 一、基本情况',
        '',
        '### （一）资金',
        '',
        '#### 1.拨付',
        '',
        '##### （1）细目',
        '',
        '### （二）项目',
        '',
        '- 第一项',
        '- **太原市**：1. 核查',
        '2. 公示',
        '',
        '| 单位 | 数量 |',
        '|---|---|',
        '| 太原市 | 3 |',
        '',
        '## 附录',
        '',
        '## 二、意见',
        '',
        '特此报告。',
        '',
        '附件：1. 名单',
        '\u3000\u3000\u30002. 台账',
        '',
      ].join('\n'),
    );
    // Read back: the same model, but for the attachment notes, which a typed text keeps as its paragraphs.
    const { attachments, ...content } = model;
    const read = parseMarkdown(markdown);
    expect({ ...read, body: read.body.slice(0, -2) }).toEqual(content);
    expect(read.body.slice(-2)).toEqual([{ text: '附件：1. 名单' }, { text: '2. 台账' }]);
    expect(attachments).toHaveLength(2);
    // The document numbers every heading (the Markdown's unnumbered one too), an item is a paragraph per line.
    const html = served(model);
    for (const p of [
      '<p class="l1">一、基本情况</p>',
      '<p class="l2">（一）资金</p>',
      '<p class="l3">1.拨付</p>',
      '<p class="l4">（1）细目</p>',
      '<p class="l2">（二）项目</p>',
      '<p class="l0">第一项</p>',
      '<p class="l0">太原市：1. 核查</p>\n<p class="l0">2. 公示</p>',
      '<table><tr><th>单位</th><th>数量</th></tr><tr><td>太原市</td><td>3</td></tr></table>',
      '<p class="l1">二、附录</p>',
      '<p class="l1">三、意见</p>',
      '<p class="l0 gap">附件：1. 名单</p>',
    ])
      expect([p, html.includes(p)]).toEqual([p, true]);
    expect(html).not.toMatch(/\*\*|报送：|报告单位/);
  });

  test("a table cell holds no '|' nor a line break: the builders' table reads ／ and a space, so the Markdown keeps it a table", () => {
    const r = reports.find((x) => x.name.startsWith('two patrols'))!;
    expect(r.model.body).toContainEqual({ item: '岢岚县第2条：整改问题|台账（待审核）' });
    const [, ...rows] = (r.model.body.find((b) => 'table' in b) as { table: string[][] }).table;
    expect(rows.flat().some((c) => /[|\n]/.test(c))).toBe(false);
  });
});

describe('Issue 31 item 7: the kinds build their documents in workflows/<kind>/documents.ts, as before', () => {
  test.each(['patrol', 'supervision'] as const)(
    "a %s's documents: listed, built and hashed as the code of 69abdd1 did (dates on Beijing's midnight included)",
    (kind) => {
      const { record, documents } = before.cases[kind];
      const now = caseDocuments(record).map((d) => ({
        key: d.key,
        kind: d.kind,
        title: d.title,
        section: d.section,
        ...(d.item ? { item: d.item } : {}),
        ...(d.series ? { series: d.series } : {}),
        issuedAt: d.issuedAt,
        ...(d.draft !== undefined ? { draft: d.draft } : {}),
        html: page(d.build(d.series ? '晋脱贫号〔2026〕9号' : undefined)),
        sha256: contentHash(d.build(undefined)),
      }));
      expect(now).toEqual(documents);
    },
  );

  test('the two group reports (巡查组, 督查组) come from one builder: no number, no mark, the group and its leader as issuer, 特此报告, the attached files', () => {
    const reportOf = (kind: 'patrol' | 'supervision') =>
      caseDocuments(before.cases[kind].record)
        .find((d) => d.key === 'report')!
        .build(undefined);
    const patrol = reportOf('patrol');
    const supervision = reportOf('supervision');
    expect(patrol.issuer).toBe('省脱贫攻坚领导小组巡查组（组长组长）');
    expect(supervision.issuer).toBe('省脱贫攻坚领导小组督查组（组长组长）');
    for (const d of [patrol, supervision]) {
      expect(d).toMatchObject({
        addressee: '省脱贫攻坚领导小组',
        printer: '山西省脱贫攻坚领导小组办公室',
        draft: false,
      });
      expect([d.mark, d.number, d.body.at(-1)]).toEqual([undefined, undefined, { text: '特此报告。' }]);
      expect(d.attachments).toEqual(['report']);
    }
  });

  test("the year's plan as its report to the committee: the same document and hash, approved and drafted", () => {
    for (const p of before.plans) {
      const doc = planReport(p.plan, (code) => p.names[code] ?? code);
      expect([doc.draft, page(doc.build(p.plan.approval ? '晋脱贫报〔2026〕1号' : undefined))]).toEqual([
        !p.plan.approval,
        p.html,
      ]);
      expect(contentHash(doc.build(undefined))).toBe(p.sha256);
    }
  });

  test('the award materials (Part 1): the same covering report and forms, signed and drafted', () => {
    const a = before.awards;
    const built = (round: AwardRoundRecord) =>
      awardDocuments(round, a.nominations, new Map(a.statements), '2030-01-01T00:00:00Z').map((d) => ({
        id: d.id,
        title: d.title,
        ...(d.nominationId ? { nominationId: d.nominationId } : {}),
        numbered: d.numbered,
        html: page(d.build(d.numbered ? '晋脱贫报〔2026〕2号' : undefined)),
        sha256: contentHash(d.build(undefined)),
      }));
    expect(built(a.round)).toEqual(a.documents);
    expect(built(a.unsigned)).toEqual(a.drafts);
  });

  test("a document's date is its day in Beijing time (UTC+8), computed without a time-zone library", () => {
    expect(documentDate('2026-11-30T15:59:59.999Z')).toBe('2026年11月30日');
    expect(documentDate('2026-11-30T16:00:00.000Z')).toBe('2026年12月1日');
    expect(documentDate('2026-12-31T16:00:00Z')).toBe('2027年1月1日');
    expect(documentDate('2026-12-01T07:59:00+08:00')).toBe('2026年12月1日');
    expect(documentDate('2026-12-01')).toBe('2026年12月1日');
  });
});
