/** The lists an official works from: 我的待办, 我的已办 and 督查巡查, with their filter form. */
import type { ComponentChildren } from 'preact';
import type { UnitOptions } from '../../components/forms';
import type { DueStatus } from '../../components/format';
import { chineseDate, chineseDateTime, chineseDay } from '../../components/format';
import { Light } from '../../components/layout';
import { maxQueryLength } from '../search';

// ---- 我的待办 ----

export interface InboxItem {
  caseId: string;
  /** `2026年对太原市的巡查（第7号）`, and its reference `晋脱贫巡〔2026〕太原市7号` (lib/documents/case-identity.ts). */
  caseTitle: string;
  reference?: string;
  /** When the case began. */
  startedAt?: string;
  /** The first words of its grounds, when the reader may see them. */
  snippet?: string;
  kindLabel: string;
  unitName: string;
  stageLabel: string;
  label: string;
  /** Within the unit: who handles it (承办人). */
  handler?: string;
  step: string;
  href: string;
  dueDate?: string;
  due?: DueStatus;
}

export interface Filters {
  kind?: string;
  unit?: string;
  stage?: string;
  year?: string;
  /** Search text (issue 32 item 8): title, 文号, item, unit or grounds. */
  q?: string;
}

/** A unit person's queues (issue 32 item 8): 全部, 我承办的 (theirs to handle), 待签收 (nobody's yet). */
export type Queue = 'all' | 'mine' | 'unsigned';

export const queueLabels: Record<Queue, string> = { all: '全部', mine: '我承办的', unsigned: '待签收' };

export interface QueueTabs {
  current: Queue;
  /** Each queue's link (keeping the filters) and how many items it holds. */
  tabs: Array<{ queue: Queue; href: string; count: number }>;
}

/** 待阅: a notice sent to the person's unit or role for reading only, not marked read yet. */
export interface ReadingItem {
  id: string;
  subject: string;
  caseTitle: string;
  reference?: string;
  href: string;
  at: string;
}

export function FilterForm(props: {
  action: string;
  filters: Filters;
  kinds: Array<[string, string]>;
  units: UnitOptions;
  stages: Array<[string, string]>;
  years: string[];
  /** Kept as they are when filtering (the queue). */
  hidden?: Record<string, string>;
  /** What the search box says it searches. */
  searchHint?: string;
}) {
  const { filters } = props;
  const select = (name: keyof Filters, label: string, options: Array<[string, string]>) => (
    <div class="filter">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">全部</option>
        {options.map(([v, l]) => (
          <option value={v} selected={filters[name] === v} key={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form class="filters" method="get" action={props.action} role="search" aria-label="筛选">
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
      <div class="filter">
        <label for="filter-q">搜索</label>
        <input
          type="search"
          id="filter-q"
          name="q"
          maxLength={maxQueryLength}
          value={filters.q ?? ''}
          placeholder={props.searchHint ?? '标题、文号、单位或依据'}
        />
      </div>
      {select('kind', '类别', props.kinds)}
      {select('unit', '单位', props.units)}
      {select('stage', '阶段', props.stages)}
      {select(
        'year',
        '年度',
        props.years.map((y) => [y, `${y}年`]),
      )}
      <button type="submit">筛选</button>
    </form>
  );
}

export function Inbox(props: {
  items: InboxItem[];
  total: number;
  yellowDays: number;
  filterForm: ComponentChildren;
  /** The search text, when there is one. */
  query?: string;
  /** A search text refused (too long): said instead of the list. */
  problem?: string;
  /** A unit person's queues. */
  queues?: QueueTabs;
  readings?: ComponentChildren;
}) {
  const counts = { red: 0, yellow: 0, green: 0 };
  for (const i of props.items) if (i.due) counts[i.due.light]++;
  return (
    <>
      <p class="summary">
        共{props.items.length}项待办{props.items.length !== props.total ? `（筛选自${props.total}项）` : ''}：红灯
        {counts.red}项，黄灯{counts.yellow}项，绿灯{counts.green}项。截止日期前{props.yellowDays}
        天起亮黄灯，逾期亮红灯。
      </p>
      {props.queues ? <QueueNav queues={props.queues} /> : null}
      {props.filterForm}
      {props.problem ? (
        <p class="empty" role="alert">
          {props.problem}
        </p>
      ) : props.items.length === 0 ? (
        <p class="empty">
          {props.query
            ? `没有找到与“${props.query}”相符的待办事项。`
            : props.queues?.current === 'mine'
              ? '没有由您承办的待办事项。'
              : props.queues?.current === 'unsigned'
                ? '没有待签收的事项。'
                : '没有待办事项。'}
        </p>
      ) : (
        <ol class="tasks">
          {props.items.map((t) => (
            <li class={`task ${t.due ? `task-${t.due.light}` : ''}`} key={`${t.caseId}-${t.step}-${t.href}`}>
              <a class="task-title" href={t.href}>
                {t.label}
              </a>
              <p class="task-case">
                {t.caseTitle}
                {t.reference ? `（${t.reference}）` : ''}·{t.stageLabel}
                {t.handler ? `·承办人：${t.handler}` : ''}
              </p>
              {t.snippet ? <p class="task-snippet">依据：{t.snippet}</p> : null}
              <p class="task-due">
                {t.due && t.dueDate ? (
                  <>
                    <Light status={t.due} /> 截止{chineseDate(t.dueDate)}
                  </>
                ) : (
                  '无办理期限'
                )}
                {t.startedAt ? `·${chineseDay(t.startedAt)}开始` : ''}
              </p>
            </li>
          ))}
        </ol>
      )}
      {props.readings}
    </>
  );
}

function QueueNav({ queues }: { queues: QueueTabs }) {
  return (
    <nav class="queue-tabs" aria-label="待办范围">
      {queues.tabs.map((t, i) => (
        <span key={t.queue}>
          {i > 0 ? '｜' : ''}
          <a href={t.href} {...(t.queue === queues.current ? { 'aria-current': 'page' as const } : {})}>
            {queueLabels[t.queue]}（{t.count}）
          </a>
        </span>
      ))}
    </nav>
  );
}

/** 待阅: each notice with its case and an 已阅 button (a POST with the page's CSRF token). */
export function Readings(props: { items: ReadingItem[]; csrf: string; action: string }) {
  return (
    <section class="readings" id="readings" aria-labelledby="readings-title">
      <h2 id="readings-title">待阅（{props.items.length}）</h2>
      {props.items.length === 0 ? (
        <p class="empty">没有待阅事项。</p>
      ) : (
        <ol class="tasks">
          {props.items.map((r) => (
            <li class="reading" key={r.id}>
              <a class="task-title" href={r.href}>
                {r.subject}
              </a>
              <p class="task-case">
                {r.caseTitle}
                {r.reference ? `（${r.reference}）` : ''}
              </p>
              <p class="task-due">
                <time dateTime={r.at}>{chineseDateTime(r.at)}</time>送达
              </p>
              <form method="post" action={props.action}>
                <input type="hidden" name="_csrf" value={props.csrf} />
                <input type="hidden" name="id" value={r.id} />
                <button type="submit">已阅</button>
              </form>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

// ---- 我的已办 ----

export interface DoneItem {
  caseTitle: string;
  href: string;
  at: string;
  summary: string;
  closed: boolean;
}

export function Done(props: { items: DoneItem[] }) {
  return props.items.length === 0 ? (
    <p class="empty">还没有办理过的事项。</p>
  ) : (
    <>
      <p class="summary">最近办理的{props.items.length}项，最新的在前。</p>
      <ol class="tasks">
        {props.items.map((d, i) => (
          <li class="task" key={i}>
            <a class="task-title" href={d.href}>
              {d.caseTitle}
            </a>
            <p>{d.summary}</p>
            <p class="task-due">
              <time dateTime={d.at}>{chineseDateTime(d.at)}</time>
              {d.closed ? '·已办结' : '·办理中'}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}

// ---- 督查巡查 ----

export interface CaseRow {
  caseId: string;
  title: string;
  reference?: string;
  snippet?: string;
  kindLabel: string;
  stageLabel: string;
  href: string;
  startedAt: string;
  closed: boolean;
  awaitingMe: boolean;
  overdue?: boolean;
  dueAt?: string;
}

export function CaseList(props: { rows: CaseRow[]; filterForm: ComponentChildren; query?: string; problem?: string }) {
  return (
    <>
      {props.filterForm}
      {props.problem ? (
        <p class="empty" role="alert">
          {props.problem}
        </p>
      ) : props.rows.length === 0 ? (
        <p class="empty">{props.query ? `没有找到与“${props.query}”相符的督查巡查。` : '没有可以查看的督查巡查。'}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>可以查看的督查巡查（最新的在前）</caption>
            <thead>
              <tr>
                <th scope="col">事项</th>
                <th scope="col">阶段</th>
                <th scope="col">开始时间</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.caseId}>
                  <td>
                    <a href={r.href}>{r.title}</a>
                    {r.reference ? <div class="case-reference">{r.reference}</div> : null}
                    {r.snippet ? <div class="case-snippet">依据：{r.snippet}</div> : null}
                  </td>
                  <td>{r.stageLabel}</td>
                  <td>{chineseDateTime(r.startedAt)}</td>
                  <td>
                    {r.closed ? '已办结' : r.overdue ? '有逾期事项' : r.awaitingMe ? '待我办理' : '办理中'}
                    {r.dueAt && !r.closed ? `，最近截止${chineseDateTime(r.dueAt)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
