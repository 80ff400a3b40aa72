/**
 * Issue 32 item 8: stock phrases (常用语) in forms. Under a field that takes an opinion, a list of the person's phrases
 * and 插入常用语, a submit button the server answers with the same form, the phrase added to the field (so it works
 * without JavaScript, as 添加一项 does). Which fields take one is decided here, by their label.
 */
import { phraseLength, phraseLimits } from '../../../lib/store/phrases';
import type { Field, FormBody } from './form-data';
import { fieldAtName, first } from './form-data';

/** A long text field whose label has one of these words takes stock phrases: an opinion, a reason, an answer. */
const opinionWords = ['意见', '理由', '批示', '答复', '说明', '审定意见', '备注'];

/** Whether the field offers stock phrases. */
export const takesPhrases = (f: Field): boolean =>
  f.kind === 'textarea' && opinionWords.some((word) => f.label.includes(word));

/** Whether any field of the form (or of its objects and rows) offers stock phrases. */
export const hasPhraseField = (fields: Field[]): boolean =>
  fields.some((f) => takesPhrases(f) || (f.children ? hasPhraseField(f.children) : false));

/** The list's name for the field at `path` (`_phrase.reason`, `_phrase.decisions.1.reason`). */
export const phraseChoiceName = (path: string) => `_phrase.${path}`;

/**
 * 插入常用语 (the button's value: the field's path): the form's values with the chosen phrase added at the end of that
 * field, on a new line unless what is there ends with punctuation. Refused, with why, when it would make the field
 * longer than it may be; nothing changed for anything that is not a phrase field of this form.
 */
export function applyPhrase(fields: Field[], form: FormBody, target: string): { values: FormBody; error?: string } {
  const f = /^[A-Za-z0-9_.]{1,200}$/.test(target) ? fieldAtName(fields, target) : undefined;
  const phrase = (first(form[phraseChoiceName(target)]) ?? '').trim();
  if (!f || !takesPhrases(f) || !phrase || phraseLength(phrase) > phraseLimits.length) return { values: form };
  const before = first(form[target]) ?? '';
  const value = before.trim() ? `${before}${/[\s。！？；：，、]$/.test(before) ? '' : '\n'}${phrase}` : phrase;
  if (f.maxLength !== undefined && phraseLength(value) > f.maxLength) {
    return { values: form, error: `“${f.label}”加上这条常用语将超过${f.maxLength}字，未插入` };
  }
  return { values: { ...form, [target]: value } };
}

/** The list of phrases and 插入常用语, under the field named `name` (its control's id is `id`). */
export function PhrasePicker({ id, name, phrases }: { id: string; name: string; phrases: string[] }) {
  return (
    <div class="phrases">
      <label for={`${id}-phrase`}>常用语</label>
      <select id={`${id}-phrase`} name={phraseChoiceName(name)}>
        {phrases.map((p) => (
          <option value={p} key={p}>
            {p}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary" name="_phrase" value={name} formNoValidate>
        插入常用语
      </button>
    </div>
  );
}
