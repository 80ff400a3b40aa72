/**
 * Problems of the rectification ledger (issue 35) as their workflow writes them to the case store, built typed as
 * `ProblemRecord`, for the tests of the ledger's index and its routes (they save them straight into the store).
 */
import type { ProblemSource, ProblemTermKind, UnitKind } from '../../workflows/domain';
import type { DeadlineTrack } from '../../workflows/engine/schemas';
import type { ProblemFigures, ProblemRecord, ProblemStage } from '../../workflows/problem/contract';
import { problemId, problemStageLabels } from '../../workflows/problem/contract';

const office = { id: 'o', role: 'office' as const };

/** Unit kinds of the codes the tests use (data/units.json), and each county's city. */
const unitKinds: Record<string, { kind: UnitKind; name: string; city?: string }> = {
  taiyuan: { kind: 'city', name: '太原市' },
  'taiyuan-loufan': { kind: 'county', name: '娄烦县', city: 'taiyuan' },
  datong: { kind: 'city', name: '大同市' },
  'datong-tianzhen': { kind: 'county', name: '天镇县', city: 'datong' },
  'dept-finance': { kind: 'department', name: '省财政厅' },
};

export interface ProblemSpec {
  /** The source case's id (default `patrol-2026-<unit>-0001`). */
  source?: string;
  sourceKind?: ProblemSource;
  requirement?: number;
  year?: number;
  article?: string;
  unit?: string;
  term?: ProblemTermKind;
  stage?: ProblemStage;
  /** The end of the open term (an open deadline track); none while the problem awaits review or is struck off. */
  dueAt?: string;
  struckOffAt?: string;
  reopenings?: number;
  figures?: ProblemFigures;
  progress?: string;
  transferredTo?: string[];
  revision?: number;
  createdAt?: string;
  text?: string;
}

/** A problem's record with what the ledger reads filled in. */
export function problemRecord(o: ProblemSpec = {}): ProblemRecord {
  const unit = o.unit ?? 'taiyuan';
  const u = unitKinds[unit] ?? { kind: 'city' as const, name: unit };
  const year = o.year ?? 2026;
  const source = o.source ?? `patrol-${year}-${unit}-0001`;
  const n = o.requirement ?? 1;
  const stage = o.stage ?? 'rectifying';
  const at = o.createdAt ?? '2026-12-01T02:00:00.000Z';
  const term = o.term ?? 'dated';
  const track = (dueAt: string): DeadlineTrack => ({
    key: `problem-${term}`,
    kind: term === 'immediate' ? 'problem-immediate' : term === 'dated' ? 'problem-dated' : 'problem-progress',
    label: '整改',
    party: { role: 'unit', unit },
    section: 'progress',
    step: 'reportProblemProgress',
    issuedAt: at,
    deadline: { from: at, dueDate: dueAt.slice(0, 10), dueAt, label: '' },
    status: 'waiting',
    reminders: [],
    escalations: [],
    extensions: [],
  });
  return {
    caseId: problemId(source, n),
    kind: 'problem',
    targetUnit: { code: unit, name: u.name, kind: u.kind },
    stage,
    stageLabel: problemStageLabels[stage],
    closed: false,
    revision: o.revision ?? 1,
    awaiting: [],
    events: [{ at, stage, action: 'issued', summary: '提出整改要求', section: 'core', by: office }],
    deadlines: o.dueAt ? [track(o.dueAt)] : [],
    notifications: [],
    source: {
      kind: o.sourceKind ?? 'patrol',
      caseId: source,
      requirement: n,
      article: o.article ?? '第十六条第（二）项',
      year,
    },
    requirement: o.text ?? `整改要求${n}：${u.name}危房改造补助资金发放不及时`,
    term: {
      kind: term,
      ...(term === 'dated' ? { dueDate: (o.dueAt ?? '2027-02-01').slice(0, 10) } : {}),
      ...(term === 'long-term' ? { everyMonths: 3 } : {}),
    },
    responsible: { person: '王某', post: '副市长' },
    ...(u.city ? { city: u.city } : {}),
    progress: o.progress ? [{ what: o.progress, late: false, at, by: { id: 'u', role: 'unit', unit } }] : [],
    evidence: [],
    figures: o.figures ?? {},
    strikeOffRequests: [],
    reviews: [],
    ...(o.struckOffAt ? { struckOffAt: o.struckOffAt } : {}),
    reopenings: Array.from({ length: o.reopenings ?? 0 }, () => ({ reason: '回头看发现问题反弹', at, by: office })),
    ...(o.transferredTo ? { transferredTo: o.transferredTo } : {}),
  };
}

/** Who may see a problem's record in `cases` (the kind's viewers: its unit, and a body it was transferred to). */
export const problemViewers = (r: ProblemRecord) => [
  `unit:${r.targetUnit.code}`,
  ...(r.city && r.city !== r.targetUnit.code ? [`unit:${r.city}`] : []),
  ...(r.transferredTo ?? []).map((u) => `discipline:${u}`),
];
