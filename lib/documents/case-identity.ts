/**
 * How people name a case (issue 32 item 4): a readable title (年度、对象、序号) and a reference in the form of a document
 * number (文号), both derived from what the case's id already says (kind, year, unit, serial) and the target unit's
 * name; and how people name an inspection group. Pure, so the API's lists, the workbench's pages and the notices name a
 * case the same way. Machine ids (`patrol-2026-taiyuan-0007`, `g-2026-07`) stay in URLs and the operator's link.
 */
import type { RecordKind } from '../../workflows/domain';
import { recordKindLabels } from '../../workflows/domain';

/** The issuing code (机关代字) of a case's reference, per kind of case (ours; documents use 晋脱贫请, 晋脱贫报 …). */
const referencePrefixes: Record<string, string> = { patrol: '晋脱贫巡', supervision: '晋脱贫督' };

export interface CaseIdentity {
  /** `2026年对太原市的巡查（第7号）`. */
  title: string;
  /** `晋脱贫巡〔2026〕太原市7号`: only the supervisions and patrols have one. */
  reference?: string;
  year?: number;
  serial?: number;
}

/** `patrol-2026-taiyuan-0007`: kind, year, unit code, serial; the other kinds' ids carry their year after the kind. */
const caseIdParts = /^([a-z]+(?:-[a-z]+)*?)-([0-9]{4})(?:-([a-z][a-z0-9-]*?)-([0-9]{4}|[0-9a-f]{8}))?(?:-[0-9]+)?$/;

/**
 * A case's title and reference, from its id and its target unit's name:
 * `caseIdentity('patrol-2026-taiyuan-0007', '太原市')` →
 * `{ title: '2026年对太原市的巡查（第7号）', reference: '晋脱贫巡〔2026〕太原市7号', year: 2026, serial: 7 }`.
 * A public report (whose id is a hash) is `对大同市的群众举报`; an award round `2026年全国脱贫攻坚奖推荐工作`; a problem
 * of the ledger its source's title and number (`2026年对太原市的巡查（第1号）第3项整改问题`).
 */
export function caseIdentity(caseId: string, unitName?: string): CaseIdentity {
  // A problem of the ledger (issue 35): its source's title and its number there, `…巡查（第1号）第3项整改问题`.
  const problem = /^problem-(.+)-([1-9][0-9]?)$/.exec(caseId);
  if (problem) {
    const source = caseIdentity(problem[1]!, unitName);
    return { title: `${source.title}第${problem[2]}项整改问题`, ...(source.year ? { year: source.year } : {}) };
  }
  // A referral or a use of results (issue 36): numbered within its year, `2026年对太原市的交办核查（第7号）`.
  const yearly = /^(referral|result-use)-([0-9]{4})-([0-9]{4})$/.exec(caseId);
  if (yearly) {
    const [, kind, year, serial] = yearly as unknown as [string, 'referral' | 'result-use', string, string];
    const who = unitName?.trim() ? `对${unitName.trim()}的` : '';
    return {
      title: `${year}年${who}${recordKindLabels[kind]}（第${Number(serial)}号）`,
      ...(kind === 'referral' ? { reference: `晋脱贫交〔${year}〕${Number(serial)}号` } : {}),
      year: Number(year),
      serial: Number(serial),
    };
  }
  const m = caseIdParts.exec(caseId) ?? /^(public-report)-/.exec(caseId);
  const kind = m?.[1] && m[1] in recordKindLabels ? (m[1] as RecordKind) : undefined;
  const label = kind ? recordKindLabels[kind] : '事项';
  const year = kind !== 'public-report' && m?.[2] ? Number(m[2]) : undefined;
  const prefix = kind ? referencePrefixes[kind] : undefined;
  const serial = prefix && m?.[4] && /^[0-9]{4}$/.test(m[4]) ? Number(m[4]) : undefined;
  const who = unitName?.trim() ? unitName.trim() : undefined;
  if (prefix && year && serial && who) {
    return {
      title: `${year}年对${who}的${label}（第${serial}号）`,
      reference: `${prefix}〔${year}〕${who}${serial}号`,
      year,
      serial,
    };
  }
  const of = who ? (kind === 'nomination' ? `（${who}）` : '') : '';
  const target = who && kind !== 'nomination' && kind !== 'award-round' ? `对${who}的` : '';
  return { title: `${year ? `${year}年` : ''}${target}${label}${of}`, ...(year ? { year } : {}) };
}

/** The unit code a patrol's, a supervision's or their problem's id carries (`patrol-2026-taiyuan-0007` → `taiyuan`). */
export const unitCodeOfId = (id: string): string | undefined =>
  /(?:^|-)(?:patrol|supervision)-[0-9]{4}-([a-z][a-z0-9-]*?)-[0-9]{4}(?:-[0-9]+)?$/.exec(id)?.[1];

/**
 * An inspection group as people name it: `g-2026-07` → `2026年第7组`, `g-07` → `第7组`; an id with no number is named
 * as it is, followed by 组.
 */
export function groupLabel(groupId: string): string {
  const dated = /(?:^|-)([0-9]{4})-0*([0-9]+)$/.exec(groupId);
  if (dated) return `${dated[1]}年第${dated[2]}组`;
  const numbered = /(?:^|-)0*([0-9]+)$/.exec(groupId);
  return numbered ? `第${numbered[1]}组` : `${groupId}组`;
}

/** The longest snippet of a case's grounds a list shows. */
export const snippetLength = 40;

/** The first `max` characters of a text on one line, with … when cut. */
export function snippetOf(text: string, max = snippetLength): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line;
}

/**
 * A snippet of what a case rests on, from the record as its reader may see it (a reader who may not see the grounds
 * gets none): a patrol's grounds (提请依据), a supervision's topic, or a follow-up visit's reason.
 */
export function groundsSnippet(view: Record<string, unknown>): string | undefined {
  const grounds = view.grounds as { summary?: unknown } | undefined;
  const followUp = view.followUp as { reason?: unknown } | undefined;
  // A referral's matter (核查事项, issue 36) is what it rests on.
  const text = [grounds?.summary, view.topic, followUp?.reason, view.matter].find(
    (t): t is string => typeof t === 'string' && t.trim() !== '',
  );
  return text === undefined ? undefined : snippetOf(text);
}
