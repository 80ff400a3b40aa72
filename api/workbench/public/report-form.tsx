/**
 * The public-report form (Art. 5, issue 32): the account, the optional name and contact, and files, sent as
 * multipart/form-data with the key of the request (`_key`), so that a double submit on a bad connection files one
 * report. The page reads the form within the API's limits (count and size of files), checks its CSRF token from the
 * form's fields, and passes the fields and files on to POST /public-reports, which checks each file's type.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { ApiConfig } from '../../config';
import { allowedTypes } from '../../uploads';
import type { Field, FieldErrors, FormBody, UnitOptions } from '../components/forms';
import { FormFields } from '../components/forms';
import { FormTop } from '../cases/views/case-forms';

/** What the form was sent with, as far as it was read, and why it cannot go on when it cannot. */
export interface ReportFormData {
  fields: FormBody;
  files: Array<{ name: string; bytes: Buffer }>;
  refusal?: string;
}

/** A new request's key (the form carries it; a refused form gets a new one: a corrected form is a new request). */
export const newReportKey = () => `wb-${randomUUID()}`;

/** The key a form carried, when it is one. */
export const reportKeyOf = (value: unknown) =>
  typeof value === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : undefined;

const megabytes = (config: ApiConfig) => Math.max(1, Math.floor(config.ATTACHMENT_MAX_BYTES / 1024 / 1024));

/**
 * Read the form: its fields, and its files within the API's limits (`ATTACHMENTS_PER_UPLOAD` files of at most
 * `ATTACHMENT_MAX_BYTES`). A body over them is read no further: what was typed before the files is kept for the form
 * shown again with the refusal.
 */
export async function readReportForm(request: FastifyRequest, config: ApiConfig): Promise<ReportFormData> {
  const fields: FormBody = {};
  const files: ReportFormData['files'] = [];
  const maxFiles = config.ATTACHMENTS_PER_UPLOAD;
  const tooLarge = `单个文件不能超过${megabytes(config)}MB，最多${maxFiles}个文件`;
  try {
    for await (const part of request.parts({
      limits: {
        fileSize: config.ATTACHMENT_MAX_BYTES,
        files: maxFiles,
        fields: 20,
        fieldSize: 64 * 1024,
        parts: maxFiles + 20,
      },
    })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) return { fields, files, refusal: tooLarge };
        if (bytes.length) files.push({ name: (part.filename || 'attachment').slice(0, 200), bytes });
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const refusal = /FILE_TOO_LARGE|FILES_LIMIT|PARTS_LIMIT|FIELDS_LIMIT/.test(code)
      ? tooLarge
      : '无法读取提交的内容，请重新填写后提交';
    return { fields, files, refusal };
  }
  return { fields, files };
}

/** Check the CSRF token the multipart form carried (the page's protection reads it from the body). */
export function checkFormCsrf(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string | undefined,
  check: (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void,
): Promise<void> {
  (request as { body?: unknown }).body = { _csrf: token };
  return new Promise<void>((resolve, reject) => check(request, reply, (err) => (err ? reject(err) : resolve())));
}

/** The fields (as the API reads them) and the files as one multipart body for POST /public-reports. */
export function filingForm(body: Record<string, unknown>, files: ReportFormData['files']): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form.append(k, v);
  for (const f of files) form.append('attachments', new Blob([new Uint8Array(f.bytes)]), f.name);
  return form;
}

export function ReportForm(props: {
  action: string;
  fields: Field[];
  csrf: string;
  idempotencyKey: string;
  units: UnitOptions;
  config: ApiConfig;
  intro?: ComponentChildren;
  values?: FormBody;
  errors?: FieldErrors;
  refusal?: string;
  validator?: string;
}) {
  const maxFiles = props.config.ATTACHMENTS_PER_UPLOAD;
  return (
    <>
      {props.intro}
      <form method="post" action={props.action} encType="multipart/form-data" class="step-form">
        <FormTop refusal={props.refusal} csrf={props.csrf} idempotencyKey={props.idempotencyKey} />
        <FormFields
          fields={props.fields}
          formId="report"
          values={props.values}
          errors={props.errors}
          units={props.units}
          validator={props.validator}
        />
        <div class="field">
          <label for="report-files">
            附件
            <span class="hint">
              （可不上传；PDF、图片、Word、Excel或纯文本，每个不超过{megabytes(props.config)}MB，最多{maxFiles}
              个）
            </span>
          </label>
          <input type="file" id="report-files" name="files" multiple accept={Object.keys(allowedTypes).join(',')} />
        </div>
        {props.refusal && props.values ? <p class="hint">如已选择附件，请重新选择后再提交。</p> : null}
        <button type="submit">提交举报</button>
      </form>
    </>
  );
}
