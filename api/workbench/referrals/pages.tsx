/**
 * 交办核查 (issue 36 item 4): the office's list of referrals, each with its light, and a unit's inbox. Pure views.
 */
import type { ComponentChildren } from 'preact';
import type { DueStatus } from '../components/format';
import { chineseDate } from '../components/format';
import { Light } from '../components/layout';

export interface ReferralRow {
  referralId: string;
  href: string;
  /** `2026年对五寨县的交办核查（第7号）`. */
  title: string;
  /** `晋脱贫交〔2026〕7号`: the number of its 交办函. */
  reference?: string;
  unitName: string;
  stageLabel: string;
  /** What to verify, its first words (when the caller may see it). */
  snippet?: string;
  closed: boolean;
  dueDate?: string;
  due?: DueStatus;
}

export interface OwedItem {
  href: string;
  title: string;
  /** What is owed (签收, 核查情况报告). */
  label: string;
  dueDate?: string;
  due?: DueStatus;
}

function Due(props: { row: { due?: DueStatus; dueDate?: string }; closed?: boolean }) {
  const { due, dueDate } = props.row;
  return (
    <p class="task-due">
      {due && dueDate ? (
        <>
          <Light status={due} /> 截止{chineseDate(dueDate)}
        </>
      ) : props.closed ? (
        '已办结'
      ) : (
        '无进行中的期限'
      )}
    </p>
  );
}

function Rows(props: { rows: ReferralRow[] }) {
  return (
    <ol class="tasks referrals">
      {props.rows.map((r) => (
        <li class={`task referral ${r.due ? `task-${r.due.light}` : ''}`} key={r.referralId}>
          <a class="task-title" href={r.href}>
            {r.title}
          </a>
          <p class="task-case">
            {r.reference ? `${r.reference}·` : ''}承办单位：{r.unitName}·<strong>{r.stageLabel}</strong>
          </p>
          {r.snippet ? <p class="task-snippet">核查事项：{r.snippet}</p> : null}
          <Due row={r} closed={r.closed} />
        </li>
      ))}
    </ol>
  );
}

/** The office's list (the leading group and the committee read it too). */
export function ReferralList(props: {
  rows: ReferralRow[];
  yellowDays: number;
  filterForm: ComponentChildren;
  newHref?: string;
}) {
  const counts = { red: 0, yellow: 0, green: 0 };
  for (const r of props.rows) if (r.due) counts[r.due.light]++;
  const open = props.rows.filter((r) => !r.closed).length;
  return (
    <>
      <p class="summary">
        交办核查事项{props.rows.length}件，正在办理{open}件：红灯{counts.red}件，黄灯{counts.yellow}件，绿灯
        {counts.green}件。核查期限前{props.yellowDays}天起亮黄灯，逾期亮红灯。
      </p>
      {props.newHref ? (
        <p>
          <a class="button" href={props.newHref}>
            交办核查事项
          </a>
        </p>
      ) : null}
      {props.filterForm}
      {props.rows.length === 0 ? <p class="empty">没有符合条件的交办核查事项。</p> : <Rows rows={props.rows} />}
    </>
  );
}

/** A unit's inbox: what it owes first, by its lights, then every referral made to it. */
export function ReferralInbox(props: { owed: OwedItem[]; rows: ReferralRow[] }) {
  return (
    <>
      <h2>待办理的交办事项</h2>
      {props.owed.length === 0 ? (
        <p class="empty">没有待签收或待报送核查情况的交办事项。</p>
      ) : (
        <ol class="tasks referral-inbox">
          {props.owed.map((o, i) => (
            <li class={`task ${o.due ? `task-${o.due.light}` : ''}`} key={`${o.href}-${i}`}>
              <a class="task-title" href={o.href}>
                {o.label}
              </a>
              <p class="task-case">{o.title}</p>
              <Due row={o} />
            </li>
          ))}
        </ol>
      )}
      <h2>交办本单位核查的事项</h2>
      {props.rows.length === 0 ? <p class="empty">没有交办本单位核查的事项。</p> : <Rows rows={props.rows} />}
    </>
  );
}
