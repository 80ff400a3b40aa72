/**
 * Need to know (docs/need-to-know.md): what of a case record each role may see. A kind declares, per role, the
 * sections of its record that role may read; every kind-specific field is a section of the same name, and every
 * event and deadline names its section. Pure, so the API (and later the case store) project records the same way.
 */
import type { Actor, Role } from '../domain';
import { isCourtesy } from '../domain';
import { isOverseer, isParty } from './party';
import type { CaseRecord } from './record';

/** What a role may see of a record: everything, or these sections. */
export type SectionGrant<F extends string> = 'all' | readonly F[];

export interface ViewSpec<R extends CaseRecord, F extends string> {
  /** The kind-specific fields of the record, each a section of the same name. */
  fields: readonly (keyof R & F)[];
  /** Per role, the sections it may see (fields and event-only sections). */
  sections: Record<Role, SectionGrant<F>>;
  /** Items of a list field a role sees only some of (a receiving body sees only its own transfers). */
  items?: Partial<Record<keyof R & F, (item: never, viewer: Actor) => boolean>>;
  /**
   * How a stage appears to the target unit and the receiving bodies, who must not learn of the leading group's and
   * the committee's internal steps; and the label of each stage.
   */
  externalStage: (stage: R['stage']) => R['stage'];
  stageLabels: Record<R['stage'], string>;
}

/** Whether a grant includes a section. */
export const sees = (grant: SectionGrant<string>, section: string): boolean =>
  grant === 'all' || grant.includes(section);

/** A record as one viewer sees it: the shared fields always, the kind's own fields only where allowed. */
export type CaseView<R extends CaseRecord> = CaseRecord<R['stage']> & Partial<Omit<R, keyof CaseRecord>>;

/** Roles outside the provincial chain: they see only what concerns them, and a neutral stage. */
const external = (role: Role) => role === 'unit' || role === 'discipline';

/**
 * Project a record for a viewer. The overseers see it whole; anyone else sees the sections the kind grants its role,
 * only the deadlines, notices and awaited steps addressed to them (a group's leader also the deadlines of its
 * sections), and, for the unit and the receiving bodies, events only about themselves or about nobody in particular.
 */
export function projectCase<R extends CaseRecord, F extends string>(
  record: R,
  viewer: Actor,
  spec: ViewSpec<R, F>,
): CaseView<R> {
  const grant = spec.sections[viewer.role];
  if (grant === 'all' && isOverseer(viewer.role)) return record;
  const seen = (section: string) => sees(grant, section);
  const outside = external(viewer.role);
  const stage = outside ? spec.externalStage(record.stage) : record.stage;
  const view = {
    caseId: record.caseId,
    kind: record.kind,
    targetUnit: record.targetUnit,
    stage,
    stageLabel: spec.stageLabels[stage as R['stage']],
    closed: record.closed,
    revision: record.revision,
    // A body outside the line was asked without a date: it sees what to do, not the office's follow-up date.
    awaiting: record.awaiting
      .filter((a) => isParty(viewer, a))
      .map((a) => {
        const track = record.deadlines.find((t) => t.key === a.deadlineKey);
        if (!outside || !track || !isCourtesy(track.kind)) return a;
        const { dueAt: _dueAt, overdue: _overdue, ...asked } = a;
        return asked;
      }),
    events: record.events
      .filter((e) => seen(e.section) && (!outside || !e.party || isParty(viewer, e.party)))
      .map((e) => (outside ? { ...e, stage: spec.externalStage(e.stage as R['stage']) } : e)),
    // A body outside the line was given no date (courtesy items): the date is the office's, for its follow-up.
    deadlines: record.deadlines.filter((t) =>
      outside ? isParty(viewer, t.party) && !isCourtesy(t.kind) : seen(t.section),
    ),
    notifications: record.notifications.filter((n) => isParty(viewer, n.to)),
  } as CaseView<R>;
  for (const field of spec.fields) {
    if (!seen(field) || record[field] === undefined) continue;
    const only = spec.items?.[field] as ((item: unknown, viewer: Actor) => boolean) | undefined;
    const value = record[field];
    (view as Record<string, unknown>)[field] =
      only && Array.isArray(value) ? (value as unknown[]).filter((item) => only(item, viewer)) : value;
  }
  return view;
}
