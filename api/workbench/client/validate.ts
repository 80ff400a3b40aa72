/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * In the browser: a form is checked before it is sent, with the validator compiled from the schema the API validates
 * that request with (standalone code, no eval: the pages' CSP allows scripts from the server only). The form is read
 * into the request's JSON body as the server reads it (form-data.ts), and each problem is said next to its field in
 * Chinese, as the API would say it. What the schema cannot say (the case's stage, rules between fields) the API
 * refuses after sending, as before. Without this script, the pages work the same, checked by the API alone.
 */
import type { ErrorObject } from 'ajv';
import { reasonOf } from '../../validation';
import type { Field, FormBody } from '../components/form-data';
import { labelAt, readForm } from '../components/form-data';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface FormSpec {
  /** The form's id prefix of its controls (`${formId}-${path}`). */
  formId: string;
  fields: Field[];
}

/** The form's values as the server gets them: repeated names as arrays; files and the form's own fields left out. */
function bodyOf(form: HTMLFormElement): FormBody {
  const body: FormBody = {};
  const data = new FormData(form);
  for (const key of new Set(data.keys())) {
    if (key.startsWith('_')) continue;
    const values = data.getAll(key).filter((v): v is string => typeof v === 'string');
    if (values.length) body[key] = values.length > 1 ? values : values[0];
  }
  return body;
}

/** Where a problem is: the field's dotted path (`grounds.sources`), a missing property's included. */
function pathOf(e: ErrorObject): string {
  const at = e.instancePath.split('/').filter(Boolean);
  if (e.keyword === 'required') at.push(String((e.params as { missingProperty: string }).missingProperty));
  return at.join('.');
}

function clear(form: HTMLFormElement): void {
  form.querySelectorAll('.client-error').forEach((p) => p.remove());
  form.querySelectorAll('[data-client-invalid]').forEach((c) => {
    c.removeAttribute('aria-invalid');
    c.removeAttribute('data-client-invalid');
  });
}

function show(form: HTMLFormElement, spec: FormSpec, errors: ErrorObject[]): void {
  let focus: HTMLElement | undefined;
  const seen = new Set<string>();
  for (const e of errors) {
    const path = pathOf(e);
    if (seen.has(path)) continue;
    seen.add(path);
    const label = labelAt(spec.fields, path);
    const message = label ? (e.keyword === 'required' ? `请填写“${label}”` : `“${label}”${reasonOf(e)}`) : reasonOf(e);
    const id = `${spec.formId}-${path.replace(/\./g, '-')}`;
    const control = document.getElementById(id);
    const p = document.createElement('p');
    p.className = 'field-error client-error';
    p.id = `${id}-client-error`;
    p.setAttribute('role', 'alert');
    p.textContent = message;
    if (control) {
      // Next to the field: after its label and control (or inside its fieldset, under the legend).
      const holder = control.closest('fieldset') ?? control.closest('.field') ?? control.parentElement!;
      if (holder.tagName === 'FIELDSET') holder.querySelector('legend')!.after(p);
      else holder.append(p);
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('data-client-invalid', '');
      control.setAttribute('aria-describedby', p.id);
      focus ??= control;
    } else {
      form.prepend(p);
    }
  }
  focus?.focus();
}

/** Check every form that names its validator (a `script[data-validator]` in it) when it is submitted. */
export function install(validators: Record<string, Validator>): void {
  document.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    // 添加一项 / 删除第N项 (forms.tsx, Rows) and 插入常用语 (phrases.tsx) send the form back to be drawn again, not to
    // be taken: nothing to check.
    const pressed = event.submitter?.getAttribute('name');
    if (pressed === '_rows' || pressed === '_phrase') return;
    // The form's fields and its validator's name, as the page wrote them (forms.tsx, FormFields).
    const specElement = form.querySelector<HTMLScriptElement>('script[data-validator]');
    const validate = specElement ? validators[specElement.dataset.validator ?? ''] : undefined;
    if (!specElement || !validate) return;
    const spec = JSON.parse(specElement.textContent ?? '') as FormSpec;
    clear(form);
    if (validate(readForm(spec.fields, bodyOf(form)))) return;
    event.preventDefault();
    show(form, spec, validate.errors ?? []);
  });
}
