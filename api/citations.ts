/**
 * Art. 5, 12: a proposal cites the public reports it rests on (`reportIds`): each must be a registered report, and the
 * case keeps the office's summary and the day it came in, never the reporter or their words.
 */
import { Type } from '@sinclair/typebox';
import type { CaseStore } from '../lib/store/case-store';
import type { Actor } from '../workflows/domain';
import { publicReportIdPattern } from '../workflows/ids';
import type { PublicReportRecord } from '../workflows/public-report/contract';
import type { ReportCitation } from '../workflows/common-steps/citations';
import { HttpRefusal } from './refusal';

export const ReportIdsSchema = Type.Array(Type.String({ pattern: publicReportIdPattern }), {
  maxItems: 20,
  uniqueItems: true,
  description: 'Art. 12: public reports the proposal rests on (registered ones, GET /public-reports)',
});

export async function reportCitations(store: CaseStore, reportIds: string[], by: Actor): Promise<ReportCitation[]> {
  const citations: ReportCitation[] = [];
  for (const reportId of reportIds) {
    const stored = await store.readCase(reportId);
    const record = stored?.record as PublicReportRecord | undefined;
    if (record?.kind !== 'public-report') {
      throw new HttpRefusal(422, `没有找到群众举报${reportId}`, 'InvalidRequest');
    }
    if (!record.registration)
      throw new HttpRefusal(422, `群众举报${reportId}尚未登记，登记后才能引用`, 'InvalidRequest');
    citations.push({
      reportId,
      receivedOn: record.received.on,
      summary: record.registration.summary,
      at: new Date().toISOString(),
      by,
    });
  }
  return citations;
}
