import { ApplicationFailure } from '@temporalio/activity';
import type { CaseSnapshot, CaseStore } from '../lib/store/case-store';
import type { AssessmentCitation } from '../workflows/shared/schemas';
import type { AnnualPlanRecord } from '../workflows/plan/contract';
import type { RoundProgress } from '../workflows/round/contract';
import type { YearlyReport } from '../workflows/yearly-report/contract';

export interface StoreDeps {
  /** The case store (lib/store): the archive the API reads. */
  store: CaseStore;
}

/**
 * Writing to the case store. Workflows call these as local activities, at every change a reader can see: the record
 * travels as the activity's input, which Temporal does not keep in history (only the short result), and a write of an
 * older revision changes nothing. A store that does not answer fails the write; the case tries again later.
 */
export function createStoreActivities({ store }: StoreDeps) {
  return {
    /** Nothing comes back: the result would only cost history (an older revision is simply not written). */
    async saveCase(snapshot: CaseSnapshot): Promise<void> {
      await store.saveCase(snapshot);
    },
    async saveRound(progress: RoundProgress): Promise<void> {
      await store.saveRound(progress);
    },
    async savePlan(plan: AnnualPlanRecord): Promise<void> {
      await store.savePlan(plan);
    },
    async saveYearlyReport(state: YearlyReport): Promise<void> {
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
