/**
 * A public report's case page (Art. 5, issue 32): what the office needs to register and decide it, from the answer of
 * GET /public-reports/{id}: the account in full (反映的问题), the files (listed with the case's files, each a download
 * link checked by GET /documents/{id}), and the reporter, which the API gives the office only (sealed in the store).
 * Only what the answer carries is shown; a reader the API gives no reporter is shown none.
 */
import type { PublicReportRecord } from '../../../workflows/public-report/contract';
import { chineseDateTime } from '../components/format';
import { valueLabel } from '../components/labels';
import type { RecordSection } from './views/case-page';

/** The answer of GET /public-reports/{id} for an official: the record's view with what the store holds. */
type ReportAnswer = Partial<PublicReportRecord> & {
  account?: { what?: string; when?: string; where?: string; unitText?: string };
  files?: unknown[];
  reporter?: { name?: string; contact?: string };
  anonymous?: boolean;
};

/** The label of the section a public report's files are listed under (the store's `attachments`). */
export const reportFileSections: Record<string, string> = { attachments: '举报附件' };

const by = (o: { by?: { name?: string; id: string }; at?: string }): string =>
  o.by && o.at ? `${o.by.name ?? o.by.id}，${chineseDateTime(o.at)}` : '';

/** The sections of a public report's page, before the record's other sections; none for another kind. */
export function publicReportSections(view: Record<string, unknown>): RecordSection[] {
  if (view.kind !== 'public-report') return [];
  const r = view as ReportAnswer;
  const sections: RecordSection[] = [];
  const account: Array<[string, string]> = [];
  if (r.targetUnit && r.received?.unitNamed !== false) account.push(['被反映的单位', r.targetUnit.name]);
  if (r.account?.unitText) account.push(['被反映的单位（举报人填写）', r.account.unitText]);
  if (r.account?.what) account.push(['反映的问题', r.account.what]);
  if (r.account?.when) account.push(['发生的时间', r.account.when]);
  if (r.account?.where) account.push(['发生的地点', r.account.where]);
  if (r.received) {
    account.push(['收到时间', chineseDateTime(r.received.at)]);
    const files = r.received.attachments.length;
    account.push(['附件', files ? `${files}个（见“公文和文件”，可下载）` : '无']);
    const similar = r.received.possibleDuplicates.length;
    if (similar) account.push(['可能重复', `同一单位近期有${similar}件内容相近的举报，请核对`]);
  }
  if (account.length) sections.push({ title: '反映的问题', entries: account });

  // The API gives the reporter (or that there is none) to the office only.
  if (r.reporter) {
    sections.push({
      title: '举报人（仅领导小组办公室可见）',
      entries: [
        ['姓名', r.reporter.name?.trim() || '未填写'],
        ['联系方式', r.reporter.contact?.trim() || '未填写'],
      ],
    });
  } else if (r.anonymous) {
    sections.push({ title: '举报人（仅领导小组办公室可见）', entries: [['举报人', '匿名举报，未留姓名和联系方式']] });
  }

  if (r.registration) {
    sections.push({
      title: '登记',
      entries: [
        ['登记摘要', r.registration.summary],
        ['逾期登记', r.registration.late ? '是' : '否'],
        ['办理', by(r.registration)],
      ],
    });
  }
  if (r.decision) {
    sections.push({
      title: '处理决定',
      entries: [
        ['处理方式', valueLabel(r.decision.action) ?? '已决定'],
        ['理由', r.decision.reason],
        ['办理', by(r.decision)],
      ],
    });
  }
  if (r.forwarding) {
    sections.push({
      title: '转交',
      entries: [
        ['接收机关', r.forwarding.recipientName],
        ['签收', r.forwarding.acknowledged ? by(r.forwarding.acknowledged) || '已签收' : '尚未签收'],
      ],
    });
  }
  return sections;
}
