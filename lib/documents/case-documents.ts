/**
 * A case's official documents (公文), built from its record: which exist at the stage it has reached, the section of the
 * record each belongs to (whoever may see that section may see the document: docs/need-to-know.md), its kind of
 * number (发文字号), and its content as an `OfficialDocument` (lib/documents/official-document.ts).
 */
import type { Block, OfficialDocument } from './official-document';
import {
  groundsSourceLabels,
  patrolKeyProblems,
  supervisionKeyContents,
  supervisionTypes,
} from '../../workflows/domain';
import type { SupervisionCaseRecord } from '../../workflows/supervision/contract';
import type { AnnualPlanRecord } from '../../workflows/supervision-plan/contract';
import type { ReportUp } from '../../workflows/common-steps/signoff';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { CaseRecord } from '../../workflows/engine/record';
import { chineseDate, chineseNumber, keyItemCitation, partyOrgan } from '../../workflows/engine/texts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { caseTimeZone } from '../calendar/calendar';
import type { CaseStore } from '../store/case-store';

/** SHA-256 of what a document says (all but its number): what the store records when the document is issued. */
export function contentHash(doc: OfficialDocument): string {
  const { issuer, title, addressee, body, attachments, date } = doc;
  return createHash('sha256')
    .update(JSON.stringify({ issuer, title, addressee, body, attachments, date }))
    .digest('hex');
}

/** The series of document numbers (发文字号), one sequence per series and year. */
export const numberSeries = ['request', 'report', 'notice', 'circular', 'letter'] as const;
export type NumberSeries = (typeof numberSeries)[number];
/** Defaults (ours); `DOCUMENT_NUMBERS_FILE` may set others: `{"request": "晋脱贫请〔{year}〕{n}号"}`. */
export const defaultNumberFormats: Record<NumberSeries, string> = {
  request: '晋脱贫请〔{year}〕{n}号',
  report: '晋脱贫报〔{year}〕{n}号',
  notice: '晋脱贫发〔{year}〕{n}号',
  circular: '晋脱贫通〔{year}〕{n}号',
  letter: '晋脱贫函〔{year}〕{n}号',
};
export const formatNumber = (format: string, year: number, n: number) =>
  format.replace('{year}', String(year)).replace('{n}', String(n));

let loaded: { file: string | undefined; formats: Record<NumberSeries, string> } | undefined;

/** The number formats: the defaults, overlaid with `DOCUMENT_NUMBERS_FILE` (each must hold {year} and {n}). */
export function numberFormats(file: string | undefined): Record<NumberSeries, string> {
  if (loaded && loaded.file === file) return loaded.formats;
  let merged = defaultNumberFormats;
  if (file) {
    const given = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const problems = Object.entries(given).flatMap(([series, format]) =>
      !numberSeries.includes(series as NumberSeries)
        ? [`${file}: unknown series "${series}" (known: ${numberSeries.join(', ')})`]
        : typeof format !== 'string' || !format.includes('{year}') || !format.includes('{n}')
          ? [`${file}: ${series} must be a text with {year} and {n}`]
          : [],
    );
    if (problems.length) throw new Error(problems.join('\n'));
    merged = { ...defaultNumberFormats, ...(given as Partial<Record<NumberSeries, string>>) };
  }
  loaded = { file, formats: merged };
  return merged;
}

/**
 * The number of an issued document of `owner` (a case, a round, a yearly report), given once and kept in the store, and
 * the SHA-256 of its content as the store recorded it when the number was given (a signed document is frozen). The
 * formats are `DOCUMENT_NUMBERS_FILE`'s (`numberFormats`). It gives a number: only what issues a document calls it (the
 * store writes, lib/documents/numbers.ts; the sending of award materials), never a reader (issue 30 item 8).
 */
export async function issueDocument(
  store: Pick<CaseStore, 'documentNumber'>,
  formats: Record<NumberSeries, string>,
  o: { owner: string; key: string; series: NumberSeries; issuedAt: string },
  build: (number: string | undefined) => OfficialDocument,
): Promise<{ doc: OfficialDocument; number: string; sha256: string }> {
  const year = documentYear(o.issuedAt);
  const given = await store.documentNumber(
    { owner: o.owner, key: o.key, series: o.series, year, sha256: contentHash(build(undefined)) },
    (n) => formatNumber(formats[o.series], year, n),
  );
  return { doc: build(given.number), ...given };
}

export interface CaseDocument {
  /** Within the case: `proposal`, `report`, `request-1`. */
  key: string;
  /** 请示, 报告 … as people call it. */
  kind: string;
  title: string;
  /** The record's section whose readers may read the document. */
  section: string;
  /** One item of that section (a transfer): readable only by whoever sees that item (its receiving body). */
  item?: { id: number };
  /** Its number series; absent: the document carries no number (a group's report to the leading group). */
  series?: NumberSeries;
  /** When it was issued (ISO); the number's year is that of this day in Beijing time. */
  issuedAt: string;
  /** Drafted and not yet signed: no number, and it says so at its head. */
  draft?: boolean;
  build(number: string | undefined): OfficialDocument;
}

export const leadingGroup = '山西省脱贫攻坚领导小组';
const office = '山西省脱贫攻坚领导小组办公室';
const mark = `${leadingGroup}文件`;
/**
 * What every document of the leading group shares: issued under its mark (版头), with its number once it has one,
 * printed by the office; a draft says so.
 */
export const underMark = (number: string | undefined, draft = false) => ({
  issuer: leadingGroup,
  mark,
  ...(number ? { number } : {}),
  printer: office,
  draft,
});

/**
 * A document the leading group issues (under its mark, unless a letter 函): its listing and its content from one
 * description, so title, date and signer are written once.
 */
function issuedDocument(o: {
  key: string;
  kind: string;
  title: string;
  section: string;
  item?: { id: number };
  series: NumberSeries;
  at: string;
  letter?: boolean;
  /** The signer's display name (签发人), for a document to a superior. */
  signer?: string | undefined;
  addressee: string;
  body: Block[];
}): CaseDocument {
  return {
    key: o.key,
    kind: o.kind,
    title: o.title,
    section: o.section,
    ...(o.item ? { item: o.item } : {}),
    series: o.series,
    issuedAt: o.at,
    build: (number) => ({
      ...underMark(number),
      ...(o.letter ? { mark: undefined } : {}),
      ...(o.signer ? { signer: personOf(o.signer) } : {}),
      title: o.title,
      addressee: o.addressee,
      body: o.body,
      date: documentDate(o.at),
    }),
  };
}

/** `2026年11月27日`: the day of an instant in Beijing time. */
export const documentDate = (at: string) => chineseDate(DateTime.fromISO(at).setZone(caseTimeZone).toISODate()!);
export const documentYear = (at: string) => DateTime.fromISO(at).setZone(caseTimeZone).year;

/** Art. 12, 15, 16: the proposal, the group's report, and each request for instructions of a patrol. */
export function patrolDocuments(r: PatrolCaseRecord): CaseDocument[] {
  const unit = r.targetUnit.name;
  const docs: CaseDocument[] = [];
  const proposed = r.events.find((e) => e.action === 'proposed');
  if (proposed) {
    docs.push(
      issuedDocument({
        key: 'proposal',
        kind: '请示',
        title: `关于对${unit}开展巡查的请示`,
        section: 'grounds',
        series: 'request',
        at: proposed.at,
        signer: proposed.by?.name,
        addressee: '省委、省政府',
        body: [
          {
            text: `根据《山西省脱贫攻坚督查巡查工作办法》第十二条规定，省脱贫攻坚领导小组拟对${unit}开展巡查。现将有关情况请示如下：`,
          },
          { heading: 1, text: '巡查依据' },
          {
            text: `省脱贫攻坚领导小组掌握的情况来源于${r.grounds.sources.map((s) => groundsSourceLabels[s]).join('、')}。${r.grounds.summary}`,
          },
          ...(r.citedReports?.length
            ? [{ text: `所依据的群众举报${r.citedReports.length}件，举报人信息依规保密。` }]
            : []),
          { heading: 1, text: '巡查重点' },
          { text: '按照第十四条规定，重点巡查以下问题：' },
          ...Object.values(patrolKeyProblems).map((p) => ({ heading: 2 as const, text: `${p}。` })),
          { heading: 1, text: '巡查方式' },
          {
            text: `巡查组实行组长负责制，组长由厅级领导干部担任，成员从有关单位和地方抽调。巡查组进驻${unit}开展工作，对群众反映强烈、明显违反政策规定、需要及时处理的问题，当即向${partyOrgan(r.targetUnit)}提出处理建议；巡查结束后形成书面报告，提出处理意见。`,
          },
          { text: '妥否，请批示。' },
        ],
      }),
    );
  }
  const report = r.report;
  if (report) {
    const byProblem = new Map<number, string[]>();
    for (const f of r.findings) byProblem.set(f.keyItem, [...(byProblem.get(f.keyItem) ?? []), f.summary]);
    docs.push({
      key: 'report',
      kind: '报告',
      title: `关于对${unit}巡查情况的报告`,
      section: 'report',
      issuedAt: report.at,
      build: () => ({
        issuer: `省脱贫攻坚领导小组巡查组（组长${r.group?.leader.name ?? ''}）`,
        printer: office,
        draft: false,
        title: `关于对${unit}巡查情况的报告`,
        addressee: '省脱贫攻坚领导小组',
        body: [
          { text: `根据省委、省政府批准，巡查组对${unit}开展了巡查。现将巡查情况报告如下：` },
          { heading: 1, text: '基本情况' },
          { text: report.situation },
          { heading: 1, text: '发现的主要问题' },
          { text: report.problems },
          ...[...byProblem.entries()]
            .sort(([a], [b]) => a - b)
            .flatMap(([item, summaries]) => [
              { heading: 2 as const, text: `${keyItemCitation(14, item)}所列问题（${summaries.length}个）` },
              ...summaries.map((s) => ({ heading: 3 as const, text: s })),
            ]),
          ...(r.suggestions.length
            ? [
                { heading: 1 as const, text: '现场处理建议及办理情况' },
                ...r.suggestions.map((s) => ({
                  heading: 2 as const,
                  text: `${s.summary}${s.answer ? `（已答复：${s.answer.text}）` : '（尚未答复）'}`,
                })),
              ]
            : []),
          { heading: 1, text: '处理意见' },
          ...report.opinions.flatMap((o) => [{ heading: 2 as const, text: o.text }, { text: `依据：${o.basis}` }]),
          { text: '特此报告。' },
        ],
        ...attachmentsOf(r.files),
        date: documentDate(report.at),
      }),
    });
  }
  r.requests.forEach((q, i) => {
    const n = i + 1;
    const title = `关于对${unit}巡查情况及处理意见的请示${n > 1 ? `（第${chineseNumber(n)}次）` : ''}`;
    docs.push(
      issuedDocument({
        key: `request-${n}`,
        kind: '请示',
        title,
        section: 'requests',
        series: 'request',
        at: q.at,
        signer: q.by.name,
        addressee: '省委、省政府',
        body: [
          {
            text: `按照第十六条第（一）项规定，省脱贫攻坚领导小组对${unit}巡查报告进行了研究。现将有关情况及处理意见请示如下：`,
          },
          { heading: 1, text: '巡查基本情况' },
          { text: report?.situation ?? '' },
          { heading: 1, text: '领导小组研究意见' },
          { text: q.summary },
          ...(report?.opinions.length
            ? [
                { heading: 1 as const, text: '处理意见' },
                ...report.opinions.map((o) => ({ heading: 2 as const, text: o.text })),
              ]
            : []),
          { text: '妥否，请批示。' },
        ],
      }),
    );
  });
  const feedback = r.feedback;
  if (feedback) {
    const title = `关于对${unit}巡查情况的反馈意见`;
    docs.push(
      issuedDocument({
        key: 'feedback',
        kind: '反馈意见',
        title,
        section: 'feedback',
        series: 'notice',
        at: feedback.at,
        addressee: partyOrgan(r.targetUnit),
        body: [
          {
            text: `经省委、省政府批准，省脱贫攻坚领导小组巡查组对你单位开展了巡查。按照第十六条第（二）项规定，现将巡查情况和整改意见反馈如下：`,
          },
          { heading: 1, text: '巡查情况' },
          { text: feedback.situation },
          { heading: 1, text: '整改意见' },
          ...feedback.rectificationOpinions.map((o) => ({ heading: 2 as const, text: o })),
          {
            text: `请认真研究，逐条整改，于收到本意见之日起2个月内将整改情况书面报送省脱贫攻坚领导小组。`,
          },
        ],
      }),
    );
  }
  for (const t of r.transfers) {
    const title = `关于移交${unit}有关问题线索的函`;
    // A letter (函) carries no mark (版头) of its own.
    docs.push(
      issuedDocument({
        key: `transfer-${t.id}`,
        kind: '函',
        title,
        section: 'transfers',
        item: { id: t.id },
        series: 'letter',
        at: t.at,
        letter: true,
        addressee: t.recipientName.replace(/（.*）$/, ''),
        body: [
          {
            text: `省脱贫攻坚领导小组在对${unit}的巡查中发现以下问题线索，涉嫌违纪违法。按照第十六条第（一）项规定，现移交你们依规依纪依法处理：`,
          },
          { text: t.summary },
          { text: '请在系统中签收，并将处理结果告知省脱贫攻坚领导小组办公室。' },
        ],
      }),
    );
  }
  const summary = r.summaryToCommittee;
  if (summary) {
    const title = `关于${unit}巡查整改情况的报告`;
    docs.push(
      issuedDocument({
        key: 'rectification-summary',
        kind: '报告',
        title,
        section: 'summaryToCommittee',
        series: 'report',
        at: summary.at,
        signer: summary.by.name,
        addressee: '省委、省政府',
        body: [
          { text: `按照第十六条第（三）项规定，现将${unit}巡查整改情况报告如下：` },
          { text: summary.summary },
          { text: '特此报告。' },
        ],
      }),
    );
  }
  docs.push(...reportsUp(r));
  return docs;
}

/**
 * The reports up to the committee a case drafted (a patrol's final report, a special supervision's report): the text
 * the leading group signed, frozen on the record; before the signature, the system's draft, which says so.
 */
function reportsUp(r: CaseRecord & { reportsUp?: ReportUp[] }): CaseDocument[] {
  return (r.reportsUp ?? []).map((up) => {
    const letter = up.signed?.text ?? up.draft;
    const title = letter.subject.replace(/^【[^】]*】/, '');
    const lines = letter.body.split('\n').filter((l) => l.trim());
    const addressed = lines[0]?.endsWith('：') ? lines.shift()!.slice(0, -1) : '省委、省政府';
    if (lines.at(-1) === '省脱贫攻坚领导小组') lines.pop();
    const issuedAt = up.signed?.at ?? up.draftedAt;
    return {
      key: up.key,
      kind: '报告',
      title,
      section: 'reportsUp',
      ...(up.signed ? { series: 'report' as const } : {}),
      issuedAt,
      ...(up.signed ? {} : { draft: true }),
      build: (number) => ({
        ...underMark(number, !up.signed),
        ...(up.signed?.by.name ? { signer: personOf(up.signed.by.name) } : {}),
        title,
        addressee: addressed,
        body: lines.map((text) => ({ text })),
        date: documentDate(issuedAt),
      }),
    };
  });
}

/** Art. 10, 11: a supervision's notice to the unit, the group's report, the results, the commendation circular. */
export function supervisionDocuments(r: SupervisionCaseRecord): CaseDocument[] {
  const unit = r.targetUnit.name;
  const what = `${supervisionTypes[r.type]}${r.topic ? `（${r.topic}）` : ''}`;
  const docs: CaseDocument[] = [];
  if (r.notice) {
    const notice = r.notice;
    const title = `关于对${unit}开展${what}的通知`;
    docs.push(
      issuedDocument({
        key: 'notice',
        kind: '通知',
        title,
        section: 'notice',
        series: 'notice',
        at: notice.at,
        addressee: partyOrgan(r.targetUnit),
        body: [
          {
            text: `根据《山西省脱贫攻坚督查巡查工作办法》第十条规定，省脱贫攻坚领导小组决定对你单位开展${what}。现将有关事项通知如下：`,
          },
          { heading: 1, text: '督查组' },
          {
            text: `督查组实行组长负责制，组长${notice.groupLeader}${notice.inspectingCity ? `，由${notice.inspectingCity}交叉督查` : ''}。`,
          },
          { heading: 1, text: '督查内容' },
          ...Object.values(supervisionKeyContents).map((c) => ({ heading: 2 as const, text: `${c}。` })),
          { heading: 1, text: '有关要求' },
          { text: '请予积极配合，如实提供有关情况和资料。' },
        ],
      }),
    );
  }
  const report = r.report;
  if (report) {
    const title = `关于对${unit}${what}情况的报告`;
    docs.push({
      key: 'report',
      kind: '报告',
      title,
      section: 'report',
      issuedAt: report.at,
      build: () => ({
        issuer: `省脱贫攻坚领导小组督查组（组长${r.group?.leader.name ?? ''}）`,
        printer: office,
        draft: false,
        title,
        addressee: '省脱贫攻坚领导小组',
        body: [
          { text: `督查组对${unit}开展了${what}。现将督查情况报告如下：` },
          { heading: 1, text: '督查情况' },
          { text: report.situation },
          { heading: 1, text: '存在的问题' },
          { text: report.problems },
          ...r.findings.map((f) => ({ heading: 2 as const, text: `${keyItemCitation(9, f.keyItem)}：${f.summary}` })),
          { heading: 1, text: '意见' },
          { text: report.opinions },
          { heading: 1, text: '建议' },
          { text: report.suggestions },
          { text: '特此报告。' },
        ],
        ...attachmentsOf(r.files),
        date: documentDate(report.at),
      }),
    });
  }
  const results = r.results;
  if (results) {
    const title = `关于${unit}${what}结果及整改要求的通知`;
    docs.push(
      issuedDocument({
        key: 'results',
        kind: '通知',
        title,
        section: 'results',
        series: 'notice',
        at: results.at,
        addressee: partyOrgan(r.targetUnit),
        body: [
          { text: `按照第十一条第（二）项规定，现将对你单位${what}的结果和整改要求通知如下：` },
          { heading: 1, text: '督查结果' },
          { text: results.summary },
          ...(results.rectificationRequirements.length
            ? [
                { heading: 1 as const, text: '整改要求' },
                ...results.rectificationRequirements.map((q) => ({ heading: 2 as const, text: q })),
                { text: '请认真整改，并及时将整改情况逐项书面报送省脱贫攻坚领导小组。' },
              ]
            : []),
        ],
      }),
    );
  }
  const commendation = r.commendation;
  if (commendation?.circulated) {
    const title = `关于对${unit}予以通报表扬的通报`;
    docs.push(
      issuedDocument({
        key: 'commendation',
        kind: '通报',
        title,
        section: 'commendation',
        series: 'circular',
        at: commendation.at,
        addressee: '各市、县（区）党委和政府，省直各有关单位',
        body: [
          { text: `按照第十一条第（一）项规定，省脱贫攻坚领导小组对${unit}予以通报表扬。` },
          { text: commendation.citation },
          { text: '希望各地各部门学习借鉴，推动脱贫攻坚各项工作落实。' },
        ],
      }),
    );
  }
  docs.push(...reportsUp(r));
  return docs;
}

/** 附件说明: the files the group attached to its written report (their names; the files are in the case store). */
const attachmentsOf = (files: Array<{ section: string; name: string }> | undefined) => {
  const names = (files ?? []).filter((f) => f.section === 'report').map((f) => f.name.replace(/\.[A-Za-z0-9]+$/, ''));
  return names.length ? { attachments: names } : {};
};

/** `领导小组 赵强` → `赵强`: the person's name as a signer (a token's display name may carry the body first). */
export const personOf = (name: string) => name.replace(/^.*\s/, '');

/** The documents of any record (a public report has none). */
export function caseDocuments(r: CaseRecord): CaseDocument[] {
  if (r.kind === 'patrol') return patrolDocuments(r as PatrolCaseRecord);
  if (r.kind === 'supervision') return supervisionDocuments(r as SupervisionCaseRecord);
  return [];
}

/**
 * A report the system drafted as Markdown (a round's reports, the year's patrol rectification report) as an official
 * document: its `# ` line is the title; `## ` lines are first-level headings (renumbered in the standard way); tables
 * stay tables; list items and paragraphs are paragraphs, without Markdown marks; the header line (报送：…) gives way
 * to the addressee.
 */
export function reportDocument(
  markdown: string,
  o: { addressee: string; number?: string | undefined; signer?: string | undefined; date: string; draft: boolean },
): OfficialDocument {
  const lines = markdown.split('\n');
  const title = (lines.find((l) => l.startsWith('# ')) ?? '').slice(2).trim();
  const body: Block[] = [];
  let table: string[][] | undefined;
  const plain = (s: string) => s.replace(/\*\*/g, '').trim();
  for (const line of lines) {
    if (line.startsWith('|')) {
      if (/^\|[\s|:-]+\|$/.test(line)) continue; // the separator row
      (table ??= []).push(line.slice(1, -1).split('|').map(plain));
      continue;
    }
    if (table) {
      body.push({ table });
      table = undefined;
    }
    if (!line.trim() || line.startsWith('# ') || line.startsWith('报送：')) continue;
    if (line.startsWith('## '))
      body.push({ heading: 1, text: plain(line.slice(3)).replace(/^[一二三四五六七八九十]+、/, '') });
    else body.push({ text: plain(line.replace(/^- /, '')) });
  }
  if (table) body.push({ table });
  return {
    ...underMark(o.number, o.draft),
    ...(o.signer ? { signer: personOf(o.signer) } : {}),
    title,
    addressee: o.addressee,
    body,
    date: o.date,
  };
}

/**
 * Art. 6, 8: the year's supervision plan as the leading group reports it to the committee (报告): the comprehensive
 * round's units, month and cross inspection, the special topics, and what the follow-up visits found. A draft until
 * the leading group approves it.
 */
export function planDocument(
  plan: AnnualPlanRecord,
  unitName: (code: string) => string,
  number: string | undefined,
): OfficialDocument {
  const approved = plan.approval?.decision === 'approve';
  const names = (codes: string[]) => codes.map(unitName).join('、');
  const visits = plan.followUps ?? [];
  return {
    ...underMark(number, plan.approval?.decision !== 'approve'),
    ...(approved && plan.approval?.by.name ? { signer: personOf(plan.approval.by.name) } : {}),
    title: `关于${plan.year}年度全省脱贫攻坚督查计划的报告`,
    addressee: '省委、省政府',
    body: [
      { text: `按照第六条规定，省脱贫攻坚领导小组制定了${plan.year}年度全省脱贫攻坚督查计划。现将有关情况报告如下：` },
      { heading: 1, text: '综合督查' },
      {
        text: `${plan.year}年${plan.month}月对${plan.units.length}个单位开展综合督查（第八条）：${names(plan.units)}。${plan.crossInspection ? '市级之间开展交叉督查（第五条）。' : ''}`,
      },
      ...(plan.crossPairs?.length
        ? [
            {
              table: [
                ['被督查市', '督查方', '调整理由'],
                ...plan.crossPairs.map((p) => [unitName(p.target), unitName(p.inspector), p.reason ?? '—']),
              ],
            },
          ]
        : []),
      { heading: 1, text: '专项督查' },
      ...(plan.specialTopics.length
        ? plan.specialTopics.map((t) => ({
            heading: 2 as const,
            text: `${t.topic}（${t.month}月，${names(t.units)}）`,
          }))
        : [{ text: '本年度未安排专项督查。' }]),
      ...(visits.length
        ? [
            { heading: 1 as const, text: '回头看情况' },
            {
              table: [
                ['单位', '原督查巡查', '原整改要求', '已整改到位', '部分整改', '未整改'],
                ...visits.map((v) => [
                  v.unit.name,
                  v.of,
                  String(v.requirements),
                  String(v.rectified),
                  String(v.partly),
                  String(v.notRectified),
                ]),
              ],
            },
          ]
        : []),
      { text: '特此报告。' },
    ],
    date: documentDate(approved ? plan.approval!.at : plan.draftedAt),
  };
}
