import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { ProblemRecord } from '../../workflows/problem/contract';
import type { ProblemSummaryItem } from '../../api/schemas/ledger';
import type { ProblemCounts } from '../../lib/store/problem-statistics';
import { patrolMainPath } from '../../scripts/patrol-walk';
import type { Walker } from '../../scripts/patrol-walk';
import type { TestSystem } from './system';
import { eventually, people } from './system';

/**
 * The ledger's walks (issue 35, docs/ledger.md): a patrol whose requirements become problems, its follow-up visit,
 * and what need to know gives each role of a problem, read from docs/need-to-know.md.
 */

/**
 * A policy that brings the far dates of the walk within a dev server's reach: a follow-up visit falls due a minute
 * after it is scheduled, and a problem sent back must be reported on within a minute (so it goes overdue).
 */
export function compressedLedgerPolicy(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ledger-policy-')), 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({
      'follow-up-visit': { rule: { unit: 'minutes', amount: 1 }, remindersBefore: [], escalations: [] },
      'rectification-resubmission': {
        rule: { unit: 'minutes', amount: 1 },
        remindersBefore: ['30s'],
        escalations: [],
      },
    }),
  );
  return file;
}

/** `POST url` that must answer `expected`; the answer's JSON. */
export async function post<T = ProblemRecord>(
  sys: TestSystem,
  who: CaseClaims,
  url: string,
  body: object,
  expected = 200,
): Promise<T> {
  const res = await sys.call(who, { method: 'POST', url, payload: body });
  expect([url, who.role, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([
    url,
    who.role,
    expected,
    '',
  ]);
  return res.json<T>();
}

/** `POST url` that is refused: its status and its message (checked by the caller). */
export async function attempt(sys: TestSystem, who: CaseClaims, url: string, body: object): Promise<[number, string]> {
  const res = await sys.call(who, { method: 'POST', url, payload: body });
  return [res.statusCode, res.json<{ message?: string }>().message ?? ''];
}

/**
 * The follow-up visit (回头看) of a closed case, walked to its checks: scheduled by the leading group, due (a minute
 * under the compressed policy), its group formed by the office (Art. 7), its work plan, then `checks` (requirement,
 * verdict, what was found). Returns the visit's id and its group's leader.
 */
export async function followUpChecks(
  sys: TestSystem,
  leadingGroup: CaseClaims,
  caseId: string,
  checks: Array<[number, string, string]>,
): Promise<{ visitId: string; leader: CaseClaims }> {
  const url = `/cases/${caseId}/follow-up`;
  const { caseId: visitId } = await post<{ caseId: string }>(sys, leadingGroup, url, { reason: '看整改是否落实' }, 201);
  const leader: CaseClaims = { sub: `gl-${visitId}`, role: 'group-leader', group: 'sg-2026-35', name: '组长 刘强' };
  await eventually(async () => {
    const v = (await sys.call(people.office, { method: 'GET', url: `/cases/${visitId}` })).json<{ stage: string }>();
    return v.stage === 'forming-group' ? v : undefined;
  }, 120_000);
  const at = (s: string) => `/supervisions/${visitId}/${s}`;
  const group = {
    id: 'sg-2026-35',
    leader: { name: '刘强', rank: 'department', unit: 'dept-audit' },
    members: [{ name: '赵敏', unit: 'dept-finance' }],
  };
  await post(sys, people.office, at('group'), { group });
  await post(sys, leader, at('work-plan'), { summary: '回头看方案：逐项核查原整改要求' });
  const methods = ['document-review', 'field-survey'];
  for (const [requirement, verdict, summary] of checks) {
    await post(sys, leader, at('requirement-checks'), { requirement, verdict, summary, methods });
  }
  return { visitId, leader };
}

/** The rows of the first sheet of an .xlsx, each cell as text (exceljs reads it back; a rich cell as its JSON). */
export async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const text = (v: ExcelJS.CellValue): string =>
    v === null || v === undefined
      ? ''
      : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? `${v}`
        : JSON.stringify(v);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map(text)));
  return rows;
}

/** A problem as `who` reads it (`GET /problems/{problemId}`). */
export const readProblem = (sys: TestSystem, who: CaseClaims, problemId: string): Promise<LightMyRequestResponse> =>
  sys.call(who, { method: 'GET', url: `/problems/${problemId}` });

/** Wait until the office reads the problem and `until` holds of it. */
export const problemWhen = (
  sys: TestSystem,
  who: CaseClaims,
  problemId: string,
  until: (p: ProblemRecord) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<ProblemRecord> =>
  eventually(async () => {
    const res = await readProblem(sys, who, problemId);
    const p = res.statusCode === 200 ? res.json<ProblemRecord>() : undefined;
    return p && until(p) ? p : undefined;
  }, timeoutMs);

/** A patrol walked (patrolMainPath, with its transfer to the discipline commission) up to its feedback. */
export async function patrolToFeedback(sys: TestSystem, who: Record<Walker, CaseClaims>, caseId: string) {
  for (const [by, p, body] of patrolMainPath(who.leader.group!)) {
    if (p === 'feedback') return;
    await post(sys, who[by], `/patrols/${caseId}/${p}`, body);
  }
}

/** `days` from today, as a Beijing date (YYYY-MM-DD). */
export const daysAhead = (days: number) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The patrol's own rectification, accepted requirement by requirement, reported up and signed: it closes. */
export async function closePatrol(
  sys: TestSystem,
  who: Record<Walker, CaseClaims>,
  caseId: string,
  requirements: number,
): Promise<void> {
  const numbers = Array.from({ length: requirements }, (_, i) => i + 1);
  await post(sys, who.unit, `/patrols/${caseId}/rectification-report`, {
    summary: '已按要求逐项整改',
    items: numbers.map((requirement) => ({ requirement, measures: '已整改，详见整改台账' })),
  });
  await post(sys, who.leadingGroup, `/patrols/${caseId}/rectification-review`, {
    decisions: numbers.map((requirement) => ({ requirement, decision: 'accept' })),
  });
  await post(sys, who.leadingGroup, `/patrols/${caseId}/rectification-summary`, {
    summary: '整改情况报告',
    publish: false,
    notPublishedReason: '整改仍在持续，暂不公开',
  });
  await post(sys, who.leadingGroup, `/patrols/${caseId}/reports/final-report/signature`, { note: '同意报送' });
}

/** The sections of a problem each role sees, as docs/need-to-know.md's table says: section → role → '✓' | '—'. */
export function problemTable(): Map<string, Record<string, string>> {
  const doc = readFileSync(path.join(__dirname, '../../docs/need-to-know.md'), 'utf8');
  const heading = '### Problem';
  const start = doc.indexOf(heading);
  if (start < 0) throw new Error('docs/need-to-know.md has no table of a problem');
  const part = doc.slice(start, doc.indexOf('\n#', start + heading.length));
  const lines = part.split('\n').filter((l) => l.startsWith('|'));
  const roles = lines[0]!
    .split('|')
    .map((c) => c.trim())
    .slice(2, -1);
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.filter((l) => l.startsWith('| `'))) {
    const cells = line.split('|').map((c) => c.trim());
    rows.set(cells[1]!.replace(/`/g, ''), Object.fromEntries(roles.map((role, i) => [role, cells[i + 2]!])));
  }
  return rows;
}

/** A row of the ledger as `GET /problems` answers it (api/schemas/ledger.ts). */
export type LedgerRow = ProblemSummaryItem;
/** What the statistics count of a set of problems (lib/store/problem-statistics.ts). */
export type Counts = ProblemCounts;

/** One page of the ledger as `who` may read it; fails unless it answers 200. */
export async function ledgerPage(
  sys: TestSystem,
  who: CaseClaims,
  query = '',
): Promise<{ items: LedgerRow[]; nextCursor?: string }> {
  const res = await sys.call(who, { method: 'GET', url: `/problems?${query}` });
  expect([who.sub, query, res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([who.sub, query, 200, '']);
  return res.json();
}
