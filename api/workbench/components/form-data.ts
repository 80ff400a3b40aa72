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
  /** How many rows a list of objects offers at first (more are added with 添加一项, up to `maxItems`). */
  rows?: number;
  /**
   * Rows fixed by the case (one per 整改意见): each sets some of the row's fields (shown, not typed) and says what the
   * row answers; no row is added or removed.
   */
  fixedRows?: FixedRow[];
  /** A choice whose values are numbers (a key item by its number). */
  numeric?: boolean;
  /** A number that may have decimals (追回资金 in yuan), not a whole number. */
  decimal?: boolean;
}

export interface FixedRow {
  /** The row's fields set by the case: `{ requirement: '2' }`. */
  set: Record<string, string>;
  /** What the row answers, shown above it: `第二项整改意见：…`. */
  caption: string;
}

/** The most rows a list of objects may have when its schema sets no limit. */
export const rowLimit = 100;

// ---- the rows of a list ----

/** The hidden field that says how many rows a list of objects shows (`_rows.items`). */
export const rowCountName = (name: string) => `_rows.${name}`;

/** The row numbers that have a value in the form (`items.3.measures` → 3), for the list named `name`. */
function rowsWithValues(form: FormBody, name: string): number[] {
  const found = new Set<number>();
  const prefix = `${name}.`;
  for (const key of Object.keys(form)) {
    if (!key.startsWith(prefix)) continue;
    const m = /^([0-9]+)\./.exec(key.slice(prefix.length));
    if (m && Number(m[1]) < rowLimit) found.add(Number(m[1]));
  }
  return [...found];
}

/** How many rows the list shows: what the page said last time, the rows filled in, at least its first rows. */
export function rowCount(f: Field, name: string, form: FormBody): number {
  if (f.fixedRows) return f.fixedRows.length;
  const said = Number(first(form[rowCountName(name)]) ?? '');
  const filled = Math.max(0, ...rowsWithValues(form, name).map((i) => i + 1));
  const count = Math.max(f.rows ?? 1, Number.isInteger(said) ? said : 0, filled);
  return Math.min(count, f.maxItems ?? rowLimit);
}

/**
 * 添加一项 / 删除第N项 of a list (the button's value: `items:add`, `items:remove:2`): the form's values with a row more,
 * or with that row taken out and the rows after it moved up. Undefined for anything else.
 */
export function applyRowAction(fields: Field[], form: FormBody, action: string): FormBody | undefined {
  const m = /^([A-Za-z0-9_.]{1,200}):(add|remove:([0-9]{1,3}))$/.exec(action);
  if (!m) return undefined;
  const name = m[1]!;
  const f = fieldAtName(fields, name);
  if (!f || f.kind !== 'rows' || f.fixedRows) return undefined;
  const count = rowCount(f, name, form);
  if (m[2] === 'add') {
    if (count >= (f.maxItems ?? rowLimit)) return undefined;
    return { ...form, [rowCountName(name)]: String(count + 1) };
  }
  const removed = Number(m[3]);
  if (removed >= count) return undefined;
  const out: FormBody = {};
  const prefix = `${name}.`;
  for (const [key, value] of Object.entries(form)) {
    const row = key.startsWith(prefix) ? /^([0-9]+)(\..*)$/.exec(key.slice(prefix.length)) : null;
    if (!row) out[key] = value;
    else if (Number(row[1]) < removed) out[key] = value;
    else if (Number(row[1]) > removed) out[`${prefix}${Number(row[1]) - 1}${row[2]}`] = value;
  }
  out[rowCountName(name)] = String(Math.max(count - 1, f.minItems ?? 0, 1));
  return out;
}

/** The field a form name points at (`items`, `group.members`, `items.2.files`). */
export function fieldAtName(fields: Field[], name: string): Field | undefined {
  const [head, ...rest] = name.split('.');
  const f = fields.find((x) => x.name === head);
  if (!f || !rest.length) return f;
  if (f.kind === 'object') return fieldAtName(f.children!, rest.join('.'));
  if (f.kind === 'rows' && /^[0-9]+$/.test(rest[0]!)) return fieldAtName(f.children!, rest.slice(1).join('.'));
  return undefined;
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
      // Every row sent (a list may have more than it showed at first; the schema's limit refuses too many), in
      // order; empty rows left out.
      const sent = rowsWithValues(form, key);
      const last = Math.max(-1, ...sent);
      for (let i = 0; i <= last; i++) {
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
      // Typed (`1，3`) or ticked (one value per box).
      const parts = all(form[key])
        .join(',')
        .split(/[\s,，、]+/)
        .filter(Boolean);
      return parts.length ? parts.map((p) => (/^[0-9]+$/.test(p) ? Number(p) : p)) : f.required ? [] : undefined;
    }
    case 'number':
    case 'choice': {
      const value = first(form[key]) ?? '';
      if (value === '') return f.required ? '' : undefined;
      if (f.kind === 'choice' && !f.numeric) return value;
      return (f.decimal ? /^-?[0-9]+(\.[0-9]+)?$/ : /^-?[0-9]+$/).test(value) ? Number(value) : value;
    }
    default: {
      const value = first(form[key]) ?? '';
      return value === '' && !f.required ? undefined : value;
    }
  }
}

/**
 * Whether something was typed or chosen: an object only by what is in it, so a row whose nested object (a problem's
 * `term`) is left empty is an empty row, not a row with an empty choice.
 */
const hasValue = (v: unknown): boolean =>
  v !== undefined &&
  v !== '' &&
  v !== false &&
  (Array.isArray(v) ? v.length > 0 : typeof v === 'object' && v !== null ? Object.values(v).some(hasValue) : true);

/** An object of the form; undefined when nothing of it was filled in and it is not required. */
function readObject(fields: Field[], form: FormBody, prefix: string, required: boolean): object | undefined {
  const entries = fields
    .map((f) => [f.name, readField(f, form, prefix)] as const)
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0 && !required));
  const filled = entries.some(([, v]) => hasValue(v));
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
