/**
 * Internal comments on a case (ours; 内部意见, as Chinese supervision offices annotate a case between the roles working
 * on it). Each comment names its audience, and only that audience sees it: the overseers (office, leading group,
 * committee) see every comment; the group's leader those addressed to the group. An internal comment is never seen by
 * the unit (issue 34): the unit writes none and reads none; comments once addressed to it (`unit`, before the rule) are
 * read by the overseers and the group only. Who writes may address only an audience they belong to. The text is in the case store (the API puts
 * it there first, claim check): the record keeps its reference and SHA-256, who, when and the audience. A comment is
 * not an event of the timeline (an event would tell a reader who may not see a comment that one exists).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { CaseLimits, Role } from '../domain';
import type { StepSpec } from '../engine/contract';
import { isOverseer } from '../engine/party';
import type { CaseRecordKeeper } from '../engine/record';
import { Done, DocumentRefSchema, literals } from '../engine/schemas';
import type { StepHandler } from '../engine/steps';
import { limitProblem } from '../engine/texts';

/** `unit`: only on comments written before internal comments were kept from the unit (new ones are refused). */
export const commentAudiences = ['overseers', 'group', 'unit'] as const;
export type CommentAudience = (typeof commentAudiences)[number];
/** The audiences a new comment may have: never the unit. */
export const openAudiences = ['overseers', 'group'] as const satisfies readonly CommentAudience[];
export const commentAudienceLabels: Record<CommentAudience, string> = {
  overseers: '仅限省委、省政府和领导小组及其办公室',
  group: '省委、省政府，领导小组及其办公室和督查（巡查）组',
  unit: '省委、省政府，领导小组及其办公室和督查（巡查）组（原定范围含被督查（巡查）单位，现不向其公开）',
};

/** The longest comment (characters); the API refuses longer ones before storing anything. */
export const commentMaxLength = 1000;

export const CommentSchema = Type.Object({
  id: Type.Integer(),
  audience: literals(commentAudiences),
  /** The text, in the case store. */
  text: DocumentRefSchema,
  ...Done,
});
export type CaseComment = Static<typeof CommentSchema>;

/** Whether a role is in a comment's audience (the unit never is: internal comments are not for the unit). */
export function hears(audience: CommentAudience, role: Role): boolean {
  if (isOverseer(role)) return true;
  if (role === 'group-leader') return audience !== 'overseers';
  return false;
}

/** The audiences a role may address: those it belongs to, never the unit. */
export const audiencesOf = (role: Role): CommentAudience[] => openAudiences.filter((a) => hears(a, role));

/**
 * The roles of the comment step (the unit among them only so that comments it wrote before the rule replay as they
 * ran; a new one from the unit is refused).
 */
export const commentRoles = ['office', 'leading-group', 'committee', 'group-leader', 'unit'] as const;
/** The roles that may write an internal comment now. */
export const commentWriters = ['office', 'leading-group', 'committee', 'group-leader'] as const;

/** The step the API takes once it has stored the text (no route of its own: POST /cases/{id}/comments). */
export function commentStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'comments',
    input: Type.Object({ audience: literals(commentAudiences), text: DocumentRefSchema }),
    roles: commentRoles,
    stages,
    internal: true,
    summary: 'Internal comments between the roles that may see them (内部意见)',
  } as const satisfies StepSpec<S>;
}

export function commentHandler(
  record: () => { comments?: CaseComment[] },
  keeper: CaseRecordKeeper<string>,
  now: () => string,
  limits: () => CaseLimits,
): StepHandler<{ audience: CommentAudience; text: Static<typeof DocumentRefSchema> }> {
  return {
    // (As before the rule, so that accepted comments replay; `admit` refuses the unit's part in new ones.)
    allow: (by, d) =>
      hears(d.audience, by.role) || (by.role === 'unit' && d.audience === 'unit')
        ? undefined
        : '不能向自己不在其中的范围发表意见',
    check: () => limitProblem(record().comments?.length ?? 0, limits().comments, '本案的内部意见'),
    admit: (d) => (d.audience === 'unit' ? '内部意见不向被督查（巡查）单位公开，请选择其他范围' : undefined),
    apply: (d, by) => {
      const c = record();
      c.comments ??= [];
      c.comments.push({ id: c.comments.length + 1, audience: d.audience, text: d.text, at: now(), by });
      keeper.touch();
    },
  };
}
