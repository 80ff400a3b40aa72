/**
 * Official documents (公文) in the layout of GB/T 9704-2012 (党政机关公文格式), as `.docx` (the `docx` library) and as an
 * HTML preview with the same content. One model, `OfficialDocument`: what a document says (`DocumentContent`: title,
 * addressee, headings, paragraphs, items, tables, attachments) and how it is issued. The kinds' builders
 * (`workflows/<kind>/documents.ts`) fill it from a record; the reports the system drafts are models too, rendered as
 * Markdown for people to read and edit by lib/documents/markdown.ts; the API serves every form.
 *
 * The layout: A4, margins 37 mm top, 28 mm left, 26 mm right, 35 mm bottom; the issuing authority's mark (版头) in red,
 * the document number (发文字号) under it (for a 请示, with the signer, 签发人), a red rule; the title in 2号 小标宋, the
 * main addressee (主送机关), the body in 3号 仿宋_GB2312 with the headings of the standard hierarchy (一、 黑体;（一） 楷体;
 * 1. and （1） 仿宋), the attachment notes, the issuing authority and the date (成文日期, 2026年11月27日), and the record
 * block (版记: 抄送, 印发机关和印发日期). Fonts are named in the file, so Word or WPS use them where they are installed.
 */
import { createHash } from 'node:crypto';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  WidthType,
  TabStopType,
  TextRun,
  convertMillimetersToTwip,
} from 'docx';
import { chineseNumber } from '../../workflows/engine/texts';

/**
 * A block of a document's body: a heading of the standard hierarchy, a paragraph, an item of a list, or a table (its
 * first row the head).
 */
export type Block =
  | {
      heading: 1 | 2 | 3 | 4;
      text: string;
      /**
       * Written without a number in the Markdown draft (and not counted there). The official document numbers every
       * heading in the standard way, as it always has.
       */
      unnumbered?: true;
    }
  | { text: string }
  /**
   * An item of a list; `term`, its subject, stands before a colon (`大同市：1. …`). The official document has neither
   * bullets nor bold: an item is a paragraph there, and each line of it one.
   */
  | { item: string; term?: string }
  | { table: string[][] };

/** What a document says, apart from how it is issued: the model a report is drafted as. */
export interface DocumentContent {
  /** 关于对太原市开展巡查的请示 */
  title: string;
  /** 主送机关, without the colon: 省委、省政府. */
  addressee: string;
  /**
   * What a drafted report states under its title after the addressee (报告单位, 日期, 督查轮次), in its Markdown only: the
   * official document says these in its own places.
   */
  particulars?: Array<{ label: string; value: string }>;
  body: Block[];
  /** 附件说明: names of the attachments, in order. */
  attachments?: string[];
}

export interface OfficialDocument extends DocumentContent {
  /** The issuing authority (发文机关), in full: 山西省脱贫攻坚领导小组. */
  issuer: string;
  /** Its mark at the head (发文机关标志); absent: a document without a head (a group's report). */
  mark?: string;
  /** 晋脱贫请〔2026〕3号; absent on a draft, or on a document that carries none. */
  number?: string;
  /** 签发人 of a document to a superior body (请示, 报告). */
  signer?: string;
  /** 成文日期: 2026年11月27日. */
  date: string;
  /** 抄送 */
  copies?: string[];
  /** 印发机关 and 印发日期 (the record block). */
  printer: string;
  /** A draft says so at its head: 征求意见稿（未签发）. */
  draft: boolean;
}

const red = 'C00000';
const fonts = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  page: '宋体',
};
/** Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
const size = { title: 44, body: 32, small: 28, mark: 60 };
/** Fixed line pitch of the body (22 lines to the page): 28.9 pt, in twips. */
const line = 578;

type NumberedBlock = { level: 0 | 1 | 2 | 3 | 4; text: string } | { level: 'table'; table: string[][] };

/**
 * The body with the standard numbering (一、 （一） 1. （1）), counters restarting under each higher heading; an item is
 * a paragraph, each of its lines one.
 */
export function numbered(body: Block[]): NumberedBlock[] {
  const counters = [0, 0, 0, 0];
  return body.flatMap((b): NumberedBlock[] => {
    if ('table' in b) return [{ level: 'table' as const, table: b.table }];
    if ('item' in b)
      return `${b.term ? `${b.term}：` : ''}${b.item}`
        .split('\n')
        .map((part) => part.trim())
        .filter((part, i) => i === 0 || part)
        .map((text) => ({ level: 0 as const, text }));
    if (!('heading' in b)) return [{ level: 0 as const, text: b.text }];
    const i = b.heading - 1;
    counters[i]!++;
    for (let j = i + 1; j < counters.length; j++) counters[j] = 0;
    const n = counters[i]!;
    const prefix = [`${chineseNumber(n)}、`, `（${chineseNumber(n)}）`, `${n}.`, `（${n}）`][i]!;
    return [{ level: b.heading, text: `${prefix}${b.text}` }];
  });
}

const run = (text: string, font: string, half: number, options: { color?: string; bold?: boolean } = {}) =>
  new TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size: half, ...options });

const para = (
  children: TextRun[],
  o: {
    align?: (typeof AlignmentType)[keyof typeof AlignmentType];
    indent?: boolean;
    rule?: boolean;
    before?: number;
  } = {},
) =>
  new Paragraph({
    children,
    ...(o.align ? { alignment: o.align } : {}),
    spacing: { line, lineRule: LineRuleType.EXACT, ...(o.before ? { before: o.before } : {}) },
    ...(o.indent ? { indent: { firstLine: 640 } } : {}),
    ...(o.rule ? { border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: red, space: 8 } } } : {}),
  });

/** A table in 4号 仿宋, its head in 黑体, across the type area. */
const table = (rows: string[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          tableHeader: r === 0,
          children: cells.map(
            (text) =>
              new TableCell({
                children: [
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    children: [run(text, r === 0 ? fonts.heading1 : fonts.body, size.small)],
                  }),
                ],
              }),
          ),
        }),
    ),
  });

/** The `.docx` of a document. */
export async function renderDocx(d: OfficialDocument): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [];
  if (d.draft)
    children.push(para([run('征求意见稿（未签发）', fonts.heading1, size.small)], { align: AlignmentType.RIGHT }));
  if (d.mark) {
    children.push(
      para([run(d.mark, fonts.title, size.mark, { color: red })], { align: AlignmentType.CENTER, before: 1200 }),
    );
    // A document to a superior (with its signer): the number one character in from the left, the signer at the right,
    // on one line; otherwise the number centred (GB/T 9704-2012, 7.2.3, 7.2.4).
    children.push(
      d.signer
        ? new Paragraph({
            children: [
              run(d.number ?? '', fonts.body, size.body),
              run('\t签发人：', fonts.body, size.body),
              run(d.signer, fonts.heading2, size.body),
            ],
            tabStops: [{ type: TabStopType.RIGHT, position: convertMillimetersToTwip(152) }],
            indent: { left: 320 },
            spacing: { line, lineRule: LineRuleType.EXACT, before: 600 },
            border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: red, space: 8 } },
          })
        : para([run(d.number ?? '', fonts.body, size.body)], { align: AlignmentType.CENTER, rule: true, before: 600 }),
    );
  }
  children.push(
    para([run(d.title, fonts.title, size.title)], { align: AlignmentType.CENTER, before: d.mark ? 1100 : 0 }),
  );
  children.push(para([run(`${d.addressee}：`, fonts.body, size.body)], { before: line }));
  for (const b of numbered(d.body)) {
    if (b.level === 'table') {
      children.push(table(b.table));
      continue;
    }
    const font = b.level === 1 ? fonts.heading1 : b.level === 2 ? fonts.heading2 : fonts.body;
    children.push(para([run(b.text, font, size.body)], { indent: true }));
  }
  if (d.attachments?.length) {
    d.attachments.forEach((a, i) =>
      children.push(
        para(
          [
            run(
              `${i === 0 ? '附件：' : '\u3000\u3000\u3000'}${d.attachments!.length > 1 ? `${i + 1}. ` : ''}${a}`,
              fonts.body,
              size.body,
            ),
          ],
          {
            indent: true,
            ...(i === 0 ? { before: line } : {}),
          },
        ),
      ),
    );
  }
  children.push(para([run(d.issuer, fonts.body, size.body)], { align: AlignmentType.RIGHT, before: line * 2 }));
  children.push(para([run(d.date, fonts.body, size.body)], { align: AlignmentType.RIGHT }));
  // 版记: 抄送, then 印发机关 and 印发日期, between rules.
  const record: Paragraph[] = [];
  if (d.copies?.length) record.push(para([run(`抄送：${d.copies.join('，')}。`, fonts.body, size.small)]));
  record.push(
    new Paragraph({
      children: [
        run(`${d.printer}\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000${d.date}印发`, fonts.body, size.small),
      ],
      spacing: { line, lineRule: LineRuleType.EXACT, before: line },
      border: {
        top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
        bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
      },
    }),
  );
  const doc = new Document({
    creator: d.issuer,
    title: d.title,
    styles: { default: { document: { run: { font: fonts.body, size: size.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: fonts.page, size: size.small }),
                ],
              }),
            ],
          }),
        },
        children: [...children, ...record],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The page's style, one constant: the API's content security policy allows exactly this inline style by its hash
 * (`documentCssHash`, api/plugins/external/hardening.ts), so the page keeps its red mark, centred title and 仿宋 under the
 * policy every other page has.
 */
export const documentCss = `body{background:#eee;margin:0}
.page{background:#fff;width:156mm;margin:12mm auto;padding:37mm 26mm 35mm 28mm;font:16pt/28.9pt "仿宋_GB2312","FangSong","STFangsong","仿宋",serif;color:#000}
.draft{text-align:right;font-family:"黑体","SimHei",sans-serif;font-size:14pt}
.mark{text-align:center;color:#c00000;font:30pt/1.4 "方正小标宋简体","SimSun","宋体",serif;margin-top:15mm}
.number{text-align:center;border-bottom:2px solid #c00000;padding-bottom:4mm;margin-bottom:18mm}
h1{text-align:center;font:22pt/1.4 "方正小标宋简体","SimSun","宋体",serif;margin:0 0 28.9pt}
p{margin:0}.l0,.l1,.l2,.l3,.l4{text-indent:2em}.l1{font-family:"黑体","SimHei",sans-serif}.l2{font-family:"楷体_GB2312","KaiTi","楷体",serif}
.gap{margin-top:28.9pt}.sign{text-align:right;margin-top:57.8pt}.date{text-align:right}
table{border-collapse:collapse;width:100%;font-size:14pt;line-height:1.5}th,td{border:1px solid #000;padding:0 4pt;text-align:center}th{font-family:"黑体","SimHei",sans-serif}
.record{margin-top:28.9pt;border-top:1px solid #000;border-bottom:1px solid #000;font-size:14pt}
`;
export const documentCssHash = `'sha256-${createHash('sha256').update(documentCss).digest('base64')}'`;

/** The same document as a page for the browser (no Markdown marks), for people without Word or WPS. */
export function renderHtml(d: OfficialDocument): string {
  const body = numbered(d.body)
    .map((b) =>
      b.level === 'table'
        ? `<table>${b.table.map((row, r) => `<tr>${row.map((c) => (r === 0 ? `<th>${escape(c)}</th>` : `<td>${escape(c)}</td>`)).join('')}</tr>`).join('')}</table>`
        : `<p class="l${b.level}">${escape(b.text)}</p>`,
    )
    .join('\n');
  const attachments = (d.attachments ?? [])
    .map(
      (a, i) =>
        `<p class="l0${i === 0 ? ' gap' : ''}">${i === 0 ? '附件：' : '\u3000\u3000\u3000'}${d.attachments!.length > 1 ? `${i + 1}. ` : ''}${escape(a)}</p>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(d.title)}</title>
<style>${documentCss}</style></head><body><div class="page">
${d.draft ? '<p class="draft">征求意见稿（未签发）</p>\n' : ''}${d.mark ? `<p class="mark">${escape(d.mark)}</p>\n<p class="number">${escape(d.number ?? '')}${d.signer ? `\u3000\u3000\u3000\u3000签发人：${escape(d.signer)}` : ''}</p>\n` : ''}<h1>${escape(d.title)}</h1>
<p>${escape(d.addressee)}：</p>
${body}
${attachments}
<p class="sign">${escape(d.issuer)}</p>
<p class="date">${escape(d.date)}</p>
<div class="record">${d.copies?.length ? `<p>抄送：${escape(d.copies.join('，'))}。</p>` : ''}<p>${escape(d.printer)}\u3000\u3000\u3000\u3000${escape(d.date)}印发</p></div>
</div></body></html>
`;
}
