// `npm run bench -- --ledger` (BENCH_LEDGER=20000, BENCH_N=200): the rectification ledger (issue 35) at 20,000 problems
// in a case store of its own (PGlite in .data/bench-ledger, as `npm start` keeps it), each row as a problem's record
// projects it (problemRow). Then each read the ledger's routes make, n times: the first page and a deep cursor page,
// filtered by a city with its counties, overdue and state, a city's and a discipline body's own view, the figures per
// unit and per city, and a filtered set exported as CSV and .xlsx; with bare SQL reads of the same table as the
// baseline. Prints p50/p95 in ms against the target (p95 < 100 ms). Figures, not assertions.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { ledgerCsv, ledgerLines, ledgerXlsx } from '../../api/ledger-files';
import { cityOf, loadUnitRegistry } from '../../lib/registry/units';
import { projectRoot } from '../../lib/infra/tools';
import { CaseStore } from '../../lib/store/case-store';
import type { ProblemFilter, ProblemViewer } from '../../lib/store/case-store';
import { problemRow } from '../../lib/store/problems';
import type { ProblemSource, ProblemTermKind } from '../../workflows/domain';
import type { ProblemRecord, ProblemStage } from '../../workflows/problem/contract';
import { problemId, problemStageLabels } from '../../workflows/problem/contract';
import { percentile } from './requests';

const targetMs = 100;
const office: ProblemViewer = { role: 'office' };
const sources: ProblemSource[] = ['patrol', 'supervision', 'follow-up', 'public-report'];
const terms: ProblemTermKind[] = ['immediate', 'dated', 'long-term'];
const by = { id: 'bench', role: 'office' as const };

/** The i-th problem of the bench's ledger: every unit of the registry, source, term and stage, a third overdue. */
function benchProblem(i: number, units: ReturnType<typeof loadUnitRegistry>, now: number): ProblemRecord {
  const list = [...units.values()];
  const unit = list[i % list.length]!;
  const kind = sources[i % sources.length]!;
  const term = terms[Math.floor(i / 7) % terms.length]!;
  const stage: ProblemStage = i % 4 === 0 ? 'struck-off' : i % 7 === 0 ? 'awaiting-review' : 'rectifying';
  const year = 2025 + (i % 2);
  // Each problem its own: the i-th is requirement (i / 30) % 9 + 1 of its unit's case number i / 270 + 1.
  const requirement = 1 + (Math.floor(i / list.length) % 9);
  const serial = String(1 + Math.floor(i / (list.length * 9))).padStart(4, '0');
  const source = `${kind === 'patrol' ? 'patrol' : 'supervision'}-${year}-${unit.code}-${serial}`;
  const at = new Date(now - (i % 400) * 86_400_000).toISOString();
  const dueAt = new Date(now + ((i % 3) - 1) * 30 * 86_400_000).toISOString();
  return {
    caseId: problemId(source, requirement),
    kind: 'problem',
    targetUnit: { code: unit.code, name: unit.name, kind: unit.kind },
    stage,
    stageLabel: problemStageLabels[stage],
    closed: false,
    revision: 1,
    awaiting: [],
    events: [{ at, stage, action: 'issued', summary: '提出整改要求', section: 'core', by }],
    deadlines:
      stage === 'rectifying'
        ? [
            {
              key: 'term',
              kind: 'problem-dated',
              label: '整改',
              party: { role: 'unit', unit: unit.code },
              section: 'progress',
              step: 'reportProblemProgress',
              issuedAt: at,
              deadline: { from: at, dueDate: dueAt.slice(0, 10), dueAt, label: '' },
              status: dueAt < new Date(now).toISOString() ? 'overdue' : 'waiting',
              reminders: [],
              escalations: [],
              extensions: [],
            },
          ]
        : [],
    notifications: [],
    source: { kind, caseId: source, requirement, article: '第十六条第（二）项', year },
    requirement: `整改要求：${unit.name}危房改造补助资金发放不及时（第${i + 1}项）`,
    term: { kind: term, ...(term === 'dated' ? { dueDate: dueAt.slice(0, 10) } : {}) },
    responsible: { person: '王某', post: '副县长' },
    ...(cityOf(units, unit.code) ? { city: cityOf(units, unit.code)! } : {}),
    progress: [{ what: '已制定整改方案，正在推进', late: false, at, by: { id: 'u', role: 'unit', unit: unit.code } }],
    evidence: [],
    figures: { recoveredYuan: (i % 50) * 1000.5, heldAccountable: i % 3, rulesMade: i % 2 },
    strikeOffRequests: [],
    reviews: [],
    ...(stage === 'struck-off' ? { struckOffAt: at } : {}),
    reopenings: [],
    ...(i % 20 === 0 ? { transferredTo: ['discipline-commission'] } : {}),
  };
}

/**
 * The bench's `count` problems written as each problem's record writes them (problemRow, the projection saveCase runs),
 * 500 a statement: the ledger's reads touch only this table, and saves one at a time take minutes on a loaded machine.
 */
export async function writeBenchProblems(
  store: CaseStore,
  count: number,
  units: ReturnType<typeof loadUnitRegistry>,
  now: number,
): Promise<void> {
  const at = new Date(now).toISOString();
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, (_, k) =>
      problemRow(benchProblem(i + k, units, now), at),
    );
    await store.db.insertInto('problems').values(batch).execute();
  }
}

async function time(label: string, n: number, op: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await op(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { label, p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

export async function ledgerBench(count: number, n: number): Promise<void> {
  const dir = path.join(projectRoot, '.data/bench-ledger');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const store = await CaseStore.open(`pglite:${path.join(dir, 'cases-db')}`);
  const units = loadUnitRegistry();
  const now = Date.now();
  const t0 = performance.now();
  await writeBenchProblems(store, count, units, now);
  const loaded = (performance.now() - t0) / 1000;
  // What autovacuum does on a server after a bulk load: the planner's statistics.
  await sql`analyze problems`.execute(store.db);
  const total = (await sql<{ n: number }>`select count(*)::int as n from problems`.execute(store.db)).rows[0]!.n;
  console.log(`Ledger: ${total.toLocaleString('en')} problems written in ${loaded.toFixed(0)} s`);

  const deep = (
    await sql<{ year: number; source_case: string; requirement_no: number }>`
    select year, source_case, requirement_no from problems order by year desc, source_case, requirement_no
    offset ${Math.floor(total * 0.95)} limit 1`.execute(store.db)
  ).rows[0]!;
  const deepCursor = { year: deep.year, sourceCase: deep.source_case, requirementNo: deep.requirement_no };
  const ids = (await store.db.selectFrom('problems').select('problem_id').limit(1000).execute()).map(
    (r) => r.problem_id,
  );
  const list =
    (filter: ProblemFilter, viewer = office) =>
    () =>
      store.listProblems(filter, viewer, undefined, 50);
  const period = { from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' };
  const cityName = (code: string) => units.get(code)?.name;
  const exported = (await store.exportProblems({ city: 'datong' }, office)).length;
  const rows = [
    await time('baseline: select … where problem_id = $1', n, (i) =>
      store.db
        .selectFrom('problems')
        .select('problem_id')
        .where('problem_id', '=', ids[i % ids.length]!)
        .execute(),
    ),
    await time('baseline: select count(*) from problems', n, () =>
      sql`select count(*) from problems`.execute(store.db),
    ),
    await time('GET /problems, first page (50)', n, list({})),
    await time('GET /problems, a page at 95 % (cursor)', n, () => store.listProblems({}, office, deepCursor, 50)),
    await time('… ?city=datong (with its counties)', n, list({ city: 'datong' })),
    await time('… ?overdue=true', n, list({ overdue: true })),
    await time('… ?state=awaiting-review', n, list({ state: 'awaiting-review' })),
    await time('… as the unit of 大同市 (need to know)', n, list({}, { role: 'unit', unit: 'datong', city: true })),
    await time(
      '… as a discipline body (transferred only)',
      n,
      list({}, { role: 'discipline', unit: 'discipline-commission' }),
    ),
    await time('GET /problems/statistics (whole ledger)', n, () => store.problemStatistics({}, office, period)),
    await time('GET /problems/statistics?city=datong', n, () =>
      store.problemStatistics({ city: 'datong' }, office, period),
    ),
    await time(`GET /problems/export?city=datong (CSV, ${exported} rows)`, n, async () =>
      ledgerCsv(ledgerLines(await store.exportProblems({ city: 'datong' }, office), cityName, true)),
    ),
    await time(`… the same as .xlsx (${exported} rows)`, Math.min(n, 20), async () =>
      ledgerXlsx(ledgerLines(await store.exportProblems({ city: 'datong' }, office), cityName, true), '问题整改台账'),
    ),
  ];
  console.log(
    `\n${'operation'.padEnd(58)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  target p95 < ${targetMs} ms`,
  );
  for (const r of rows) {
    const mark = r.label.startsWith('baseline') ? '' : r.p95 < targetMs ? 'met' : 'MISSED';
    console.log(`${r.label.padEnd(58)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)}  ${mark}`);
  }
  console.log(`(n = ${n} each, the .xlsx ${Math.min(n, 20)}; in-process store calls, PGlite on disk, as npm start)`);
  await store.close();
}
