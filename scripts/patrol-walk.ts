// The main path of one patrol (Chapter 3, Art. 12–16) as 14 HTTP steps after its proposal: what the history bound
// (test/workflows/history.test.ts) and `npm run bench` measure. Data only: the caller sends each step its own way.
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { CaseClaims } from '../lib/infra/tokens';

export type Walker = 'office' | 'leadingGroup' | 'committee' | 'leader' | 'unit' | 'discipline';

/** The people of the walk, as their tokens carry them. */
export function walkPeople(unit: string, group: string): Record<Walker, CaseClaims> {
  return {
    office: { sub: 'walk-office', role: 'office', name: '办公室 李明' },
    leadingGroup: { sub: 'walk-lg', role: 'leading-group', name: '领导小组 赵强' },
    committee: { sub: 'walk-committee', role: 'committee', name: '省委 王丽' },
    leader: { sub: 'walk-leader', role: 'group-leader', group, name: '组长 陈刚' },
    unit: { sub: 'walk-unit', role: 'unit', unit, name: '被巡查单位 联络员' },
    discipline: { sub: 'walk-disc', role: 'discipline', unit: 'discipline-commission', name: '纪委 孙敏' },
  };
}

/** The proposal: `POST /patrols`. */
export const proposal = (year: number, serial: number, unit: string) => ({
  year,
  serial,
  targetUnit: unit,
  grounds: {
    sources: ['public-report', 'supervision-finding'],
    summary: '群众反映危房改造资金被截留，督查中发现台账不实',
  },
});

/**
 * The 14 steps after the proposal, each `[who, path under /patrols/{caseId}/, body]`. Each text is `textSize`
 * characters (default 120: a paragraph; long documents belong in the case store, not in history).
 */
export function patrolMainPath(group: string, textSize = 120): Array<[Walker, string, object]> {
  const text = (what: string, n = textSize) =>
    `${what}：${'情况属实，已核查相关资料并走访群众。'.repeat(Math.ceil(n / 18))}`.slice(0, n);
  return [
    ['committee', 'approval', { decision: 'approve', reason: '同意开展巡查' }],
    [
      'office',
      'group',
      {
        group: {
          id: group,
          leader: { name: '陈刚', rank: 'department', unit: 'dept-finance' },
          members: [
            { name: '周敏', unit: 'dept-agriculture' },
            { name: '吴磊', unit: 'dept-audit' },
          ],
        },
      },
    ],
    ['leader', 'work-plan', { summary: text('巡查工作方案'), stationedOn: '2026-12-01' }],
    ['leader', 'findings', { keyProblem: 3, methods: ['document-review', 'field-survey'], summary: text('问题') }],
    [
      'leader',
      'handling-suggestions',
      {
        summary: text('处理建议'),
        findingIds: [1],
        publicConcern: text('群众反映'),
        violation: text('违反的规定'),
        urgency: text('及时解决的理由'),
      },
    ],
    ['unit', 'handling-suggestions/1/answer', { answer: text('答复') }],
    [
      'leader',
      'report',
      {
        situation: text('巡查情况'),
        problems: text('发现的问题'),
        opinions: [{ text: text('处理意见'), basis: text('依据') }],
      },
    ],
    ['leadingGroup', 'request-for-instructions', { summary: text('请示') }],
    ['committee', 'instructions', { decision: 'approve' }],
    ['leadingGroup', 'transfers', { to: 'discipline-inspection', summary: text('移交事项') }],
    ['discipline', 'transfers/1/acknowledgement', { note: '已登记' }],
    ['leadingGroup', 'feedback', { situation: text('反馈'), rectificationOpinions: [text('整改意见')] }],
    [
      'unit',
      'rectification-report',
      {
        summary: text('整改情况'),
        items: [{ requirement: 1, measures: text('措施') }],
        publicSummary: text('公开的整改情况'),
      },
    ],
    ['leadingGroup', 'rectification-review', { decisions: [{ requirement: 1, decision: 'accept' }] }],
    ['leadingGroup', 'rectification-summary', { summary: text('整改情况报告'), publish: true }],
    ['leadingGroup', 'reports/final-report/signature', { note: '同意报送' }],
  ];
}

/**
 * The size of a history: its events; its bytes as Temporal stores and limits them (protobuf); as JSON without
 * indentation; and as the indented JSON of the recorded files.
 */
export function historyFigures(history: temporal.api.history.v1.IHistory) {
  const pretty = historyToJSON(history);
  return {
    events: history.events?.length ?? 0,
    protoBytes: temporal.api.history.v1.History.encode(history).finish().length,
    jsonBytes: Buffer.byteLength(JSON.stringify(JSON.parse(pretty))),
    prettyJsonBytes: Buffer.byteLength(pretty),
  };
}

/**
 * What each step adds to a history: the events from its Update's acceptance up to the next step's (the workflow task
 * that took it, its markers, upserts and timers), with their protobuf bytes; `start` is what comes before the first.
 * `taskMs` is how long the worker held the workflow task that took the step (from its start to its completion, as the
 * server recorded them; the step's answer leaves with that completion), and `localActivities` what ran inside it.
 * `awaitedTasks`: the workflow tasks after the one that took the step before its Update completed (each an activity, or
 * another wait, the step's answer waited for).
 */
export function historyPerStep(history: temporal.api.history.v1.IHistory): Array<{
  step: string;
  events: number;
  protoBytes: number;
  taskMs: number;
  localActivities: string[];
  awaitedTasks: number;
}> {
  type Row = ReturnType<typeof historyPerStep>[number];
  const out: Row[] = [];
  const ms = (t: temporal.api.history.v1.IHistoryEvent['eventTime']) =>
    Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
  let current: Row = { step: 'start', events: 0, protoBytes: 0, taskMs: 0, localActivities: [], awaitedTasks: 0 };
  let taskStarted = 0;
  let taskMs = 0;
  // The Update still open, and its row (the tasks completed before it completes are the ones its answer waited for).
  let open: { id: string; row: Row } | undefined;
  for (const e of history.events ?? []) {
    if (e.workflowTaskStartedEventAttributes) taskStarted = ms(e.eventTime);
    if (e.workflowTaskCompletedEventAttributes) {
      taskMs = ms(e.eventTime) - taskStarted;
      if (open) open.row.awaitedTasks++;
    }
    if (e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === open?.id) open = undefined;
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    const name = accepted?.acceptedRequest?.input?.name;
    if (name) {
      out.push(current);
      current = { step: name, events: 0, protoBytes: 0, taskMs, localActivities: [], awaitedTasks: 0 };
      open = { id: accepted.protocolInstanceId ?? '', row: current };
    }
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity') {
      const data = marker.details?.data?.payloads?.[0]?.data;
      const type = data ? (JSON.parse(Buffer.from(data).toString()) as { activity_type?: string }).activity_type : '';
      current.localActivities.push(type ?? '?');
    }
    current.events++;
    current.protoBytes += temporal.api.history.v1.HistoryEvent.encode(e).finish().length;
  }
  out.push(current);
  return out;
}
