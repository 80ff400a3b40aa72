/**
 * A step's form, generated from the step's input schema in its kind's contract (the schema the API validates with):
 * labels and enumerations in Chinese (labels.ts), and the schema's limits as the browser's own constraints (required,
 * maxlength, min, max). The browser also checks the whole request with the API's own schema before sending it
 * (validation-bundle.ts, client/validate.ts; reading a form: form-data.ts). What no schema can say (rules between
 * fields, the case's stage) the API refuses, and the refusal is shown next to the field it names or at the top.
 */
import type { TObject } from '@sinclair/typebox';
import type { JSX } from 'preact';
import { unitCodePattern } from '../../../workflows/ids';
import { fieldLabel, numberedItems, valueLabel } from './labels';
import type { Field, FieldErrors, FormBody } from './form-data';
import { all, first, rowCount, rowCountName, rowLimit } from './form-data';
import { PhrasePicker, takesPhrases } from './phrases';

export type { Field, FieldErrors, FieldKind, FixedRow, FormBody } from './form-data';
export { applyRowAction, readForm, refusalPlacement } from './form-data';

/** A schema property the labels do not cover: the form cannot be built (test/api/workbench-forms.test.ts). */
export class UnlabelledField extends Error {}

interface Schema {
  type?: string;
  enum?: string[];
  format?: string;
  pattern?: string;
  description?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

function labelled(name: string, s: Schema): string {
  // A list's label may be its items' (`整改意见` on each opinion).
  const label = fieldLabel(name, s.description) ?? (s.items ? fieldLabel(name, s.items.description) : undefined);
  if (!label) throw new UnlabelledField(`no Chinese label for the field "${name}"`);
  return label;
}

function options(values: string[], field?: string): Array<[string, string]> {
  return values.map((v) => {
    const label = valueLabel(v, field);
    if (!label) throw new UnlabelledField(`no Chinese label for the value "${v}"`);
    return [v, label];
  });
}

/** The unit codes of the registry as options (value = code, label = name). */
export type UnitOptions = Array<[code: string, name: string]>;

function fieldOf(name: string, s: Schema, path: string, required: boolean, labels: Record<string, string>): Field {
  const base = { name, path, label: labels[path] ?? labelled(name, s), required };
  const limits = {
    ...(s.maxLength !== undefined ? { maxLength: s.maxLength } : {}),
    ...(s.minimum !== undefined ? { minimum: s.minimum } : {}),
    ...(s.maximum !== undefined ? { maximum: s.maximum } : {}),
  };
  if (s.type === 'object') return { ...base, kind: 'object', children: fieldsOfObject(s, '', {}) };
  if (s.type === 'array') {
    const items = s.items ?? {};
    const counts = {
      ...(s.minItems !== undefined ? { minItems: s.minItems } : {}),
      ...(s.maxItems !== undefined ? { maxItems: s.maxItems } : {}),
    };
    if (items.enum) return { ...base, ...counts, kind: 'checkboxes', options: options(items.enum, name) };
    if (items.type === 'integer') return { ...base, ...counts, kind: 'numbers' };
    if (items.type === 'object') {
      // One row at first (or as many as the list needs); 添加一项 adds more, up to the schema's limit.
      const rows = Math.min(s.maxItems ?? rowLimit, Math.max(s.minItems ?? 0, 1));
      return { ...base, ...counts, kind: 'rows', rows, children: fieldsOfObject(items, '', {}) };
    }
    return { ...base, ...counts, ...(items.maxLength ? { maxLength: items.maxLength } : {}), kind: 'lines' };
  }
  if (s.enum) return { ...base, kind: 'choice', options: options(s.enum, name) };
  if (s.type === 'boolean') return { ...base, kind: 'checkbox' };
  if (s.type === 'integer' || s.type === 'number') {
    const items = numberedItems[name];
    if (items) {
      return {
        ...base,
        kind: 'choice',
        numeric: true,
        options: Object.entries(items).map(([n, text]) => [n, `${n}. ${text}`]),
      };
    }
    return { ...base, ...limits, kind: 'number', ...(s.type === 'number' ? { decimal: true } : {}) };
  }
  if (s.format === 'local-date') return { ...base, kind: 'date' };
  if (s.pattern === unitCodePattern) return { ...base, kind: 'unit' };
  // A unit is picked from the registry (the API still reads a name in cases started before it decided 回避).
  if (s.description?.includes('Unit code')) return { ...base, kind: 'unit' };
  return { ...base, ...limits, kind: (s.maxLength ?? Infinity) > 200 ? 'textarea' : 'text' };
}

function fieldsOfObject(s: Schema, prefix: string, labels: Record<string, string>): Field[] {
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([name, p]) =>
    fieldOf(name, p, prefix ? `${prefix}.${name}` : name, required.has(name), labels),
  );
}

/**
 * The fields of a step's form: every property of its input but the path parameters (which the form carries hidden).
 * Throws `UnlabelledField` when a field or value has no Chinese label.
 */
export function formFields(
  input: TObject,
  pathParams: readonly string[] = [],
  /** Labels of this form's top-level fields where the shared ones would mislead (`targetUnit` of a proposal). */
  labels: Record<string, string> = {},
): Field[] {
  return fieldsOfObject(input as unknown as Schema, '', labels).filter((f) => !pathParams.includes(f.name));
}

const stepFields = new WeakMap<TObject, Field[]>();

/** A contract step's fields, built once per step (case pages build the forms of every step they offer). */
export function formFieldsOf(step: { input: TObject; pathParams: readonly string[] }): Field[] {
  let fields = stepFields.get(step.input);
  if (!fields) {
    fields = formFields(step.input, step.pathParams);
    stepFields.set(step.input, fields);
  }
  return fields;
}

// ---- the form's fields as HTML ----

const idOf = (formId: string, path: string) => `${formId}-${path.replace(/\./g, '-')}`;

function Hint({ f }: { f: Field }) {
  const parts = [
    f.required ? '必填' : '选填',
    f.maxLength !== undefined && f.kind !== 'choice' ? `最多${f.maxLength}字` : '',
    f.kind === 'lines' ? '每行一项' : '',
    f.minItems ? `至少${f.minItems}项` : '',
    f.maxItems && f.kind !== 'checkboxes' && !f.options ? `最多${f.maxItems}项` : '',
  ].filter(Boolean);
  return <span class="hint">（{parts.join('，')}）</span>;
}

interface FieldProps {
  f: Field;
  formId: string;
  prefix: string;
  values: FormBody;
  errors: FieldErrors;
  units: UnitOptions;
  /** Inside a row that may be left empty: its fields are not required by the browser. */
  optionalRow?: boolean | undefined;
  /** The person's stock phrases, offered under the opinion fields (phrases.tsx; issue 32 item 8). */
  phrases?: string[] | undefined;
}

function Control({ f, formId, prefix, values, errors, units, optionalRow, phrases }: FieldProps): JSX.Element {
  const name = prefix ? `${prefix}.${f.path}` : f.path;
  const id = idOf(formId, name);
  const value = first(values[name]) ?? '';
  const error = errors[name];
  const required = f.required && !optionalRow;
  const describedBy = error ? `${id}-error` : undefined;
  const common = {
    id,
    name,
    required,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
  };
  const errorLine = error ? (
    <p class="field-error" id={`${id}-error`} role="alert">
      {error}
    </p>
  ) : null;

  if (f.kind === 'object') {
    return (
      <fieldset class="group">
        <legend>
          {f.label}
          <Hint f={f} />
        </legend>
        {errorLine}
        <div class="object">
          {/* An optional object may be left empty as a whole: its required fields are not required by the browser. */}
          {f.children!.map((c) => (
            <Control
              {...{ formId, values, errors, units, phrases }}
              optionalRow={optionalRow || !f.required}
              f={c}
              prefix={name}
              key={c.path}
            />
          ))}
        </div>
      </fieldset>
    );
  }
  if (f.kind === 'rows')
    return <Rows {...{ f, formId, prefix, values, errors, units, optionalRow, phrases, name, errorLine }} />;
  if (
    f.kind === 'checkboxes' ||
    (f.kind === 'numbers' && f.options) ||
    (f.kind === 'choice' && (f.options?.length ?? 0) <= 4)
  ) {
    const chosen = new Set(all(values[name]));
    const type = f.kind === 'choice' ? 'radio' : 'checkbox';
    return (
      <fieldset class="choices">
        <legend>
          {f.label}
          <Hint f={f} />
        </legend>
        {errorLine}
        {f.options!.map(([v, label], i) => (
          <label class="choice" key={v}>
            <input
              type={type}
              name={name}
              value={v}
              id={i === 0 ? id : `${id}-${i}`}
              checked={chosen.has(v)}
              required={type === 'radio' && required}
              aria-describedby={describedBy}
            />
            {label}
          </label>
        ))}
      </fieldset>
    );
  }
  let control: JSX.Element;
  switch (f.kind) {
    case 'choice':
    case 'unit':
      control = (
        <select {...common}>
          <option value="">请选择</option>
          {(f.kind === 'unit' ? units : f.options!).map(([v, label]) => (
            <option value={v} selected={v === value} key={v}>
              {label}
            </option>
          ))}
        </select>
      );
      break;
    case 'checkbox':
      return (
        <div class="field checkbox">
          <label>
            <input type="checkbox" name={name} id={id} value="on" checked={value !== ''} /> {f.label}
          </label>
          {errorLine}
        </div>
      );
    case 'date':
      control = <input type="date" value={value} {...common} />;
      break;
    case 'number':
      control = (
        <input type="number" value={value} min={f.minimum} max={f.maximum} step={f.decimal ? 'any' : 1} {...common} />
      );
      break;
    case 'numbers':
      control = <input type="text" inputMode="numeric" value={value} pattern="[0-9 ,，、]*" {...common} />;
      break;
    case 'textarea':
    case 'lines':
      control = (
        <textarea
          rows={f.kind === 'lines' ? 4 : 5}
          maxLength={f.kind === 'lines' ? undefined : f.maxLength}
          {...common}
        >
          {value}
        </textarea>
      );
      break;
    default:
      control = <input type="text" value={value} maxLength={f.maxLength} {...common} />;
  }
  return (
    <div class="field">
      <label for={id}>
        {f.label}
        <Hint f={f} />
      </label>
      {control}
      {phrases?.length && takesPhrases(f) ? <PhrasePicker id={id} name={name} phrases={phrases} /> : null}
      {errorLine}
    </div>
  );
}

/**
 * A list of objects: one row per item, each with its number; 添加一项 and 删除 are submit buttons the server answers
 * with the same form, a row more or less, what was typed kept (so they work without JavaScript). Rows fixed by the case
 * (one per 整改意见) show what they answer, carry their set fields hidden, and are neither added nor removed.
 */
function Rows(p: FieldProps & { name: string; errorLine: JSX.Element | null }) {
  const { f, formId, values, errors, units, name, errorLine, phrases } = p;
  const count = rowCount(f, name, values);
  const fixed = f.fixedRows;
  const least = f.minItems ?? (f.required ? 1 : 0);
  const removable = !fixed && count > Math.max(least, 1);
  return (
    <fieldset class="group" id={idOf(formId, name)}>
      <legend>
        {f.label}
        <Hint f={f} />
      </legend>
      {errorLine}
      {fixed ? null : <input type="hidden" name={rowCountName(name)} value={String(count)} />}
      {fixed && !count ? <p class="empty">目前没有需要逐项填写的事项。</p> : null}
      {Array.from({ length: count }, (_, i) => {
        const set = fixed?.[i]?.set ?? {};
        return (
          <div class="row" key={String(i)}>
            <p class="row-title">{fixed ? fixed[i]!.caption : `第${i + 1}项`}</p>
            {Object.entries(set).map(([k, v]) => (
              <input type="hidden" name={`${name}.${i}.${k}`} value={v} key={k} />
            ))}
            {f
              .children!.filter((c) => !(c.name in set))
              .map((c) => (
                <Control
                  {...{ formId, values, errors, units, phrases }}
                  f={c}
                  prefix={`${name}.${i}`}
                  key={c.path}
                  optionalRow={p.optionalRow || (!fixed && (i >= least || !f.required))}
                />
              ))}
            {removable ? (
              <button type="submit" class="link-button" name="_rows" value={`${name}:remove:${i}`} formNoValidate>
                删除第{i + 1}项
              </button>
            ) : null}
          </div>
        );
      })}
      {!fixed && count < (f.maxItems ?? rowLimit) ? (
        <button type="submit" class="secondary" name="_rows" value={`${name}:add`} formNoValidate>
          添加一项
        </button>
      ) : null}
    </fieldset>
  );
}

/** The fields of a form (without the `<form>`): the page wraps them with the action, the CSRF token and the key. */
export function FormFields(props: {
  fields: Field[];
  formId: string;
  values?: FormBody;
  errors?: FieldErrors;
  units: UnitOptions;
  /** The browser's validator of this form's request (validation-bundle.ts); without it, the API alone checks. */
  validator?: string | undefined;
  /** The person's stock phrases, offered under the opinion fields (issue 32 item 8). */
  phrases?: string[] | undefined;
}) {
  const { fields, formId, values = {}, errors = {}, units, validator, phrases } = props;
  return (
    <>
      {fields.map((f) => (
        <Control
          f={f}
          formId={formId}
          prefix=""
          values={values}
          errors={errors}
          units={units}
          phrases={phrases}
          key={f.path}
        />
      ))}
      {validator ? (
        <script
          type="application/json"
          data-validator={validator}
          // JSON in a script element: `<` escaped, so no text of a field can end the element.
          dangerouslySetInnerHTML={{ __html: JSON.stringify({ formId, fields }).replace(/</g, '\\u003c') }}
        />
      ) : null}
    </>
  );
}
