/**
 * The frame of every workbench page (header, navigation, sign-out) and the small pieces all pages share. The views
 * show what the API answered for the signed-in person and nothing else: every value comes from the routes' answers.
 */
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import type { Actor } from '../../../workflows/domain';
import { roleLabels, unitKindLabels } from '../../../workflows/domain';
import type { DueStatus } from './format';
import { lightLabels } from './format';
import { groupLabel } from '../../../lib/documents/case-identity';

export const systemName = '山西省脱贫攻坚督查巡查工作台';

/** A whole page as the HTML the browser gets. */
export const page = (node: ComponentChildren): string => `<!doctype html>${render(<>{node}</>)}`;

export interface Session {
  actor: Actor;
  csrf: string;
  /** Whether this role may open Temporal UI (the operators). */
  operator: boolean;
}

const whoLabel = (actor: Actor, unitName?: string) =>
  `${actor.name ?? actor.id}（${roleLabels[actor.role]}${unitName ? `·${unitName}` : actor.group ? `·${groupLabel(actor.group)}` : ''}）`;

export type Section =
  'inbox' | 'done' | 'cases' | 'ledger' | 'referrals' | 'result-uses' | 'statistics' | 'new' | 'public' | 'audit';

/** Who has 整改台账 and 交办核查 in the navigation (issues 35, 36): the overseers and the units. */
const ledgerRoles = ['office', 'leading-group', 'committee', 'unit'];

export function Layout(props: {
  title: string;
  session?: Session;
  unitName?: string;
  active?: Section;
  notice?: string;
  /** The path of this page, for the navigation's `aria-current` among pages of one section. */
  current?: string;
  children: ComponentChildren;
}) {
  const { session, active } = props;
  const nav: Array<[string, string, typeof active]> = !session
    ? [
        ['/workbench/public/', '公开信息', 'public'],
        ['/workbench/public/report', '我要举报', 'public'],
        ['/workbench/public/receipt', '查询办理情况', 'public'],
        ['/workbench/public/awards', '全国脱贫攻坚奖推荐对象公示', 'public'],
        ['/workbench/signin', '工作人员登录', undefined],
      ]
    : session.actor.role === 'auditor'
      ? [['/workbench/audit', '审计日志', 'audit']]
      : [
          ['/workbench/', '我的待办', 'inbox'],
          ['/workbench/done', '我的已办', 'done'],
          ['/workbench/cases', '督查巡查', 'cases'],
          ...(ledgerRoles.includes(session.actor.role)
            ? ([
                ['/workbench/ledger', '整改台账', 'ledger'],
                ['/workbench/referrals', '交办核查', 'referrals'],
              ] as Array<[string, string, typeof active]>)
            : []),
          ...(['office', 'leading-group', 'committee'].includes(session.actor.role)
            ? ([['/workbench/result-uses', '结果运用', 'result-uses']] as Array<[string, string, typeof active]>)
            : []),
          ['/workbench/statistics', '统计', 'statistics'],
          ...(['office', 'leading-group'].includes(session.actor.role)
            ? ([['/workbench/patrols/new', '提请巡查', 'new']] as Array<[string, string, typeof active]>)
            : []),
        ];
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} - ${systemName}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/workbench/assets/workbench.css" />
        <script src="/workbench/assets/validate.js" defer />
      </head>
      <body>
        <a class="skip" href="#main">
          跳到正文
        </a>
        <header class="top">
          <p class="brand">{systemName}</p>
          {nav.length ? (
            <nav aria-label="主导航">
              <ul>
                {nav.map(([href, label, key]) => (
                  <li key={href}>
                    <a
                      href={href}
                      aria-current={
                        key && key === active && (!props.current || props.current === href) ? 'page' : undefined
                      }
                    >
                      {label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {session ? (
            <form class="who" method="post" action="/workbench/signout">
              <span>{whoLabel(session.actor, props.unitName)}</span>
              {session.actor.role === 'auditor' ? null : <a href="/workbench/phrases">常用语</a>}
              <a href="/workbench/sessions">登录会话</a>
              <input type="hidden" name="_csrf" value={session.csrf} />
              <button type="submit" class="link">
                退出登录
              </button>
            </form>
          ) : null}
        </header>
        <main id="main" tabIndex={-1}>
          <h1>{props.title}</h1>
          {props.notice ? (
            <p class="notice" role="status">
              {props.notice}
            </p>
          ) : null}
          {props.children}
        </main>
        <footer>
          <p>依据《山西省脱贫攻坚督查巡查工作办法》</p>
        </footer>
      </body>
    </html>
  );
}

export function Light({ status }: { status: DueStatus }) {
  return (
    <span class={`light light-${status.light}`}>
      <span class="dot" aria-hidden="true" />
      {lightLabels[status.light]}·{status.text}
    </span>
  );
}

export const unitOptionLabel = (u: { name: string; kind: string }): string =>
  `${u.name}（${(unitKindLabels as Record<string, string>)[u.kind] ?? ''}）`;

export function ErrorPage(props: { message: string }) {
  return <p class="refusal">{props.message}</p>;
}
