/**
 * Art. 5 (重视运用第三方评估成果): the register of third-party assessments, kept in the case store (no workflow): an
 * assessment recorded under the year's next serial, and its files.
 */
import type { CaseStore } from '../../lib/store/case-store';
import type { Actor } from '../../workflows/domain';
import { partyOf, partyTag } from '../../workflows/engine/party';
import type { Upload } from '../uploads';
import { Claim } from './claims';

export interface AssessmentInput {
  year: number;
  assessor: string;
  unitCodes: string[];
  summary: string;
}

export class AssessmentService {
  constructor(private readonly store: CaseStore) {}

  /** Record an assessment; answers its id. Two offices recording at once: the second takes the next number. */
  async record(b: AssessmentInput, actor: Actor): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const id = `assessment-${b.year}-${String((await this.store.assessmentCount(b.year)) + 1).padStart(4, '0')}`;
      try {
        await this.store.saveAssessment({ id, ...b, createdBy: actor, createdAt: new Date().toISOString() });
        return id;
      } catch (err) {
        if ((err as { code?: string }).code !== '23505' || attempt > 3) throw err;
      }
    }
  }

  /** Files of an assessment, kept with it (they are the register's: nothing to take back). */
  async attach(id: string, files: Upload[], actor: Actor): Promise<void> {
    const claim = new Claim(this.store, undefined, partyTag(partyOf(actor)));
    for (const [i, f] of files.entries()) await claim.file(id, 'files', String(i), f);
  }
}
