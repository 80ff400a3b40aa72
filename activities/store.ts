import { ApplicationFailure, log } from '@temporalio/activity';
import { issuedAwardMaterials } from '../lib/documents/award-documents';
import type { NumberedDocument } from '../lib/documents/numbers';
import {
  issuedCaseDocuments,
  issuedRoundReports,
  issuedYearlyReport,
  numberIssued,
  planReport,
} from '../lib/documents/numbers';
import type { NumberSeries } from '../lib/documents/case-documents';
import type { CaseSnapshot, CaseStore } from '../lib/store/case-store';
import { StoreUnavailableError } from '../lib/store/case-store';
import type { RegistryUnit } from '../lib/registry/units';
import type { AwardRoundRecord } from '../workflows/award-round/contract';
import type { AssessmentCitation } from '../workflows/engine/schemas';
import type { AnnualPlanRecord } from '../workflows/supervision-plan/contract';
import type { RoundProgress } from '../workflows/supervision-round/contract';
import type { YearlyReport } from '../workflows/patrol-rectification-report/contract';
import type { SpecialTopicRecord } from '../workflows/special-topic/contract';

export interface StoreDeps {
  /** The case store (lib/store): the archive the API reads. */
  store: CaseStore;
  /** Document number formats (`DOCUMENT_NUMBERS_FILE`), read once at start-up. */
  documentNumbers: Record<NumberSeries, string>;
  /** The units registry: the plan's document names its units. */
  units: Map<string, RegistryUnit>;
}

/**
 * Writing to the case store. Workflows call these as local activities, at every change a reader can see: the record
 * travels as the activity's input, which Temporal does not keep in history (only the short result), and a write of an
 * older revision changes nothing. A store that does not answer fails the write; the case tries again later.
 *
 * Each write also gives the record's issued documents their numbers (发文字号, lib/documents/numbers.ts): a document is
 * numbered when it is issued or signed, in the write of the step that did it, so the step's answer and every reading
 * after it see the number; no reader ever gives one (issue 30 item 8). The numbers are given just before the record is
 * written, so that no reader of the store sees a document issued without its number, even for a moment.
 */
export function createStoreActivities({ store, documentNumbers, units }: StoreDeps) {
  const unitName = (code: string) => units.get(code)?.name ?? code;
  /**
   * Number what the record has issued and not yet numbered (a record older than the store's issued nothing the newer
   * one did not, so a retried or stale write numbers nothing wrong). A store that does not answer fails the write (the
   * workflow tries again); any other error leaves the documents for the next write or `npm run store:rebuild`, so a
   * document that cannot be built never stops a case's archive.
   */
  const number = async (
    owner: string,
    issued: (numbered: ReadonlySet<string>) => Promise<NumberedDocument[]> | NumberedDocument[],
  ) => {
    try {
      // One query at each write; a document numbered already is not built (nor its text read) again.
      const numbered = await store.numberedKeys(owner);
      const fresh = (await issued(numbered)).filter((d) => !numbered.has(d.key));
      if (fresh.length) await numberIssued(store, documentNumbers, fresh);
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      log.error('could not number the documents issued', { owner, error: (err as Error).message });
    }
  };
  return {
    /** Nothing comes back: the result would only cost history (an older revision is simply not written). */
    async saveCase(snapshot: CaseSnapshot): Promise<void> {
      const r = snapshot.record;
      await number(r.caseId, (numbered) =>
        r.kind === 'award-round'
          ? issuedAwardMaterials(store, r as AwardRoundRecord, numbered)
          : issuedCaseDocuments(r),
      );
      await store.saveCase(snapshot);
    },
    async saveRound(progress: RoundProgress): Promise<void> {
      await number(progress.roundId, (numbered) => issuedRoundReports(store, progress, numbered));
      await store.saveRound(progress);
    },
    /** A plan topic's special supervision (its cases write themselves). */
    async saveTopic(topic: SpecialTopicRecord): Promise<void> {
      await store.saveTopic(topic);
    },
    async savePlan(plan: AnnualPlanRecord): Promise<void> {
      await number(plan.planId, () => [planReport(plan, unitName)]);
      await store.savePlan(plan);
    },
    async saveYearlyReport(state: YearlyReport): Promise<void> {
      await number(state.reportId, (numbered) => issuedYearlyReport(store, state, numbered));
      await store.saveYearlyReport(state);
    },
    /** Art. 5: the assessment a finding cites, as the register has it (who assessed, which year). */
    async assessmentCitation(id: string): Promise<AssessmentCitation> {
      const a = await store.assessment(id);
      if (!a)
        throw ApplicationFailure.create({
          type: 'AssessmentNotFound',
          message: `no assessment ${id}`,
          nonRetryable: true,
        });
      return { id: a.id, assessor: a.assessor, year: a.year };
    },
  };
}
