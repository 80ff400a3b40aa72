/**
 * The reports the system drafts: a round's reports (Art. 11, workflows/supervision-round/documents.ts) and the year's
 * patrol rectification report (Art. 16 (3), workflows/patrol-rectification-report/documents.ts). Each is built as a
 * document model; the case store keeps the model in its canonical form, whose SHA-256 the record keeps
 * (`draftSha256`), beside the Markdown people read, edit and sign. The official document is made from the model; from
 * a text only where a person typed it (the leading group's edit), or where a draft was stored before its model was.
 */
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { personOf, underMark } from '../../workflows/engine/documents';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import { patrolRectificationReportModel } from '../../workflows/patrol-rectification-report/documents';
import type { RoundReportData } from '../../workflows/supervision-round/documents';
import { roundReportModel } from '../../workflows/supervision-round/documents';
import type { CaseStore } from '../store/case-store';
import { parseMarkdown, renderMarkdown } from './markdown';
import type { DocumentContent, OfficialDocument } from './official-document';

export type { FollowUpSummary, RoundReportData } from '../../workflows/supervision-round/documents';
export { followUpSummary, reportTitle } from '../../workflows/supervision-round/documents';
export { patrolRectificationReportTitle } from '../../workflows/patrol-rectification-report/documents';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A model in its canonical form: its content (not how it is issued), keys sorted (safe-stable-stringify). */
export function canonicalModel(d: DocumentContent): string {
  const { title, addressee, particulars, body, attachments } = d;
  return stringify({ title, addressee, particulars, body, attachments })!;
}

/** The SHA-256 of a model's canonical form: a drafted report's hash, and what an edited text is known by. */
export const modelSha256 = (d: DocumentContent) => sha256(canonicalModel(d));

/** A round report as people read it (Chinese Markdown with tables). */
export const renderRoundReport = (d: RoundReportData) => renderMarkdown(roundReportModel(d));

/** The year's patrol rectification report as people read it. */
export const renderPatrolRectificationReport = (year: number, patrols: PatrolCaseRecord[], at: string) =>
  renderMarkdown(patrolRectificationReportModel(year, patrols, at));

/** Where a drafted version's model is kept, beside its text (same owner; `consolidated#model`). */
const modelKey = (version: string) => `${version}#model`;

/**
 * Keep a drafted report in the case store under `kind`: its model (canonical form) and its Markdown. Returns the text
 * and the hash the record keeps. A retried activity writes both again.
 */
export async function saveDraft(
  store: Pick<CaseStore, 'saveReport'>,
  o: { owner: string; kind: string; model: DocumentContent; at: string },
): Promise<{ title: string; text: string; sha256: string }> {
  const { title } = o.model;
  const canonical = canonicalModel(o.model);
  const text = renderMarkdown(o.model);
  await store.saveReport({ roundId: o.owner, kind: modelKey(o.kind), title, text: canonical, at: o.at });
  await store.saveReport({ roundId: o.owner, kind: o.kind, title, text, at: o.at });
  return { title, text, sha256: sha256(canonical) };
}

/** A stored version of a report: the text people read, and the model its official document is made from. */
export interface StoredReport {
  text: string;
  model: DocumentContent;
}

/**
 * The model of a stored version of a report (`text`, its Markdown): as drafted, kept beside the text; read from the
 * text where a person typed it (an edit, `kind@hash16`) or where the draft was stored before its model was.
 */
export async function reportModel(
  store: Pick<CaseStore, 'report'>,
  owner: string,
  version: string,
  text: string,
): Promise<DocumentContent> {
  const kept = version.includes('@') ? undefined : await store.report(owner, modelKey(version));
  return kept === undefined ? parseMarkdown(text) : (JSON.parse(kept) as DocumentContent);
}

/** A stored version of a report with its model; undefined when there is no such text. */
export async function readReport(
  store: Pick<CaseStore, 'report'>,
  owner: string,
  version: string,
): Promise<StoredReport | undefined> {
  const text = await store.report(owner, version);
  return text === undefined ? undefined : { text, model: await reportModel(store, owner, version, text) };
}

/**
 * A drafted report as the leading group's official document (报告): under its mark, with its number once signed and
 * numbered, signed by whoever signed it, dated the day it was signed (or drafted); the draft's particulars line gives
 * way to the document's own places.
 */
export function reportDocument(
  model: DocumentContent,
  o: { addressee: string; number?: string | undefined; signer?: string | undefined; date: string; draft: boolean },
): OfficialDocument {
  return {
    ...underMark(o.number, o.draft),
    ...(o.signer ? { signer: personOf(o.signer) } : {}),
    title: model.title,
    addressee: o.addressee,
    body: model.body,
    ...(model.attachments?.length ? { attachments: model.attachments } : {}),
    date: o.date,
  };
}

/**
 * What the leading group signs (Art. 11, 16 (3)): the draft as it is (`kind`, its hash), or the text it edited, stored
 * first under its own name (`kind@hash16`) so that the draft stays as it was and the edit is on record. A text is the
 * draft when it reads as the drafted model, or is the stored draft (or, drafted before models were, hashes as drafts
 * were then: their text); an edit is known by the hash of the model read from it.
 */
export async function signedVersion(
  store: Pick<CaseStore, 'report' | 'saveReport'>,
  o: { owner: string; kind: string; title: string; draftSha256: string; text: string | undefined },
): Promise<{ version: string; sha256: string }> {
  const asDrafted = { version: o.kind, sha256: o.draftSha256 };
  if (o.text === undefined) return asDrafted;
  const hash = modelSha256(parseMarkdown(o.text));
  if (hash === o.draftSha256 || sha256(o.text) === o.draftSha256) return asDrafted;
  if (o.text === (await store.report(o.owner, o.kind))) return asDrafted;
  const version = `${o.kind}@${hash.slice(0, 16)}`;
  await store.saveReport({
    roundId: o.owner,
    kind: version,
    title: o.title,
    text: o.text,
    at: new Date().toISOString(),
  });
  return { version, sha256: hash };
}
