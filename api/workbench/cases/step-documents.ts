/**
 * The documents a person reads before taking a step (issue 32 item 2): the 请示 beside 批准/退回, the group's report
 * beside the study, the draft beside 审签. Each kind names them by step (`stepDocuments` of its module,
 * workflows/<kind>/index.ts); here they are found among the documents the case has, as the reader may read them, with
 * the links of the case's documents page (documents.tsx). Pure.
 */
import type { KindModule } from '../../../workflows/engine/kind';
import type { CaseDocument } from '../../../workflows/engine/documents';
import type { CaseRecord } from '../../../workflows/engine/record';
import { casePagePath } from '../../../lib/channels/links';

export interface StepDocument {
  key: string;
  title: string;
  /** 请示, 报告 … */
  kind: string;
  /** Drafted and not yet signed (a report awaiting 审签). */
  draft: boolean;
  /** The document as a page (在线查看), and as a Word file. */
  html: string;
  docx: string;
}

/**
 * The documents whoever takes `step` of a case of `module` reads first, as `view` (the case as the reader may see it)
 * holds them; `params` are the step's (a report's `key` for 审签). None for a step its kind names none for.
 *
 * @example
 * documentsForStep(patrol, 'decideApproval', view) // [{ title: '关于对太原市开展巡查的请示', html: '/workbench/cases/…/documents/proposal?format=html', … }]
 */
export function documentsForStep(
  module: Pick<KindModule, 'documents' | 'stepDocuments'>,
  step: string,
  view: CaseRecord,
  params: Record<string, string | number> = {},
): StepDocument[] {
  const wanted = module.stepDocuments?.[step];
  if (!wanted?.length || !module.documents) return [];
  const readable = readableDocuments(module.documents, view);
  const found: CaseDocument[] = [];
  for (const key of wanted) {
    const d = pick(readable, key, params);
    if (d && !found.includes(d)) found.push(d);
  }
  const caseHref = casePagePath(view.caseId);
  return found.map((d) => ({
    key: d.key,
    title: d.title,
    kind: d.kind,
    draft: d.draft === true,
    html: `${caseHref}/documents/${encodeURIComponent(d.key)}?format=html`,
    docx: `${caseHref}/documents/${encodeURIComponent(d.key)}`,
  }));
}

/**
 * The documents of the case the reader may read, as the API decides it (api/routes/official-documents.ts): the
 * section a document belongs to is in the view, and for one item of a section (a transfer's letter), that item.
 */
function readableDocuments(documents: (record: CaseRecord) => CaseDocument[], view: CaseRecord): CaseDocument[] {
  let all: CaseDocument[];
  try {
    all = documents(view);
  } catch {
    // A view without the sections a kind's documents are made of (not an overseer's) has none of them to read.
    return [];
  }
  const sections = view as unknown as Record<string, unknown>;
  return all.filter((d) => {
    const section = sections[d.section];
    if (section === undefined) return false;
    return !d.item || (Array.isArray(section) && section.some((x: { id?: number }) => x.id === d.item!.id));
  });
}

/** `proposal`: that document; `:key`: the one the step's parameter names; `request-*`: the latest of the series. */
function pick(
  documents: CaseDocument[],
  key: string,
  params: Record<string, string | number>,
): CaseDocument | undefined {
  if (key.startsWith(':')) {
    const value = params[key.slice(1)];
    return value === undefined ? undefined : documents.find((d) => d.key === String(value));
  }
  if (key.endsWith('-*')) {
    const series = new RegExp(`^${key.slice(0, -2)}-[0-9]+$`);
    return documents.filter((d) => series.test(d.key)).at(-1);
  }
  return documents.find((d) => d.key === key);
}
