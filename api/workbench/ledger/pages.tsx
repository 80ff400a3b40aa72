/**
 * 整改台账 (issue 35; docs/ledger.md): the problems a person may see, each with its light, its term and its state; the
 * overseers' filters, the exports and the figures per city as charts (the statistics page's charts, with their tables).
 */
import type { ComponentChildren } from 'preact';
import type { DueStatus } from '../components/format';
import { chineseDate, chineseDay } from '../components/format';
import { Light } from '../components/layout';
import type { ChartSpec } from '../statistics/pages';
import { Statistics } from '../statistics/pages';

export interface LedgerItem {
  problemId: string;
  href: string;
  /** The requirement, its first words. */
  requirement: string;
  unitName: string;
  /** `2026年对太原市的巡查（第1号）第3项` and its source kind (巡查). */
  source: string;
  term: string;
  stageLabel: string;
  dueDate?: string;
  due?: DueStatus;
  struckOffAt?: string;
  responsible?: string;
  figures?: string;
  lastProgress?: string;
  reopened: number;
}

/** A filter of the ledger: its name in the address, its label, its options. */
export interface LedgerFilter {
  name: string;
  label: string;
  options: Array<[value: string, label: string]>;
  value?: string | undefined;
}

export function LedgerFilters(props: { action: string; filters: LedgerFilter[] }) {
  return (
    <form class="filters" method="get" action={props.action} role="search" aria-label="筛选整改问题">
      {props.filters.map((f) => (
        <div class="filter" key={f.name}>
          <label for={`ledger-${f.name}`}>{f.label}</label>
          <select id={`ledger-${f.name}`} name={f.name}>
            <option value="">全部</option>
            {f.options.map(([v, l]) => (
              <option value={v} selected={f.value === v} key={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
      ))}
      <button type="submit">筛选</button>
    </form>
  );
}

export function Ledger(props: {
  items: LedgerItem[];
  yellowDays: number;
  filterForm: ComponentChildren;
  /** Whose problems the list holds, in words (`本单位及所辖县（市、区）的整改问题`). */
  scope: string;
  exports?: { csv: string; xlsx: string };
  /** The next page (and the first, once past it). */
  next?: string;
  first?: string;
  charts?: Record<string, ChartSpec>;
  chartsNote?: string;
}) {
  const counts = { red: 0, yellow: 0, green: 0 };
  for (const i of props.items) if (i.due) counts[i.due.light]++;
  return (
    <>
      <p class="summary">
        {props.scope}。本页{props.items.length}个问题：红灯{counts.red}个，黄灯{counts.yellow}个，绿灯{counts.green}
        个。整改期限前{props.yellowDays}天起亮黄灯，逾期亮红灯。
      </p>
      {props.filterForm}
      {props.exports ? (
        <p class="ledger-exports">
          导出当前筛选的问题：<a href={props.exports.csv}>下载CSV文件</a>·<a href={props.exports.xlsx}>下载Excel文件</a>
        </p>
      ) : null}
      {props.items.length === 0 ? (
        <p class="empty">没有符合条件的整改问题。</p>
      ) : (
        <ol class="tasks ledger">
          {props.items.map((p) => (
            <li class={`task problem ${p.due ? `task-${p.due.light}` : ''}`} key={p.problemId}>
              <a class="task-title" href={p.href}>
                {p.requirement}
              </a>
              <p class="task-case">
                {p.unitName}·{p.source}
              </p>
              <p class="task-case">
                {p.term}·<strong class="problem-state">{p.stageLabel}</strong>
                {p.reopened ? `·反弹${p.reopened}次` : ''}
                {p.responsible ? `·责任人：${p.responsible}` : ''}
              </p>
              {p.lastProgress ? <p class="task-snippet">最新进展：{p.lastProgress}</p> : null}
              {p.figures ? <p class="task-snippet">整改成效：{p.figures}</p> : null}
              <p class="task-due">
                {p.due && p.dueDate ? (
                  <>
                    <Light status={p.due} /> 截止{chineseDate(p.dueDate)}
                  </>
                ) : p.struckOffAt ? (
                  `${chineseDay(p.struckOffAt)}销号`
                ) : (
                  '无进行中的整改期限'
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
      {props.next || props.first ? (
        <nav class="pager" aria-label="翻页">
          {props.first ? <a href={props.first}>回到第一页</a> : null}
          {props.first && props.next ? '｜' : ''}
          {props.next ? <a href={props.next}>下一页</a> : null}
        </nav>
      ) : null}
      {props.charts ? (
        <Statistics
          charts={props.charts}
          yearForm={props.chartsNote ? <p class="summary ledger-charts">{props.chartsNote}</p> : null}
        />
      ) : null}
    </>
  );
}
