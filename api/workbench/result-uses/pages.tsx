/** 结果运用 (issue 36 items 2 and 4): the overseers' list of 通报批评, 约谈 and 挂牌督办. A pure view. */
import type { ComponentChildren } from 'preact';
import type { DueStatus } from '../components/format';
import { chineseDate, chineseDay } from '../components/format';
import { Light } from '../components/layout';

export interface ResultUseItem {
  id: string;
  href: string;
  /** 通报批评, 约谈, 挂牌督办. */
  type: string;
  title: string;
  unitName: string;
  stageLabel: string;
  decidedAt: string;
  closed: boolean;
  dueDate?: string;
  due?: DueStatus;
}

export function ResultUseList(props: { items: ResultUseItem[]; filterForm: ComponentChildren; newHref?: string }) {
  const byType = new Map<string, number>();
  for (const i of props.items) byType.set(i.type, (byType.get(i.type) ?? 0) + 1);
  const counts = [...byType.entries()].map(([t, n]) => `${t}${n}件`).join('，');
  return (
    <>
      <p class="summary">
        本页{props.items.length}件{counts ? `：${counts}` : ''}。挂牌督办事项在办结时限前亮灯，摘牌后不再亮灯。
      </p>
      {props.newHref ? (
        <p>
          <a class="button" href={props.newHref}>
            作出结果运用决定
          </a>
        </p>
      ) : null}
      {props.filterForm}
      {props.items.length === 0 ? (
        <p class="empty">没有符合条件的结果运用决定。</p>
      ) : (
        <ol class="tasks result-uses">
          {props.items.map((i) => (
            <li class={`task result-use ${i.due ? `task-${i.due.light}` : ''}`} key={i.id}>
              <a class="task-title" href={i.href}>
                {i.type}：{i.unitName}
              </a>
              <p class="task-case">
                {i.title}·{chineseDay(i.decidedAt)}决定·<strong>{i.stageLabel}</strong>
              </p>
              {i.due && i.dueDate ? (
                <p class="task-due">
                  <Light status={i.due} /> 办结时限{chineseDate(i.dueDate)}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
