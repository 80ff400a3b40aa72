/**
 * Files of a group's work plan and written report (Art. 10, 15): uploaded through the API (POST /cases/{id}/files),
 * stored in the case store, and kept on the record as references with their SHA-256 (claim check). Who sees a file
 * follows the section it belongs to (a unit never sees the group's work plan or report).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { StepSpec } from '../engine/contract';
import type { CaseRecordKeeper } from '../engine/record';
import { Done, DocumentRefSchema, literals } from '../engine/schemas';
import type { StepHandler } from '../engine/steps';
import type { CaseLimits } from '../domain';
import { limitProblem } from '../engine/texts';

export const fileSections = ['workPlan', 'report'] as const;
export type FileSection = (typeof fileSections)[number];
export const fileSectionLabels: Record<FileSection, string> = { workPlan: '工作方案', report: '书面报告' };

export const CaseFileSchema = Type.Intersect([
  DocumentRefSchema,
  Type.Object({ section: literals(fileSections), ...Done }),
]);
export type CaseFile = Static<typeof CaseFileSchema>;

/** The step the API takes after it has stored the files: the record keeps their references. */
export function attachFilesStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'files',
    input: Type.Object({
      section: literals(fileSections),
      files: Type.Array(DocumentRefSchema, { minItems: 1, maxItems: 20 }),
    }),
    roles: ['group-leader'],
    scope: 'own-group',
    stages,
    internal: true,
    summary: "Art. 10, 15: files of the group's work plan or written report",
  } as const satisfies StepSpec<S>;
}

export function attachFilesHandler(
  record: () => { files?: CaseFile[] },
  keeper: CaseRecordKeeper<string>,
  now: () => string,
  limits: () => CaseLimits,
): StepHandler<{ section: FileSection; files: Static<typeof DocumentRefSchema>[] }> {
  return {
    // The files this upload brings must all fit under the limit.
    check: (d) =>
      limitProblem((record().files?.length ?? 0) + d.files.length - 1, limits().files, '本次督查或巡查保存的附件'),
    apply: (d, by) => {
      const c = record();
      c.files ??= [];
      for (const f of d.files) c.files.push({ ...f, section: d.section, at: now(), by });
      keeper.note(d.section, 'files-attached', `${fileSectionLabels[d.section]}附件${d.files.length}个`, { by });
      keeper.sync();
    },
  };
}
