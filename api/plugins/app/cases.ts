/**
 * The case services on the API: the gateway to Temporal (api/services/gateway.ts), the case service over every
 * registered kind (api/services/cases.ts), the rounds and the yearly report (api/services/rounds.ts,
 * yearly-reports.ts). This plugin only builds them and decorates the app: `app.kinds`, `app.cases`, `app.rounds`,
 * `app.yearlyReports`.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { recusalOf } from '../../../lib/registry/units';
import type { Client } from '@temporalio/client';
import type { CaseStore } from '../../../lib/store/case-store';
import type { KindRegistry } from '../../../workflows/engine/kind';
import { kinds as registeredKinds } from '../../../workflows/kinds';
import { CaseService } from '../../services/cases';
import { TemporalGateway } from '../../services/gateway';
import { RoundService } from '../../services/rounds';
import { YearlyReportService } from '../../services/yearly-reports';

declare module 'fastify' {
  interface FastifyInstance {
    /** The registered kinds of case (workflows/kinds.ts, or a test's registry with a kind of its own). */
    kinds: KindRegistry;
    cases: CaseService;
    rounds: RoundService;
    yearlyReports: YearlyReportService;
  }
}

export interface CaseServiceOptions {
  /** The case store: closed cases, lists, tasks and round progress are read from it. */
  store: CaseStore;
  /** The sealed, traced client (lib/infra: built once by the app, or a test's); not closed here. */
  client: Client;
  taskQueue: string;
  /** The kinds of case (default: workflows/kinds.ts). */
  kinds?: KindRegistry;
  /**
   * Temporal's clock as the API reads it, in ms (default `Date.now`: the API's and Temporal's hosts keep time with
   * NTP). Tests on the time-skipping server hand in its clock.
   */
  clock?: () => number | Promise<number>;
}

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
  async function cases(app: FastifyInstance, opts: CaseServiceOptions) {
    const { client, taskQueue } = opts;
    const kinds = opts.kinds ?? registeredKinds;
    const baseUrl = () => app.config.PUBLIC_URL ?? '';
    const stepWaitMs = () => app.config.STEP_WAIT_SECONDS * 1000;
    const gateway = new TemporalGateway({
      client,
      store: opts.store,
      kinds,
      taskQueue,
      baseUrl,
      temporalUiUrl: () => app.config.TEMPORAL_UI_URL,
      readWaitMs: () => app.config.READ_WAIT_SECONDS * 1000,
      stepWaitMs,
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
    const services = { taskQueue, baseUrl, stepWaitMs };
    app.decorate('kinds', kinds);
    app.decorate('cases', new CaseService(gateway, opts.store, kinds, baseUrl, (code) => recusalOf(app.units, code)));
    app.decorate('rounds', new RoundService(client, opts.store, services));
    app.decorate('yearlyReports', new YearlyReportService(client, opts.store, services));
  },
  { name: 'cases' },
);
