/**
 * A document model (lib/documents/official-document.ts) as the Markdown people read, edit and sign: the reports the
 * system drafts (a round's reports, the year's patrol rectification report) are stored in this form beside their
 * model. The form:
 *
 *     # 关于2026年度全省脱贫攻坚综合督查情况的报告
 *
 *     报送：省委、省政府；报告单位：省脱贫攻坚领导小组；日期：2026年12月1日
 *
 *     ## 一、督查对象
 *
 *     | 被督查单位 | 阶段 |
 *     |---|---|
 *     | 太原市 | 已办结 |
 *
 *     - **大同市**：1. 精准识别问题整改
 *
 * Headings are numbered as the standard numbers them (`## 一、`, `### （一）`, `#### 1.`, `##### （1）`), blocks are
 * parted by a blank line, the items of a list are not; the attachments close it as the official document writes them
 * (`附件：1. …`). `parseMarkdown` reads a text a person typed into a model: each line a paragraph, a line under an
 * item part of the item, `**` marks dropped (an official document has no bold), attachment notes paragraphs as typed.
 */
import { chineseNumber } from '../../workflows/engine/texts';
import type { Block, DocumentContent } from './official-document';

const prefixes: Array<(n: number) => string> = [
  (n) => `${chineseNumber(n)}、`,
  (n) => `（${chineseNumber(n)}）`,
  (n) => `${n}.`,
  (n) => `（${n}）`,
];
/** What a heading's number looks like at each level, to take it off a heading read back. */
const numberPatterns = [/^[一二三四五六七八九十百]+、/, /^（[一二三四五六七八九十百]+）/, /^\d+\.\s*/, /^（\d+）/];

const cell = (s: string) => s.replace(/\|/g, '／').replace(/\n/g, ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

/** The Markdown of a model, ending with a newline. */
export function renderMarkdown(d: DocumentContent): string {
  const counters = [0, 0, 0, 0];
  const blocks = d.body.map((b): string => {
    if ('table' in b) {
      const [head = [], ...rows] = b.table;
      return [row(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(row)].join('\n');
    }
    if ('item' in b) return `- ${b.term ? `**${b.term}**：` : ''}${b.item}`;
    if (!('heading' in b)) return b.text;
    const i = b.heading - 1;
    if (!b.unnumbered) counters[i]!++;
    for (let j = i + 1; j < counters.length; j++) counters[j] = 0;
    return `${'#'.repeat(b.heading + 1)} ${b.unnumbered ? '' : prefixes[i]!(counters[i]!)}${b.text}`;
  });
  // Blank lines between blocks; the items of one list line under line.
  const parted = blocks.map((text, i) => {
    const b = d.body[i]!;
    const previous = d.body[i - 1];
    return i > 0 && !('item' in b && previous && 'item' in previous) ? `\n${text}` : text;
  });
  const header = [`报送：${d.addressee}`, ...(d.particulars ?? []).map((p) => `${p.label}：${p.value}`)].join('；');
  const attachments = (d.attachments ?? []).map(
    (a, i) => `${i === 0 ? '附件：' : '\u3000\u3000\u3000'}${d.attachments!.length > 1 ? `${i + 1}. ` : ''}${a}`,
  );
  return [`# ${d.title}`, '', header, '', ...parted, ...(attachments.length ? ['', ...attachments] : [])]
    .join('\n')
    .concat('\n');
}

const unmarked = (s: string) => s.replace(/\*\*/g, '');
/** A line's text without its bold marks and the spaces around it. An item keeps its spaces: the document trims each line. */
const plain = (s: string) => unmarked(s).trim();

/**
 * A model read from Markdown: a text a person typed (the leading group's edit of a draft) or a draft stored before
 * models were. The title is the first `# ` line, the addressee and particulars the `报送：` line; a heading's number
 * is taken off (the official document numbers its headings itself), and a heading written without one says so.
 */
export function parseMarkdown(markdown: string): DocumentContent {
  const lines = markdown.split('\n');
  const title = (lines.find((l) => l.startsWith('# ')) ?? '').slice(2).trim();
  let addressee = '';
  let particulars: Array<{ label: string; value: string }> | undefined;
  const body: Block[] = [];
  let table: string[][] | undefined;
  /** The item the lines below it continue, until a blank line or another block. */
  let item: { item: string; term?: string } | undefined;
  for (const line of lines) {
    if (line.startsWith('|')) {
      item = undefined;
      if (/^\|[\s|:-]+\|$/.test(line)) continue; // the separator row
      (table ??= []).push(line.slice(1, -1).split('|').map(plain));
      continue;
    }
    if (table) {
      body.push({ table });
      table = undefined;
    }
    const heading = /^(#{2,5}) (.*)$/s.exec(line);
    if (!line.trim()) item = undefined;
    else if (line.startsWith('# ')) continue;
    else if (line.startsWith('报送：')) {
      if (particulars) continue;
      const [to, ...rest] = line.split('；').map((part) => {
        const at = part.indexOf('：');
        return { label: (at < 0 ? part : part.slice(0, at)).trim(), value: at < 0 ? '' : part.slice(at + 1).trim() };
      });
      addressee = to!.value;
      particulars = rest;
    } else if (heading) {
      item = undefined;
      const level = (heading[1]!.length - 1) as 1 | 2 | 3 | 4;
      const text = plain(heading[2]!);
      const unnumbered = !numberPatterns[level - 1]!.test(text);
      body.push({
        heading: level,
        text: text.replace(numberPatterns[level - 1]!, ''),
        ...(unnumbered ? { unnumbered } : {}),
      });
    } else if (line.startsWith('- ')) {
      const termed = /^- \*\*([^*]+)\*\*：(.*)$/s.exec(line);
      item = termed ? { item: unmarked(termed[2]!), term: termed[1]! } : { item: unmarked(line.slice(2)) };
      body.push(item);
    } else if (item) item.item += `\n${unmarked(line)}`;
    else body.push({ text: plain(line) });
  }
  if (table) body.push({ table });
  return { title, addressee, ...(particulars?.length ? { particulars } : {}), body };
}
