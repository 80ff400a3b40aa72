import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The project's custom search attributes: what operators filter on in Temporal UI and what the API's
 * case lists query. Registered by `npm start` (dev server flags), by the test servers and, on an
 * existing cluster, by the worker at start-up (see worker/search-attributes.ts).
 */
export const CaseKind = defineSearchAttributeKey('CaseKind', SearchAttributeType.KEYWORD);
export const TargetUnit = defineSearchAttributeKey('TargetUnit', SearchAttributeType.KEYWORD);
export const CaseStage = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
/** Who the case waits for now: `committee`, `unit:taiyuan`, `group-leader:g-2026-01`, `discipline:procuratorate`. */
export const CaseAwaiting = defineSearchAttributeKey('CaseAwaiting', SearchAttributeType.KEYWORD_LIST);
/**
 * Who besides the office, the leading group and the committee may see the case, in the same tags: the target unit
 * once it is notified (`unit:taiyuan`), the group's leader once the group is formed, a receiving body once something
 * is transferred to it. The API decides access from this before it reads a record (docs/need-to-know.md).
 */
export const CaseViewers = defineSearchAttributeKey('CaseViewers', SearchAttributeType.KEYWORD_LIST);
export const CaseOverdue = defineSearchAttributeKey('CaseOverdue', SearchAttributeType.BOOL);
/** The earliest due instant among what the case waits for. */
export const CaseDueAt = defineSearchAttributeKey('CaseDueAt', SearchAttributeType.DATETIME);

/** The comprehensive round a supervision case belongs to (`supervision-round-2026`), and the round itself. */
export const CaseRound = defineSearchAttributeKey('CaseRound', SearchAttributeType.KEYWORD);

export const caseSearchAttributes = [
  CaseKind,
  TargetUnit,
  CaseStage,
  CaseAwaiting,
  CaseViewers,
  CaseOverdue,
  CaseDueAt,
  CaseRound,
];

/** Temporal CLI spelling of each type, for `temporal server start-dev --search-attribute Name=Type`. */
const cliTypeNames: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export function searchAttributeCliFlags(): string[] {
  return caseSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]);
}
