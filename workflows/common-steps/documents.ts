/**
 * The documents of the reusable steps, one builder each for every kind that takes the step: the written report of an
 * inspecting group (督查组, Art. 10; 巡查组, Art. 15 (3)) to the leading group, and the reports up to the committee
 * (signoff.ts). Pure, as every `documents.ts` (workflows/engine/documents.ts).
 */
import type { Block } from '../../lib/documents/official-document';
import type { CaseDocument } from '../engine/documents';
import { documentDate, office, personOf, underMark } from '../engine/documents';
import type { ReportUp } from './signoff';

/** 附件说明: the files the group attached to its written report (their names; the files are in the case store). */
const attachmentsOf = (files: Array<{ section: string; name: string }> | undefined) => {
  const names = (files ?? []).filter((f) => f.section === 'report').map((f) => f.name.replace(/\.[A-Za-z0-9]+$/, ''));
  return names.length ? { attachments: names } : {};
};

/**
 * The group's written report to the leading group: no number and no mark (the group is no issuing authority); it
 * opens with what the group did, reports section by section, closes with 特此报告, and lists the files the group
 * attached to it.
 */
export function groupReport(o: {
  /** 巡查组 or 督查组. */
  group: string;
  leader: string | undefined;
  title: string;
  at: string;
  /** The opening sentence: what the group did, ending 现将…情况报告如下： */
  opening: string;
  sections: Block[];
  files: Array<{ section: string; name: string }> | undefined;
}): CaseDocument {
  return {
    key: 'report',
    kind: '报告',
    title: o.title,
    section: 'report',
    issuedAt: o.at,
    build: () => ({
      issuer: `省脱贫攻坚领导小组${o.group}（组长${o.leader ?? ''}）`,
      printer: office,
      draft: false,
      title: o.title,
      addressee: '省脱贫攻坚领导小组',
      body: [{ text: o.opening }, ...o.sections, { text: '特此报告。' }],
      ...attachmentsOf(o.files),
      date: documentDate(o.at),
    }),
  };
}

/**
 * The reports up to the committee a case drafted (a patrol's final report, a special supervision's report): the text
 * the leading group signed, frozen on the record; before the signature, the system's draft, which says so.
 */
export function reportsUp(r: { reportsUp?: ReportUp[] }): CaseDocument[] {
  return (r.reportsUp ?? []).map((up) => {
    const letter = up.signed?.text ?? up.draft;
    const title = letter.subject.replace(/^【[^】]*】/, '');
    const lines = letter.body.split('\n').filter((l) => l.trim());
    const addressed = lines[0]?.endsWith('：') ? lines.shift()!.slice(0, -1) : '省委、省政府';
    if (lines.at(-1) === '省脱贫攻坚领导小组') lines.pop();
    const issuedAt = up.signed?.at ?? up.draftedAt;
    return {
      key: up.key,
      kind: '报告',
      title,
      section: 'reportsUp',
      ...(up.signed ? { series: 'report' as const } : {}),
      issuedAt,
      ...(up.signed ? {} : { draft: true }),
      build: (number) => ({
        ...underMark(number, !up.signed),
        ...(up.signed?.by.name ? { signer: personOf(up.signed.by.name) } : {}),
        title,
        addressee: addressed,
        body: lines.map((text) => ({ text })),
        date: documentDate(issuedAt),
      }),
    };
  });
}
