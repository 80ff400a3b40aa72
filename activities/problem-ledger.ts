/**
 * What a case does when it issues its requirements as problems of the ledger (问题整改台账, issue 35): reads the city of
 * its unit from the worker's registry (a city's office sees its counties' problems), and starts the problems.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowIdReusePolicy } from '@temporalio/common';
import type { RegistryUnit } from '../lib/registry/units';
import { cityOf } from '../lib/registry/units';
import type { ProblemInput } from '../workflows/problem/contract';
import { problemContract } from '../workflows/problem/contract';
import { CaseKind, CaseStage, TargetUnit } from '../workflows/search-attributes';

export interface ProblemLedgerDeps {
  units: Map<string, RegistryUnit>;
  temporal?: { client: Client; taskQueue: string };
}

/** One problem to start: its id, what Temporal UI says of it, and its input. */
export interface ProblemStart {
  workflowId: string;
  summary: string;
  input: ProblemInput;
}

export function createProblemLedgerActivities({ units, temporal }: ProblemLedgerDeps) {
  return {
    /** The city of a county, or the city itself; none for a provincial department or a unit not in the registry. */
    // eslint-disable-next-line @typescript-eslint/require-await
    async problemCity(input: { unit: string }): Promise<{ city?: string }> {
      const city = cityOf(units, input.unit);
      return city ? { city } : {};
    },

    /**
     * Start the problems of a case's requirements, each its own workflow (docs/ledger.md). Idempotent: a problem whose id
     * was ever used is left as it is (a retry, or one that has run its course), never started twice.
     */
    async startProblems(starts: ProblemStart[]): Promise<void> {
      if (!temporal) throw ApplicationFailure.nonRetryable('the worker has no Temporal client', 'NoTemporalClient');
      for (const s of starts) {
        try {
          await temporal.client.workflow.start(problemContract.workflowType, {
            taskQueue: temporal.taskQueue,
            workflowId: s.workflowId,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            staticSummary: s.summary,
            typedSearchAttributes: [
              { key: CaseKind, value: 'problem' },
              { key: TargetUnit, value: s.input.unit.code },
              { key: CaseStage, value: 'rectifying' },
            ],
            args: [s.input],
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }
    },
  };
}
