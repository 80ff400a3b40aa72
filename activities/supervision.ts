import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { MONTHS, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { RegistryUnit } from '../lib/registry/units';
import { saveDraft } from '../lib/documents/reports';
import type { PatrolCaseRecord } from '../workflows/patrol/contract';
import {
  patrolRectificationPublication,
  patrolRectificationReportModel,
} from '../workflows/patrol-rectification-report/documents';
import type { SupervisionCaseRecord } from '../workflows/supervision/contract';
import type { RoundReportData } from '../workflows/supervision-round/documents';
import { followUpSummary, roundReportModel } from '../workflows/supervision-round/documents';
import { nationalReportModel } from '../workflows/supervision-round/national';
import { progressOf } from '../workflows/supervision-round/progress';
import type { RoundProgress } from '../workflows/supervision-round/contract';
import { ids } from '../workflows/ids';
import type { RoundInput } from '../workflows/supervision-round/contract';
import type { StoreDeps } from './store';

export interface SupervisionDeps extends StoreDeps {
  units: Map<string, RegistryUnit>;
  /** Needed to put the comprehensive round on a Schedule. */
  temporal?: { client: Client; taskQueue: string };
}

export function createSupervisionActivities({ units, store, temporal }: SupervisionDeps) {
  return {
    /** Resolve the plan's units from the registry (Art. 2), and the leading group's member units (Art. 7). */
    // eslint-disable-next-line @typescript-eslint/require-await
    async resolveRoundUnits(input: { codes: string[] }): Promise<{ units: RegistryUnit[]; memberUnits: string[] }> {
      const unknown = input.codes.filter((c) => !units.has(c));
      if (unknown.length) {
        throw ApplicationFailure.create({
          type: 'UnknownUnit',
          message: `单位名录中没有：${unknown.join('、')}`,
          nonRetryable: true,
        });
      }
      return {
        units: input.codes.map((c) => units.get(c)!),
        memberUnits: [...units.values()].filter((u) => u.member).map((u) => u.code),
      };
    },

    /**
     * Draft a round report (a document model, Chinese Markdown with tables for people) into the case store; the round
     * keeps its title, address and the hash of its model (claim check).
     */
    async writeRoundReport(data: RoundReportData): Promise<{ title: string; url: string; sha256: string }> {
      // The follow-up visits (回头看) of the year and the year before: what came of earlier rectification.
      const visits = [
        ...(await store.followUps({ year: data.year - 1 })),
        ...(await store.followUps({ year: data.year })),
      ];
      // Issue 35: what the ledger holds of the round's problems (none for a round before it).
      const ledger = await store.problemSummary({ sourceCases: data.cases.map((c) => c.caseId) });
      const model = roundReportModel({
        ...data,
        followUps: visits.map((r) => followUpSummary(r as SupervisionCaseRecord)),
        ledger,
      });
      const { title, sha256 } = await saveDraft(store, { owner: data.roundId, kind: data.kind, model, at: data.at });
      return { title, url: `/reports/${data.roundId}/${data.kind}`, sha256 };
    },

    /**
     * Draft the year's rectification report across all patrols (Art. 16 (3)) from the case store, and the aggregate of
     * what the leading group made public; the workflow keeps title, address, hash and counts (claim check).
     */
    async writePatrolRectificationReport(input: { year: number; reportId: string; at: string }): Promise<{
      title: string;
      url: string;
      sha256: string;
      patrols: number;
      publishable: number;
      publicTitle: string;
      publicText?: string;
    }> {
      const rows = await store.listCases({ kind: 'patrol', year: input.year, withRecord: true, limit: 100_000 });
      const patrols = rows.map((r) => r.record as PatrolCaseRecord).filter((r) => r.feedback);
      const ledger = await store.problemSummary({ sourceCases: patrols.map((p) => p.caseId) });
      // Issue 36 item 3: what the discipline bodies reported back on the transfers of these patrols.
      const outcomes = await store.transferOutcomeSummary(
        patrols.filter((p) => p.transfers.length).map((p) => p.caseId),
      );
      // Issue 36 item 2: the year's 通报批评, 约谈 and 挂牌督办, and the listings delisted (摘牌).
      const { total } = await store.resultUseStatistics(input.year);
      const listings = total.listing ? await store.listResultUses({ year: input.year, type: 'listing' }, 100_000) : [];
      const uses = { ...total, delisted: listings.filter((l) => l.stage === 'delisted').length };
      const model = patrolRectificationReportModel(input.year, patrols, input.at, ledger, outcomes, uses);
      const { title, sha256 } = await saveDraft(store, { owner: input.reportId, kind: 'report', model, at: input.at });
      const published = patrols.filter((p) => p.publication);
      const publicText = patrolRectificationPublication(input.year, patrols);
      return {
        title,
        url: `/patrol-rectification-reports/${input.year}/text`,
        sha256,
        patrols: patrols.length,
        publishable: published.length,
        publicTitle: `${input.year}年度全省脱贫攻坚巡查整改情况公开`,
        ...(publicText ? { publicText } : {}),
      };
    },

    /**
     * Draft the year's report to the national leading group (issue 34) from the case store: every round of the year
     * that started and every special supervision; the workflow keeps title, address, hash and what it covers.
     */
    async writeNationalReport(input: { year: number; reportId: string; at: string }) {
      const roundIds = await store.roundIds(input.year);
      const rounds = [];
      for (const id of roundIds) {
        const r = await store.round(id);
        if (!r) continue;
        const p = r.progress as RoundProgress;
        const cases = r.cases.map((c) => ({ seq: 0, ...progressOf(c as SupervisionCaseRecord) }));
        rounds.push({ n: p.n ?? 1, crossInspection: p.crossInspection, reason: p.reason, cases });
      }
      const rows = await store.listCases({ kind: 'supervision', year: input.year, withRecord: true, limit: 100_000 });
      const specials = rows
        .map((r) => r.record as SupervisionCaseRecord)
        .filter((r) => r.type === 'special')
        .map((r) => ({ topic: r.topic ?? '专项督查', progress: { seq: 0, ...progressOf(r) } }));
      const supervised = [...rounds.flatMap((r) => r.cases), ...specials.map((x) => x.progress)];
      const ledger = await store.problemSummary({ sourceCases: supervised.map((c) => c.caseId) });
      const model = nationalReportModel({ year: input.year, rounds, specials, at: input.at, ledger });
      const { title, sha256 } = await saveDraft(store, { owner: input.reportId, kind: 'report', model, at: input.at });
      return {
        title,
        url: `/national-reports/${input.year}/text`,
        sha256,
        patrols: 0,
        publishable: 0,
        publicTitle: '',
        covers: { rounds: roundIds, specialSupervisions: specials.length },
      };
    },

    /**
     * Put the year's comprehensive round on a Temporal Schedule: 09:00 Beijing time on the 1st of the planned
     * month. Creating it again (a retried activity) leaves the existing schedule as it is.
     */
    async scheduleComprehensiveRound(input: {
      year: number;
      month: number;
      round: RoundInput;
    }): Promise<{ scheduleId: string; firesAt: string; roundId: string }> {
      if (!temporal)
        throw ApplicationFailure.create({
          type: 'ScheduleInvalid',
          message: 'no Temporal client configured for schedules',
          nonRetryable: true,
        });
      const scheduleId = ids.roundSchedule(input.year);
      const firesAt = new Date(Date.UTC(input.year, input.month - 1, 1, 1, 0, 0)).toISOString();
      try {
        await temporal.client.schedule.create({
          scheduleId,
          spec: {
            calendars: [
              {
                year: input.year,
                month: MONTHS[input.month - 1]!,
                dayOfMonth: 1,
                hour: 9,
                minute: 0,
                comment: `${input.year}年度综合督查`,
              },
            ],
            timezone: 'Asia/Shanghai',
          },
          action: {
            type: 'startWorkflow',
            workflowType: 'supervisionRound',
            workflowId: ids.round(input.year),
            taskQueue: temporal.taskQueue,
            args: [input.round],
            // Temporal UI's summary of the round (names and numbers only), as the cases and the further rounds have.
            staticSummary: `${input.year}年度综合督查：${input.round.units.length}个单位（${input.month}月，按年度督查计划排期）${input.round.crossInspection ? '，交叉督查' : ''}`,
          },
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
          state: { note: `${input.year}年度督查计划（${input.round.plan}）批准后排期的综合督查` },
        });
      } catch (err) {
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      }
      return { scheduleId, firesAt, roundId: ids.round(input.year) };
    },
  };
}
