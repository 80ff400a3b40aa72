/** The internal comments and the upload on a case page: their forms, built from the API's answer. */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../../workflows/domain';
import type { CaseRecord } from '../../../workflows/engine/record';
import type { CaseFile } from '../../../workflows/common-steps/files';
import { fileSectionLabels } from '../../../workflows/common-steps/files';
import type { DocumentRef } from '../../../workflows/engine/schemas';
import { Type } from '@sinclair/typebox';
import { CommentInput } from '../../schemas';
import type { CommentsList } from '../../schemas';
import { allowedTypes } from '../../uploads';
import type { Field } from '../components/forms';
import { formFields } from '../components/forms';
import type { CommentsBlock, UploadForm } from './views/case-forms';
import type { FileItem } from './views/case-page';
import { personLabel } from './record';
import type { AnyStep, Workbench } from '../components/context';
import { chineseDateTime } from '../components/format';
import { reportFileSections } from './public-report-view';
import { base } from '../components/context';
import type { Retry } from './page';

/**
 * The steps that take uploaded files (the API stores the files, then takes the step with their references), with what
 * the page's form says: a group's files of its work plan or report, in sections; a problem's 佐证材料.
 */
const uploadSteps: Record<string, { title: string; sections: Array<[value: string, label: string]> }> = {
  attachFiles: { title: '上传附件（工作方案、书面报告）', sections: Object.entries(fileSectionLabels) },
  attachProblemEvidence: { title: '上传佐证材料（整改的证明材料）', sections: [] },
};

const uploadOf = (steps: Record<string, AnyStep>) => {
  const name = Object.keys(uploadSteps).find((n) => steps[n]);
  return name ? { ...uploadSteps[name]!, spec: steps[name] } : undefined;
};

const sizeText = (size: number) =>
  size >= 1024 * 1024 ? `${(size / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(size / 1024)} KB`;

/** The files a record lists (a case's by section, a problem's 佐证材料), each a download link of the workbench. */
export function filesOf(view: Record<string, unknown>): FileItem[] {
  const files = ((view.files as CaseFile[] | undefined) ?? []).map((f) => ({
    name: f.name,
    href: `${base}/files/${f.id}`,
    section: fileSectionLabels[f.section] ?? reportFileSections[f.section] ?? '',
    size: sizeText(f.size),
  }));
  const evidence = ((view.evidence as Array<DocumentRef & { at?: string }> | undefined) ?? []).map((f) => ({
    name: f.name,
    href: `${base}/files/${f.id}`,
    section: `佐证材料${f.at ? `，${chineseDateTime(f.at)}上传` : ''}`,
    size: sizeText(f.size),
  }));
  return [...files, ...evidence];
}

/** Built once per registration: it registers the comment form's validator for the browser. */
export function attachmentForms(ctx: Workbench) {
  const { api, config, validation } = ctx;

  const commentText = formFields(Type.Object({ text: CommentInput.properties.text }), [], { text: '意见' });
  /** The comment form's fields: the text, and the audiences the person may write to (from the API's answer). */
  const commentFields = (audiences: CommentsList['audiences']): Field[] => [
    ...commentText,
    {
      name: 'audience',
      path: 'audience',
      label: '范围（谁能看到）',
      kind: 'choice',
      required: true,
      options: audiences.map((a): [string, string] => [a.audience, a.label]),
    },
  ];

  const commentValidator = validation.register('form.comment', CommentInput);

  async function commentsOf(request: FastifyRequest, caseId: string): Promise<CommentsList | undefined> {
    const answer = await api<CommentsList>(request, 'GET', `/cases/${encodeURIComponent(caseId)}/comments`);
    return answer.status === 200 ? answer.body : undefined;
  }

  function commentsBlock(caseId: string, list: CommentsList, closed: boolean, retry?: Retry): CommentsBlock {
    const again = retry?.anchor === 'comments' ? retry : undefined;
    return {
      items: list.comments.map((c) => ({ at: c.at, by: personLabel(c.by), audience: c.audienceLabel, text: c.text })),
      ...(!closed && list.audiences.length
        ? {
            form: {
              action: `${base}/cases/${encodeURIComponent(caseId)}/comments`,
              idempotencyKey: again?.idempotencyKey ?? `wb-${randomUUID()}`,
              fields: commentFields(list.audiences),
              validator: commentValidator,
              ...(again ? { values: again.values } : {}),
              ...(again?.refusal ? { refusal: again.refusal } : {}),
            },
          }
        : {}),
    };
  }

  const uploadAccept = Object.keys(allowedTypes).join(',');

  /**
   * The upload form: the group's leader while the group plans and works in the field (Art. 10, 15); a unit on its own
   * problem of the ledger while it rectifies (佐证材料, issue 35).
   */
  function uploadForm(caseId: string, view: CaseRecord & Record<string, unknown>, actor: Actor, retry?: Retry) {
    const found = ctx.kindOf(caseId);
    const upload = found ? uploadOf(found.contract.steps) : undefined;
    const attach = upload?.spec;
    if (!upload || !attach || !attach.roles.includes(actor.role) || !attach.stages.includes(view.stage))
      return undefined;
    if (view.closed) return undefined;
    const group = (view.group as { id?: string } | undefined)?.id;
    if (attach.scope === 'own-group' && (!group || group !== actor.group)) return undefined;
    if (attach.scope === 'own-unit' && view.targetUnit.code !== actor.unit) return undefined;
    const again = retry?.anchor === 'upload' ? retry : undefined;
    return {
      title: upload.title,
      action: `${base}/cases/${encodeURIComponent(caseId)}/files`,
      idempotencyKey: again?.idempotencyKey ?? `wb-${randomUUID()}`,
      sections: upload.sections,
      accept: uploadAccept,
      maxFiles: config.ATTACHMENTS_PER_UPLOAD,
      maxMegabytes: Math.max(1, Math.floor(config.ATTACHMENT_MAX_BYTES / 1024 / 1024)),
      ...(again?.refusal ? { refusal: again.refusal } : {}),
    } satisfies UploadForm;
  }

  /** Where the page's upload goes in the API, and the step it takes (for the page's notice); none for a kind without. */
  function uploadTarget(caseId: string): { url: string; step: string; sections: boolean } | undefined {
    const found = ctx.kindOf(caseId);
    const upload = found ? uploadOf(found.contract.steps) : undefined;
    if (!found || !upload?.spec) return undefined;
    const resource = upload.spec.name === 'attachFiles' ? 'cases' : found.contract.resource;
    return {
      url: `/${resource}/${encodeURIComponent(caseId)}/files`,
      step: upload.spec.name,
      sections: upload.sections.length > 0,
    };
  }

  return { commentFields, commentsOf, commentsBlock, uploadForm, uploadTarget };
}
