/** The internal comments and the upload on a case page: their forms, built from the API's answer. */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../../workflows/domain';
import type { CaseRecord } from '../../../workflows/engine/record';
import { fileSectionLabels } from '../../../workflows/common-steps/files';
import { Type } from '@sinclair/typebox';
import { CommentInput } from '../../schemas';
import type { CommentsList } from '../../schemas';
import { allowedTypes } from '../../uploads';
import type { Field } from '../components/forms';
import { formFields } from '../components/forms';
import type { CommentsBlock, UploadForm } from './views/case-forms';
import { personLabel } from './record';
import type { Workbench } from '../components/context';
import { base } from '../components/context';
import type { Retry } from './page';

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

  /** The upload form, for the group's leader while the group plans and works in the field (Art. 10, 15). */
  function uploadForm(caseId: string, view: CaseRecord & Record<string, unknown>, actor: Actor, retry?: Retry) {
    const attach = ctx.kindOf(caseId)?.contract.steps?.attachFiles;
    const group = (view.group as { id?: string } | undefined)?.id;
    if (!attach || !attach.roles.includes(actor.role) || !attach.stages.includes(view.stage)) return undefined;
    if (!group || group !== actor.group || view.closed) return undefined;
    const again = retry?.anchor === 'upload' ? retry : undefined;
    return {
      action: `${base}/cases/${encodeURIComponent(caseId)}/files`,
      idempotencyKey: again?.idempotencyKey ?? `wb-${randomUUID()}`,
      sections: Object.entries(fileSectionLabels),
      accept: uploadAccept,
      maxFiles: config.ATTACHMENTS_PER_UPLOAD,
      maxMegabytes: Math.max(1, Math.floor(config.ATTACHMENT_MAX_BYTES / 1024 / 1024)),
      ...(again?.refusal ? { refusal: again.refusal } : {}),
    } satisfies UploadForm;
  }

  return { commentFields, commentsOf, commentsBlock, uploadForm };
}
