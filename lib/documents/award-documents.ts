/**
 * The recommendation materials of the national poverty-alleviation awards (Part 1), built in
 * workflows/award-round/documents.ts: read with the nominations and statements from the case store, numbered, hashed.
 */
import type { AwardRoundRecord } from '../../workflows/award-round/contract';
import type { AwardDocument } from '../../workflows/award-round/documents';
import { awardDocuments, recommended } from '../../workflows/award-round/documents';
import type { NominationRecord } from '../../workflows/nomination/contract';
import type { CaseStore } from '../store/case-store';
import { contentHash } from './case-documents';
import type { NumberedDocument } from './numbers';

export type { AwardDocument } from '../../workflows/award-round/documents';
export { awardDocuments, nationalOffice, recommended } from '../../workflows/award-round/documents';

/** The materials of a round as they stand: the nominations and the statements of the recommended read from the store. */
export async function awardMaterialsFromStore(store: CaseStore, round: AwardRoundRecord): Promise<AwardDocument[]> {
  const nominations = (await Promise.all(round.nominations.map((n) => store.readCase(n.nominationId)))).flatMap((s) =>
    s ? [s.record as NominationRecord] : [],
  );
  const statements = new Map<string, string>();
  for (const n of recommended(round, nominations))
    for (const e of n.evidence) {
      const doc = await store.document(e.statement.id);
      if (doc) statements.set(e.statement.id, doc.bytes.toString('utf8'));
    }
  return awardDocuments(round, nominations, statements, new Date().toISOString());
}

/**
 * A document of the materials as a numbered document of the round (lib/documents/numbers.ts): the covering report
 * carries the leading group's report number once the materials are signed; a form (推荐表) carries none (undefined).
 */
export function numberedMaterial(round: AwardRoundRecord, d: AwardDocument): NumberedDocument | undefined {
  if (!d.numbered) return undefined;
  const signed = round.materials?.signed;
  return {
    owner: round.caseId,
    key: d.id,
    series: 'report',
    issuedAt: signed?.at ?? round.materials?.drafted ?? '',
    draft: !signed,
    build: d.build,
  };
}

/**
 * The signed materials that carry a number and have none yet. Once the report is numbered, nothing is read (a round
 * writes itself often; the materials are built from every nomination and statement in the store).
 */
export async function issuedAwardMaterials(
  store: CaseStore,
  round: AwardRoundRecord,
  numbered: ReadonlySet<string> = new Set(),
): Promise<NumberedDocument[]> {
  if (!round.materials?.signed || numbered.has('report')) return [];
  return (await awardMaterialsFromStore(store, round)).flatMap((d) => {
    const numbered = numberedMaterial(round, d);
    return numbered ? [numbered] : [];
  });
}

/** The materials as the round records them: id, title, SHA-256 of the content (numbers aside). */
export const materialsOf = (docs: AwardDocument[]) =>
  docs.map((d) => ({
    id: d.id,
    title: d.title,
    sha256: contentHash(d.build(undefined)),
    ...(d.nominationId ? { nominationId: d.nominationId } : {}),
  }));
