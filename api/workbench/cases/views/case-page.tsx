/** A case: its record sections, deadlines, notices, timeline and the forms awaiting the signed-in person; its documents. */
import type { UnitOptions } from '../../components/forms';
import type { DueStatus } from '../../components/format';
import { chineseDate, chineseDateTime } from '../../components/format';
import { Light } from '../../components/layout';
import type { CommentsBlock, StepForm, UploadForm } from './case-forms';
import { CommentsView, StepFormView, UploadView } from './case-forms';
import type { StageFlowProps } from '../../components/flow';
import { StageFlow } from '../../components/flow';

// ---- a case ----

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

/** A file the record lists, with its download link. */
export interface FileItem {
  name: string;
  href: string;
  section: string;
  size: string;
}

export interface RecordSection {
  title: string;
  entries: Array<[label: string, value: string]>;
}

export interface CasePageProps {
  /** The case's reference (`晋脱贫巡〔2026〕太原市7号`, lib/documents/case-identity.ts); its id only in the operator's link. */
  reference?: string;
  stageLabel: string;
  closed: boolean;
  awaiting: Array<{ label: string; party: string; dueDate?: string; due?: DueStatus; mine: boolean; anchor?: string }>;
  forms: StepForm[];
  /** Why a step the person expects is not offered yet (the report before any finding). */
  guidance?: string;
  /** Where the case stands: the kind's stages, the current one marked. */
  flow?: StageFlowProps;
  deadlines: DeadlineItem[];
  events: CaseEventItem[];
  sections: RecordSection[];
  temporalUi?: string;
  /** The page of the case's official documents (公文), for the kinds that have them. */
  documentsHref?: string;
  files: FileItem[];
  /** The problems of the ledger the case's requirements became (issue 35), each a link to its page. */
  problems?: Array<{ title: string; href: string }>;
  /** What the person may start from this case (issue 36: 交办核查, 通报批评、约谈、挂牌督办), each a link to its form. */
  starts?: Array<{ title: string; href: string }>;
  /** The group's leader may add files of the work plan or report (Art. 10, 15); a unit its problem's 佐证材料. */
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

export function CasePage(p: CasePageProps) {
  const mine = p.forms.filter((f) => f.awaited);
  const others = p.forms.filter((f) => !f.awaited);
  return (
    <>
      <p class="case-meta">
        {p.reference ? <>编号：{p.reference}·</> : null}当前阶段：<strong>{p.stageLabel}</strong>
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
      {p.flow ? <StageFlow {...p.flow} /> : null}
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
          {p.guidance ? <p class="guidance">{p.guidance}</p> : null}
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
      <LinkList id="problems-h" title="列入整改台账的问题" links={p.problems} />
      <LinkList id="starts-h" title="据此办理" links={p.starts} />
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

/** A section of links under its heading (the problems a case issued, what may be started from it); none when empty. */
function LinkList(props: { id: string; title: string; links: Array<{ title: string; href: string }> | undefined }) {
  if (!props.links?.length) return null;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <ul>
        {props.links.map((x) => (
          <li key={x.href}>
            <a href={x.href}>{x.title}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
