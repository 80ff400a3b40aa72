/**
 * A form's fields and reading a submitted form back into a step's JSON body: pure, so the server (forms.tsx) and the
 * browser (client/validate.ts) read a form the same way.
 */

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'date'
  | 'number'
  | 'choice'
  | 'checkbox'
  | 'checkboxes'
  | 'lines'
  | 'numbers'
  | 'unit'
  | 'unit-or-name'
  | 'object'
  | 'rows';

export interface Field {
  /** The property name in the schema. */
  name: string;
  /** The form field's name: dotted, with row numbers (`opinions.0.text`). */
  path: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  options?: Array<[value: string, label: string]>;
  /** An object's fields; a row's fields (`rows`), with `path` relative to the row. */
  children?: Field[];
  /** How many rows a list of objects offers. */
  rows?: number;
  /** A choice whose values are numbers (a key item by its number). */
  numeric?: boolean;
}

// ---- reading a submitted form ----

/** A urlencoded body as @fastify/formbody gives it: repeated names become arrays. */
export type FormBody = Record<string, string | string[] | undefined>;

export const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
export const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function readField(f: Field, form: FormBody, prefix: string): unknown {
  const key = prefix ? `${prefix}.${f.path}` : f.path;
  switch (f.kind) {
    case 'object':
      return readObject(f.children!, form, key, f.required);
    case 'rows': {
      const rows: unknown[] = [];
      for (let i = 0; i < (f.rows ?? 0); i++) {
        const row = readObject(f.children!, form, `${key}.${i}`, false);
        if (row !== undefined) rows.push(row);
      }
      return rows.length || f.required ? rows : undefined;
    }
    case 'checkbox':
      return first(form[key]) !== undefined ? true : f.required ? false : undefined;
    case 'checkboxes': {
      const values = all(form[key]).filter(Boolean);
      return values.length || f.required ? values : undefined;
    }
    case 'lines': {
      const lines = (first(form[key]) ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
      return lines.length || f.required ? lines : undefined;
    }
    case 'numbers': {
      const parts = (first(form[key]) ?? '').split(/[\s,，、]+/).filter(Boolean);
      return parts.length ? parts.map((p) => (/^[0-9]+$/.test(p) ? Number(p) : p)) : f.required ? [] : undefined;
    }
    case 'number':
    case 'choice': {
      const value = first(form[key]) ?? '';
      if (value === '') return f.required ? '' : undefined;
      if (f.kind === 'choice' && !f.numeric) return value;
      return /^-?[0-9]+$/.test(value) ? Number(value) : value;
    }
    default: {
      const value = first(form[key]) ?? '';
      return value === '' && !f.required ? undefined : value;
    }
  }
}

/** An object of the form; undefined when nothing of it was filled in and it is not required. */
function readObject(fields: Field[], form: FormBody, prefix: string, required: boolean): object | undefined {
  const entries = fields
    .map((f) => [f.name, readField(f, form, prefix)] as const)
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0 && !required));
  const filled = entries.some(([, v]) => v !== '' && v !== false && !(Array.isArray(v) && v.length === 0));
  if (!filled && !required) return undefined;
  return Object.fromEntries(entries);
}

/** The step's input as the API takes it, read from a submitted form by the step's fields. */
export function readForm(fields: Field[], form: FormBody): Record<string, unknown> {
  return (readObject(fields, form, '', true) ?? {}) as Record<string, unknown>;
}

export interface FieldErrors {
  /** By field path (`opinions.0.text`). */
  [path: string]: string;
}

/**
 * Where the API's refusal belongs: `请求内容/opinions/0/text：过长…` names the field `opinions.0.text`; the message is
 * said with the field's Chinese label. Anything else belongs at the top of the form.
 */
export function refusalPlacement(message: string, fields: Field[]): { field?: string; message: string } {
  const m = /^请求内容\/([^：]+)：(.*)$/s.exec(message);
  if (!m) return { message };
  const path = m[1]!.split('/').join('.');
  const label = labelAt(fields, path);
  return { field: path, message: label ? `“${label}”${m[2]!}` : message };
}

export function labelAt(fields: Field[], path: string): string | undefined {
  const [head, ...rest] = path.split('.');
  const f = fields.find((x) => x.name === head);
  if (!f) return undefined;
  if (!rest.length) return f.label;
  if (f.kind === 'rows') return labelAt(f.children!, rest.slice(1).join('.')) ?? f.label;
  if (f.kind === 'object') return labelAt(f.children!, rest.join('.')) ?? f.label;
  return f.label;
}
