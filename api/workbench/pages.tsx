/**
 * The workbench's pages (preact, rendered to HTML strings on the server). They show what the API answered for the
 * signed-in person and nothing else: every value here comes from an API answer passed in by index.ts.
 */
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import type { Actor, Role } from '../../workflows/domain';
import { caseKindLabels, recordKindLabels, roleLabels, unitKindLabels } from '../../workflows/domain';
import type { Field, FieldErrors, FormBody, UnitOptions } from './forms';
import { FormFields } from './forms';
import type { DueStatus } from './format';
import type { BulletinEntry } from '../../lib/store/case-store';
import type { AwardPublicityList } from '../routes/awards';
import { chineseDate, chineseDateTime, lightLabels } from './format';

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
  `${actor.name ?? actor.id}（${roleLabels[actor.role]}${unitName ? `·${unitName}` : actor.group ? `·${actor.group}` : ''}）`;

export type Section = 'inbox' | 'done' | 'cases' | 'statistics' | 'new' | 'public';

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
        ['/workbench/public/awards', '评选公示', 'public'],
        ['/workbench/signin', '工作人员登录', undefined],
      ]
    : [
        ['/workbench/', '我的待办', 'inbox'],
        ['/workbench/done', '我的已办', 'done'],
        ['/workbench/cases', '督查巡查', 'cases'],
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

// ---- 我的待办 ----

export interface InboxItem {
  caseId: string;
  caseTitle: string;
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
}

export function FilterForm(props: {
  action: string;
  filters: Filters;
  kinds: Array<[string, string]>;
  units: UnitOptions;
  stages: Array<[string, string]>;
  years: string[];
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

export function Inbox(props: { items: InboxItem[]; total: number; yellowDays: number; filterForm: ComponentChildren }) {
  const counts = { red: 0, yellow: 0, green: 0 };
  for (const i of props.items) if (i.due) counts[i.due.light]++;
  return (
    <>
      <p class="summary">
        共{props.items.length}项待办{props.items.length !== props.total ? `（筛选自${props.total}项）` : ''}：红灯
        {counts.red}项，黄灯{counts.yellow}项，绿灯{counts.green}项。截止日期前{props.yellowDays}
        天起亮黄灯，逾期亮红灯。
      </p>
      {props.filterForm}
      {props.items.length === 0 ? (
        <p class="empty">没有待办事项。</p>
      ) : (
        <ol class="tasks">
          {props.items.map((t) => (
            <li class={`task ${t.due ? `task-${t.due.light}` : ''}`} key={`${t.caseId}-${t.step}-${t.href}`}>
              <a class="task-title" href={t.href}>
                {t.label}
              </a>
              <p class="task-case">
                {t.caseTitle}·{t.stageLabel}
                {t.handler ? `·承办人：${t.handler}` : ''}
              </p>
              <p class="task-due">
                {t.due && t.dueDate ? (
                  <>
                    <Light status={t.due} /> 截止{chineseDate(t.dueDate)}
                  </>
                ) : (
                  '无办理期限'
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
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
  kindLabel: string;
  stageLabel: string;
  href: string;
  startedAt: string;
  closed: boolean;
  awaitingMe: boolean;
  overdue?: boolean;
  dueAt?: string;
}

export function CaseList(props: { rows: CaseRow[]; filterForm: ComponentChildren }) {
  return (
    <>
      {props.filterForm}
      {props.rows.length === 0 ? (
        <p class="empty">没有可以查看的督查巡查。</p>
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

// ---- a case ----

export interface StepForm {
  step: string;
  /** Anchor: `step-answerHandlingSuggestion-2`. */
  anchor: string;
  title: string;
  citation?: string;
  /** This step is what the case waits for from the caller (else: a step the caller may also take now). */
  awaited: boolean;
  action: string;
  params: Record<string, string>;
  fields: Field[];
  values?: FormBody;
  errors?: FieldErrors;
  refusal?: string;
  idempotencyKey: string;
  /** The browser's validator of the step's request. */
  validator?: string;
}

export interface CaseEventItem {
  at: string;
  summary: string;
  by?: string;
  note?: string;
}

export interface DeadlineItem {
  label: string;
  party: string;
  dueDate: string;
  statusLabel: string;
  due?: DueStatus;
  reminders: string[];
  escalations: string[];
  extensions: string[];
}

export interface RecordSection {
  title: string;
  entries: Array<[label: string, value: string]>;
}

export interface CasePageProps {
  title: string;
  caseId: string;
  stageLabel: string;
  closed: boolean;
  awaiting: Array<{ label: string; party: string; dueDate?: string; due?: DueStatus; mine: boolean; anchor?: string }>;
  forms: StepForm[];
  deadlines: DeadlineItem[];
  events: CaseEventItem[];
  sections: RecordSection[];
  temporalUi?: string;
  /** The page of the case's official documents (公文), for the kinds that have them. */
  documentsHref?: string;
  files: Array<{ name: string; href: string; section: string; size: string }>;
  /** The group's leader may add files of the work plan or report (Art. 10, 15). */
  upload?: UploadForm;
  /** Internal comments addressed to the person, and the form to write one (patrols and supervisions). */
  comments?: CommentsBlock;
  /** The notices the person may see, with their delivery record. */
  notices: NoticeItem[];
  csrf: string;
  units: UnitOptions;
}

export interface NoticeItem {
  at: string;
  to: string;
  subject: string;
  /** Each channel: where, outcome, when, attempts. */
  deliveries: string[];
  /** 催办未送达, and whether the office has handled it. */
  undelivered?: string;
  /** The office has still to handle it. */
  waitsForOffice: boolean;
}

export interface UploadForm {
  action: string;
  idempotencyKey: string;
  sections: Array<[value: string, label: string]>;
  /** What the browser may send: the types the API accepts. */
  accept: string;
  maxFiles: number;
  maxMegabytes: number;
  refusal?: string;
}

export interface CommentsBlock {
  items: Array<{ at: string; by: string; audience: string; text: string }>;
  form?: {
    action: string;
    idempotencyKey: string;
    fields: Field[];
    values?: FormBody;
    refusal?: string;
    validator?: string;
  };
}

function CommentsView({ block, csrf, units }: { block: CommentsBlock; csrf: string; units: UnitOptions }) {
  const { form } = block;
  return (
    <section aria-labelledby="comments-h" id="comments">
      <h2 id="comments-h">内部意见</h2>
      <p class="summary">每条意见只有所选范围内的人能看到，不进入办理过程。</p>
      {block.items.length ? (
        <ol class="timeline">
          {block.items.map((c, i) => (
            <li key={i}>
              <time dateTime={c.at}>{chineseDateTime(c.at)}</time>{' '}
              <span class="by">
                （{c.by}；范围：{c.audience}）
              </span>
              <p class="note">{c.text}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">还没有您可以看到的内部意见。</p>
      )}
      {form ? (
        <form method="post" action={form.action} class="step-form">
          <FormTop refusal={form.refusal} csrf={csrf} idempotencyKey={form.idempotencyKey} />
          <FormFields
            fields={form.fields}
            formId="comment"
            values={form.values}
            units={units}
            validator={form.validator}
          />
          <button type="submit">发表意见</button>
        </form>
      ) : null}
    </section>
  );
}

function UploadView({ form, csrf }: { form: UploadForm; csrf: string }) {
  return (
    <section class="step" id="upload" aria-labelledby="upload-h">
      <h3 id="upload-h">上传附件（工作方案、书面报告）</h3>
      <form method="post" action={form.action} encType="multipart/form-data" class="step-form">
        <FormTop refusal={form.refusal} csrf={csrf} idempotencyKey={form.idempotencyKey} />
        <fieldset class="choices">
          <legend>
            附件属于<span class="hint">（必填）</span>
          </legend>
          {form.sections.map(([v, label], i) => (
            <label class="choice" key={v}>
              <input
                type="radio"
                name="section"
                value={v}
                id={i === 0 ? 'upload-section' : `upload-section-${i}`}
                required
              />
              {label}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="upload-files">
            文件
            <span class="hint">
              （必填，PDF、图片、Word、Excel或纯文本，每个不超过{form.maxMegabytes}MB，一次最多{form.maxFiles}个）
            </span>
          </label>
          <input type="file" id="upload-files" name="files" multiple required accept={form.accept} />
        </div>
        <button type="submit">上传</button>
      </form>
    </section>
  );
}

function StepFormView({ form, csrf, units }: { form: StepForm; csrf: string; units: UnitOptions }) {
  const formId = form.anchor;
  return (
    <section class={`step ${form.awaited ? 'step-awaited' : ''}`} id={form.anchor} aria-labelledby={`${formId}-h`}>
      <h3 id={`${formId}-h`}>
        {form.title}
        {form.citation ? <span class="citation">（{form.citation}）</span> : null}
      </h3>
      <form method="post" action={form.action} class="step-form">
        <FormTop refusal={form.refusal} csrf={csrf} idempotencyKey={form.idempotencyKey} />
        {Object.entries(form.params).map(([k, v]) => (
          <input type="hidden" name={`_param.${k}`} value={v} key={k} />
        ))}
        {form.fields.length ? (
          <FormFields
            fields={form.fields}
            formId={formId}
            values={form.values}
            errors={form.errors}
            units={units}
            validator={form.validator}
          />
        ) : (
          <p>此事项无需填写内容。</p>
        )}
        <button type="submit">提交：{form.title}</button>
      </form>
    </section>
  );
}

export function CasePage(p: CasePageProps) {
  const mine = p.forms.filter((f) => f.awaited);
  const others = p.forms.filter((f) => !f.awaited);
  return (
    <>
      <p class="case-meta">
        编号 <span class="mono">{p.caseId}</span>·当前阶段：<strong>{p.stageLabel}</strong>
        {p.closed ? '（已办结）' : ''}
        {p.temporalUi ? (
          <>
            {' '}
            ·{' '}
            <a href={p.temporalUi} rel="noopener" target="_blank">
              在流程引擎界面中查看运行情况（运维）
            </a>
          </>
        ) : null}
      </p>
      <section aria-labelledby="awaiting-h">
        <h2 id="awaiting-h">正在等待</h2>
        {p.awaiting.length ? (
          <ul class="awaiting">
            {p.awaiting.map((a, i) => (
              <li key={i} class={a.mine ? 'mine' : ''}>
                {a.anchor ? <a href={`#${a.anchor}`}>{a.label}</a> : a.label}（{a.party}）
                {a.due && a.dueDate ? (
                  <>
                    {' '}
                    <Light status={a.due} /> 截止{chineseDate(a.dueDate)}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{p.closed ? '已办结，不再等待任何事项。' : '目前没有等待的事项。'}</p>
        )}
      </section>
      {mine.length || others.length ? (
        <section aria-labelledby="steps-h">
          <h2 id="steps-h">我可以办理的事项</h2>
          {mine.map((f) => (
            <StepFormView form={f} csrf={p.csrf} units={p.units} key={f.anchor} />
          ))}
          {others.length ? (
            <details open={others.some((f) => f.refusal || f.errors)}>
              <summary>其他可办理事项（{others.length}项）</summary>
              {others.map((f) => (
                <StepFormView form={f} csrf={p.csrf} units={p.units} key={f.anchor} />
              ))}
            </details>
          ) : null}
        </section>
      ) : null}
      {p.sections.map((s, i) => (
        <section aria-labelledby={`section-${i}`} key={i}>
          <h2 id={`section-${i}`}>{s.title}</h2>
          <dl class="record">
            {s.entries.map(([label, value], j) => (
              <div key={j}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {p.documentsHref || p.files.length || p.upload ? (
        <section aria-labelledby="files-h">
          <h2 id="files-h">公文和文件</h2>
          <ul>
            {p.documentsHref ? (
              <li>
                <a href={p.documentsHref}>本事项的公文（请示、报告、通知等，可下载）</a>
              </li>
            ) : null}
            {p.files.map((f) => (
              <li key={f.href}>
                <a href={f.href}>{f.name}</a>（{f.section}，{f.size}）
              </li>
            ))}
          </ul>
          {p.upload ? <UploadView form={p.upload} csrf={p.csrf} /> : null}
        </section>
      ) : null}
      {p.comments ? <CommentsView block={p.comments} csrf={p.csrf} units={p.units} /> : null}
      {p.deadlines.length ? (
        <section aria-labelledby="deadlines-h">
          <h2 id="deadlines-h">办理期限</h2>
          <ul class="deadlines">
            {p.deadlines.map((d, i) => (
              <li key={i}>
                <strong>{d.label}</strong>（{d.party}）：截止{chineseDate(d.dueDate)}，{d.statusLabel}
                {d.due ? (
                  <>
                    {' '}
                    <Light status={d.due} />
                  </>
                ) : null}
                {[...d.reminders, ...d.escalations, ...d.extensions].length ? (
                  <ul>
                    {[...d.reminders, ...d.escalations, ...d.extensions].map((x, j) => (
                      <li key={j}>{x}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.notices.length ? (
        <section aria-labelledby="notices-h">
          <h2 id="notices-h">通知送达情况</h2>
          <details open={p.notices.some((n) => n.waitsForOffice)}>
            <summary>
              共{p.notices.length}条通知
              {p.notices.some((n) => n.undelivered)
                ? `，其中${p.notices.filter((n) => n.undelivered).length}条催办未送达`
                : ''}
            </summary>
            <ol class="notices">
              {p.notices.map((n, i) => (
                <li key={i}>
                  <time dateTime={n.at}>{chineseDateTime(n.at)}</time> 致{n.to}：{n.subject}
                  {n.undelivered ? <strong class="undelivered">（{n.undelivered}）</strong> : null}
                  {n.deliveries.length ? (
                    <ul>
                      {n.deliveries.map((d, j) => (
                        <li key={j}>{d}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </details>
        </section>
      ) : null}
      <section aria-labelledby="events-h">
        <h2 id="events-h">办理过程</h2>
        <ol class="timeline">
          {p.events.map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{chineseDateTime(e.at)}</time> {e.summary}
              {e.by ? <span class="by">（{e.by}）</span> : null}
              {e.note ? <p class="note">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

// ---- 公文 ----

export interface DocumentItem {
  title: string;
  kind: string;
  number?: string;
  /** Issued, and its number (发文字号) not given yet (issued before numbers were given at issuance). */
  awaitingNumber: boolean;
  date: string;
  draft: boolean;
  docx: string;
  html: string;
}

export function Documents(props: { caseHref: string; documents: DocumentItem[] }) {
  return (
    <>
      <p>
        <a href={props.caseHref}>返回事项</a>
      </p>
      {props.documents.length === 0 ? (
        <p class="empty">本事项还没有可以查看的公文。</p>
      ) : (
        <ul class="documents">
          {props.documents.map((d) => (
            <li key={d.docx}>
              <strong>{d.title}</strong>（{d.kind}
              {d.number ? `，${d.number}` : d.awaitingNumber ? '，文号待编' : ''}，{d.date}
              {d.draft ? '，征求意见稿，未签发' : ''}）：<a href={d.html}>在线阅读</a>·<a href={d.docx}>下载公文文件</a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

// ---- 统计 ----

export interface ChartSpec {
  title: string;
  labels: string[];
  values: number[];
  percent?: boolean;
  /** The table's column headings: what is counted, and the figure. */
  columns: [string, string];
}

export function Statistics(props: { charts: Record<string, ChartSpec>; yearForm: ComponentChildren }) {
  // The data block is JSON, never run: `<` is escaped so that no text in it can close the element.
  const json = JSON.stringify(props.charts).replace(/</g, '\\u003c');
  return (
    <>
      {props.yearForm}
      {Object.entries(props.charts).map(([id, c]) => (
        <section aria-labelledby={`chart-${id}-h`} key={id}>
          <h2 id={`chart-${id}-h`}>{c.title}</h2>
          {c.labels.length === 0 ? (
            <p class="empty">暂无数据。</p>
          ) : (
            <>
              <div class="chart" data-chart={id} aria-hidden="true" />
              <div class="table-wrap">
                <table>
                  <caption>{c.title}（数据表）</caption>
                  <thead>
                    <tr>
                      <th scope="col">{c.columns[0]}</th>
                      <th scope="col">{c.columns[1]}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.labels.map((l, i) => (
                      <tr key={i}>
                        <td>{l}</td>
                        <td>
                          {c.values[i]}
                          {c.percent ? '%' : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      ))}
      <script type="application/json" id="chart-data" dangerouslySetInnerHTML={{ __html: json }} />
      <script src="/workbench/assets/echarts.min.js" />
      <script src="/workbench/assets/charts.js" />
    </>
  );
}

// ---- public pages (no sign-in) ----

export function Bulletin(props: { entries: BulletinEntry[] }) {
  return (
    <>
      <p class="summary">依据第十六条第（三）项公开的整改情况，最新的在前。</p>
      {props.entries.length === 0 ? (
        <p class="empty">目前没有公开的整改情况。</p>
      ) : (
        props.entries.map((e) => (
          <article class="step" key={e.caseId} aria-labelledby={`b-${e.caseId}`}>
            <h2 id={`b-${e.caseId}`}>{e.title}</h2>
            <p class="summary">
              {e.unitName}·<time dateTime={e.publishedAt}>{chineseDateTime(e.publishedAt)}</time>公开
            </p>
            <p class="note">{e.text}</p>
          </article>
        ))
      )}
    </>
  );
}

/** The province's list of nominees for the national awards in its publicity period (公示): never contacts. */
export function AwardPublicity(props: { list: AwardPublicityList; children?: ComponentChildren }) {
  const { list } = props;
  const h = list.roundId;
  return (
    <section class="step" aria-labelledby={h}>
      <h2 id={h}>{list.title}</h2>
      <p class="summary">
        公示期：{chineseDate(list.from)}至{chineseDate(list.to)}
        {list.open ? '。公示期内，对名单上的推荐对象有异议的，可以在下面提出（可以匿名）。' : '。公示期已结束。'}
      </p>
      <div class="table-wrap">
        <table>
          <caption>推荐对象名单</caption>
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">工作单位</th>
              <th scope="col">奖项</th>
              <th scope="col">推荐单位</th>
              <th scope="col">主要事迹</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {list.entries.map((e) => (
              <tr key={e.nominationId}>
                <td>{e.name}</td>
                <td>{e.workUnit}</td>
                <td>{e.awardLabel}</td>
                <td>{e.nominatingUnit}</td>
                <td>{e.deedsSummary}</td>
                <td>{e.statusLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.children}
    </section>
  );
}

/** What every form of the workbench starts with: the refusal of its last sending, the CSRF token, its request's key. */
function FormTop(props: { refusal?: string | undefined; csrf: string; idempotencyKey?: string }) {
  return (
    <>
      {props.refusal ? (
        <p class="refusal" role="alert">
          {props.refusal}
        </p>
      ) : null}
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.idempotencyKey ? <input type="hidden" name="_key" value={props.idempotencyKey} /> : null}
    </>
  );
}

/** A form on a page of its own (not a step of a case): the proposal, the public report, the receipt lookup. */
export function PlainForm(props: {
  action: string;
  formId: string;
  fields: Field[];
  csrf: string;
  units: UnitOptions;
  submit: string;
  intro?: ComponentChildren;
  values?: FormBody;
  errors?: FieldErrors;
  refusal?: string;
  validator?: string;
}) {
  return (
    <>
      {props.intro}
      <form method="post" action={props.action} class="step-form">
        <FormTop refusal={props.refusal} csrf={props.csrf} />
        <FormFields
          fields={props.fields}
          formId={props.formId}
          values={props.values}
          errors={props.errors}
          units={props.units}
          validator={props.validator}
        />
        <button type="submit">{props.submit}</button>
      </form>
    </>
  );
}

export function Receipt(props: { receipt: string; message: string; statusLabel: string; lookup?: string }) {
  return (
    <section class="step step-awaited" aria-labelledby="receipt-h">
      <h2 id="receipt-h">受理编号</h2>
      <p class="receipt mono">{props.receipt}</p>
      <p>{props.message}</p>
      <p>当前状态：{props.statusLabel}</p>
      <p>
        <a href={props.lookup ?? '/workbench/public/receipt'}>凭受理编号查询办理情况</a>
      </p>
    </section>
  );
}

export function ReportStatus(props: { receivedOn: string; statusLabel: string; updatedOn?: string; reply?: string }) {
  return (
    <section class="step" aria-labelledby="status-h">
      <h2 id="status-h">办理情况</h2>
      <dl class="record">
        <div>
          <dt>收到日期</dt>
          <dd>{chineseDate(props.receivedOn)}</dd>
        </div>
        <div>
          <dt>当前状态</dt>
          <dd>{props.statusLabel}</dd>
        </div>
        {props.updatedOn ? (
          <div>
            <dt>更新日期</dt>
            <dd>{chineseDate(props.updatedOn)}</dd>
          </div>
        ) : null}
        {props.reply ? (
          <div>
            <dt>答复</dt>
            <dd>{props.reply}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

// ---- sign-in ----

export function SignIn(props: {
  next: string;
  csrf: string;
  units: Array<[code: string, label: string]>;
  roles: Role[];
  error?: string;
  values?: Record<string, string>;
}) {
  const v = props.values ?? {};
  return (
    <>
      <p class="local-banner" role="note">
        本地登录：仅供本机试用和演示，任何人都可以选择任意身份。生产环境关闭本地登录，通过统一身份认证登录。
      </p>
      <form method="post" action="/workbench/signin" class="signin">
        {props.error ? (
          <p class="refusal" role="alert">
            {props.error}
          </p>
        ) : null}
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="signin-name">姓名（必填）</label>
          <input id="signin-name" name="name" required maxLength={50} value={v.name ?? ''} autoComplete="name" />
        </div>
        <div class="field">
          <label for="signin-role">身份（必填）</label>
          <select id="signin-role" name="role" required>
            <option value="">请选择</option>
            {props.roles.map((r) => (
              <option value={r} selected={v.role === r} key={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="signin-unit">所在单位（被督查/被巡查单位、纪检监察/检察机关必填）</label>
          <select id="signin-unit" name="unit">
            <option value="">无</option>
            {props.units.map(([code, label]) => (
              <option value={code} selected={v.unit === code} key={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="signin-group">组号（组长必填）</label>
          <input id="signin-group" name="group" maxLength={64} value={v.group ?? ''} />
        </div>
        <button type="submit">登录</button>
      </form>
    </>
  );
}

// ---- the person's sessions (登录会话) ----

export interface SessionItem {
  /** Its handle, to end it. */
  ref: string;
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string;
  /** The browser in a few words (`Chrome 131 · Windows`). */
  agent: string;
  /** The session this page is shown in. */
  current: boolean;
}

export function SessionList(props: { sessions: SessionItem[]; csrf: string; idleMinutes: number }) {
  return (
    <>
      <p class="summary">
        您当前有效的登录会话，最近使用的在前。超过{props.idleMinutes}
        分钟未使用、到达最迟结束时间或退出登录后，会话即失效。发现不认识的会话，请结束它，或在所有设备上退出登录。
      </p>
      <div class="table-wrap">
        <table>
          <caption>登录会话</caption>
          <thead>
            <tr>
              <th scope="col">登录时间</th>
              <th scope="col">最近使用</th>
              <th scope="col">最迟结束</th>
              <th scope="col">地址</th>
              <th scope="col">浏览器</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr key={s.ref} {...(s.current ? { 'aria-current': 'true', class: 'current-session' } : {})}>
                <td>
                  {chineseDateTime(s.startedAt)}
                  {s.current ? <strong>（本会话）</strong> : null}
                </td>
                <td>{chineseDateTime(s.lastSeenAt)}</td>
                <td>{chineseDateTime(s.expiresAt)}</td>
                <td class="mono">{s.address}</td>
                <td>{s.agent}</td>
                <td>
                  <form method="post" action={`/workbench/sessions/${encodeURIComponent(s.ref)}/end`}>
                    <input type="hidden" name="_csrf" value={props.csrf} />
                    <button type="submit">{s.current ? '结束本会话（退出登录）' : '结束此会话'}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/workbench/signout/everywhere">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <button type="submit">在所有设备上退出登录</button>
        </p>
      </form>
    </>
  );
}

export const kindLabel = (kind: string): string =>
  (caseKindLabels as Record<string, string>)[kind] ?? (recordKindLabels as Record<string, string>)[kind] ?? kind;

export const unitOptionLabel = (u: { name: string; kind: string }): string =>
  `${u.name}（${(unitKindLabels as Record<string, string>)[u.kind] ?? ''}）`;

export function ErrorPage(props: { message: string }) {
  return <p class="refusal">{props.message}</p>;
}
