/**
 * The award recommendations' operations that carry more than a step's fields (Part 1; ours): a nomination with its
 * statements and sealed contacts, further evidence, evidence files, and a public objection with its sealed identity.
 * Each stores its pieces through a claim (claims.ts) and takes its step; a refused step keeps nothing.
 */
import { randomBytes } from 'node:crypto';
import type { StoreKeys } from '../../lib/store/sealing';
import { newReceipt } from '../../lib/public-reports/receipts';
import type { Actor } from '../../workflows/domain';
import { awardIds, awardRoundContract, awardRoundSteps } from '../../workflows/award-round/contract';
import { nominationContract, nominationSteps } from '../../workflows/nomination/contract';
import type { NominationRecord } from '../../workflows/nomination/contract';
import type { DocumentRef } from '../../workflows/engine/schemas';
import type { Upload } from '../uploads';
import { sha256, stableDocumentId } from '../uploads';
import type { CaseService } from './cases';
import type { Claim } from './claims';
import { requestKey } from './idempotency';

/** A statement per condition, as the nominating unit writes it. */
export interface Statement {
  condition: string;
  statement: string;
}

export interface NominationBody {
  award: NominationRecord['award'];
  nominee: NominationRecord['nominee'];
  deedsSummary: string;
  contacts?: { phone?: string | undefined; email?: string | undefined; address?: string | undefined } | undefined;
  evidence: Statement[];
}

/** Who files an objection: nobody signed in. */
const publicActor: Actor = { id: 'public', role: 'public' };

export class AwardService {
  constructor(
    private readonly cases: CaseService,
    private readonly storeKeys: StoreKeys,
  ) {}

  /** Statements to the case store, as references for the workflow (claim check). */
  private async statements(claim: Claim, owner: string, evidence: Statement[]) {
    const out: Array<{ condition: string; statement: DocumentRef; attachments: DocumentRef[] }> = [];
    for (const [i, e] of evidence.entries()) {
      const statement = await claim.text(owner, 'evidence', `${i}:${e.condition}`, `${e.condition}.txt`, e.statement);
      out.push({ condition: e.condition, statement, attachments: [] });
    }
    return out;
  }

  /**
   * A nominating unit's nomination: its statements and sealed contacts stored, then the round's `nominate` step. The
   * nomination's id derives from the request's key, so a retry names the same nomination.
   */
  async nominate(roundId: string, b: NominationBody, actor: Actor, key: string | undefined): Promise<string> {
    const suffix = key ? requestKey(actor, roundId, key).slice(0, 8) : randomBytes(4).toString('hex');
    const nominationId = awardIds.nomination(awardIds.yearOf(roundId), actor.unit!, suffix);
    const contacts = b.contacts && Object.values(b.contacts).some((v) => v?.trim());
    await this.cases.stepWithClaim(awardRoundContract, awardRoundSteps.nominate, roundId, actor, key, async (claim) => {
      const evidence = await this.statements(claim, nominationId, b.evidence);
      if (contacts) await claim.identity(nominationId, this.storeKeys, b.contacts!);
      return {
        nominationId,
        award: b.award,
        nominee: b.nominee,
        deedsSummary: b.deedsSummary,
        contactsOnFile: Boolean(contacts),
        evidence,
      };
    });
    return nominationId;
  }

  /** The evidence the office asked for. */
  supplyEvidence(nominationId: string, evidence: Statement[], actor: Actor, key: string | undefined) {
    return this.cases.stepWithClaim(
      nominationContract,
      nominationSteps.supplyEvidence,
      nominationId,
      actor,
      key,
      async (claim) => ({
        evidence: await this.statements(claim, nominationId, evidence),
      }),
    );
  }

  /** Files supporting one condition. */
  attachEvidenceFiles(nominationId: string, condition: string, files: Upload[], actor: Actor, key: string | undefined) {
    return this.cases.stepWithClaim(
      nominationContract,
      nominationSteps.attachEvidenceFiles,
      nominationId,
      actor,
      key,
      async (claim) => ({
        condition,
        attachments: await Promise.all(
          files.map((f, i) => claim.file(nominationId, 'evidence', `${condition}:${i}:${f.sha256}`, f)),
        ),
      }),
    );
  }

  /**
   * An objection to a nominee on the published list (no account): its account and the objector's sealed identity
   * stored, then the round's `lodgeObjection` step. Answers the receipt code the objector keeps.
   */
  async lodgeObjection(
    roundId: string,
    b: { nominationId: string; what: string; name?: string | undefined; contact?: string | undefined },
    receivedOn: string,
  ): Promise<{ receipt: string }> {
    const receipt = newReceipt();
    const objectionId = awardIds.objection(sha256(receipt));
    const identified = Boolean(b.name?.trim() || b.contact?.trim());
    await this.cases.stepWithClaim(
      awardRoundContract,
      awardRoundSteps.lodgeObjection,
      roundId,
      publicActor,
      undefined,
      async (claim) => {
        const bytes = Buffer.from(JSON.stringify({ what: b.what }));
        const account = await claim.file(
          objectionId,
          'account',
          'account',
          { name: 'objection.json', contentType: 'application/json', bytes },
          stableDocumentId(objectionId),
        );
        if (identified)
          await claim.identity(objectionId, this.storeKeys, { name: b.name ?? '', contact: b.contact ?? '' });
        return { objectionId, nominationId: b.nominationId, receivedOn, account, identified };
      },
    );
    return { receipt };
  }
}
