/** The forms on a case page (a step, an upload, comments) and the plain forms on pages of their own. */
import type { ComponentChildren } from 'preact';
import type { Field, FieldErrors, FormBody, UnitOptions } from '../../components/forms';
import { FormFields } from '../../components/forms';
import { hasPhraseField } from '../../components/phrases';
import { chineseDateTime } from '../../components/format';
import type { StepDocument } from '../step-documents';
import { StepDocuments } from '../step-documents-view';

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
  /** The documents to read before taking the step (the 请示 beside 批准, the draft beside 审签). */
  documents?: StepDocument[];
  /** What the person confirms before the step ends something for good (a box to tick, checked again on the server). */
  confirm?: string;
  /** The person's stock phrases, offered under the form's opinion fields (issue 32 item 8). */
  phrases?: string[];
}

export interface UploadForm {
  /** `上传附件（工作方案、书面报告）`, `上传佐证材料…`. */
  title: string;
  action: string;
  idempotencyKey: string;
  /** The parts of the record a file may belong to (none: the form has no choice). */
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

export function CommentsView({ block, csrf, units }: { block: CommentsBlock; csrf: string; units: UnitOptions }) {
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

export function UploadView({ form, csrf }: { form: UploadForm; csrf: string }) {
  return (
    <section class="step" id="upload" aria-labelledby="upload-h">
      <h3 id="upload-h">{form.title}</h3>
      <form method="post" action={form.action} encType="multipart/form-data" class="step-form">
        <FormTop refusal={form.refusal} csrf={csrf} idempotencyKey={form.idempotencyKey} />
        {form.sections.length ? (
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
        ) : null}
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

export function StepFormView({ form, csrf, units }: { form: StepForm; csrf: string; units: UnitOptions }) {
  const formId = form.anchor;
  return (
    <section class={`step ${form.awaited ? 'step-awaited' : ''}`} id={form.anchor} aria-labelledby={`${formId}-h`}>
      <h3 id={`${formId}-h`}>
        {form.title}
        {form.citation ? <span class="citation">（{form.citation}）</span> : null}
      </h3>
      {form.documents?.length ? <StepDocuments documents={form.documents} /> : null}
      <form method="post" action={form.action} class="step-form">
        <FormTop refusal={form.refusal} csrf={csrf} idempotencyKey={form.idempotencyKey} />
        {Object.entries(form.params).map(([k, v]) => (
          <input type="hidden" name={`_param.${k}`} value={v} key={k} />
        ))}
        <DefaultSubmit fields={form.fields} phrases={form.phrases} />
        {form.fields.length ? (
          <FormFields
            fields={form.fields}
            formId={formId}
            values={form.values}
            errors={form.errors}
            units={units}
            validator={form.validator}
            phrases={form.phrases}
          />
        ) : (
          <p>此事项无需填写内容。</p>
        )}
        {form.confirm ? (
          <div class="field checkbox confirm">
            <label>
              <input type="checkbox" name="_confirm" id={`${formId}-confirm`} value="yes" required /> {form.confirm}
            </label>
          </div>
        ) : null}
        <button type="submit">提交：{form.title}</button>
      </form>
    </section>
  );
}

/**
 * A form with lists has 添加一项 and 删除 buttons (and one with stock phrases 插入常用语); Enter in a field presses a
 * form's first submit button, so the form's own submit comes first, undrawn (it still takes Enter).
 */
function DefaultSubmit({ fields, phrases }: { fields: Field[]; phrases?: string[] | undefined }) {
  const rows = (fs: Field[]): boolean => fs.some((f) => f.kind === 'rows' || (f.children ? rows(f.children) : false));
  return rows(fields) || (phrases?.length && hasPhraseField(fields)) ? (
    <button type="submit" class="default-submit" tabIndex={-1} aria-hidden="true" />
  ) : null;
}

/** What every form of the workbench starts with: the refusal of its last sending, the CSRF token, its request's key. */
export function FormTop(props: { refusal?: string | undefined; csrf: string; idempotencyKey?: string }) {
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
        <DefaultSubmit fields={props.fields} />
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
