/**
 * 签收、转派 on a unit's case page: the handler (承办人) is picked from the unit's people (those who have signed in,
 * `GET /units/{code}/people`), so the item lands in that person's own queue; a name can still be typed for someone not
 * in the list. Where the unit has more than one person, an item is signed for before it is taken (签收 before 办理):
 * its form waits, and the API refuses it too (api/services/cases.ts).
 */
import type { Field, FormBody } from '../components/forms';
import { first } from '../components/form-data';

export interface UnitPerson {
  id: string;
  name: string;
}

/** The assignment form's fields: the handler picked from the unit's people, or a name typed. */
export function assignmentFields(fields: Field[], people: UnitPerson[]): Field[] {
  if (!people.length) return fields.filter((f) => f.name !== 'handlerId');
  // The list first, the typed name after it.
  const ordered = [...fields].sort((a, b) => Number(b.name === 'handlerId') - Number(a.name === 'handlerId'));
  return ordered.map((f) => {
    if (f.name === 'handlerId') {
      return {
        ...f,
        kind: 'choice',
        label: '承办人（从本单位人员中选择）',
        options: people.map((p): [string, string] => [p.id, p.name]),
      };
    }
    if (f.name === 'handler') return { ...f, required: false, label: '或填写承办人姓名（不在上面名单中时）' };
    return f;
  });
}

/**
 * The assignment's input from its form: a person picked gives the handler's name (the list's), a typed name is kept
 * as it is; undefined when the picked id is not one of the unit's people.
 */
export function assignmentInput(
  input: Record<string, unknown>,
  body: FormBody,
  people: UnitPerson[],
): Record<string, unknown> | undefined {
  const id = first(body.handlerId);
  if (!id) return input;
  const person = people.find((p) => p.id === id);
  if (!person) return undefined;
  return { ...input, handlerId: person.id, handler: person.name };
}

/** Why an item's form waits: the unit has more than one person and nobody has signed for it. */
export const signForFirst = (label: string) => `本单位有多名工作人员：请先签收“${label}”并确定承办人，再办理。`;
