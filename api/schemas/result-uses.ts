/**
 * 结果运用 (issue 36 item 2): the leading group's decision as the workbench's form takes it. The API's body
 * (routes/result-uses.ts) says a circular's reach as `'all'` or a list of units; a form cannot say a union, so the
 * form has the list alone, and an empty list is the whole province.
 */
import { Type } from '@sinclair/typebox';
import { resultUseTypes } from '../../workflows/domain';
import type { ResultUseType } from '../../workflows/domain';
import { Text, literals, strictInput } from '../../workflows/engine/schemas';
import { caseIdPattern, unitCodePattern } from '../../workflows/ids';
import { problemIdPattern } from '../../workflows/problem/contract';
import { LocalDateTime, PersonSchema } from '../../workflows/result-use/contract';

const Unit = (description: string) => Type.String({ pattern: unitCodePattern, description });

export const ResultUseFormBody = strictInput(
  Type.Object({
    type: literals(Object.keys(resultUseTypes) as ResultUseType[], '结果运用方式'),
    subject: Type.Object({
      caseId: Type.Optional(Type.String({ pattern: caseIdPattern, description: '所涉督查或巡查的编号' })),
      problemId: Type.Optional(Type.String({ pattern: problemIdPattern, description: '所涉整改问题的编号' })),
    }),
    unit: Unit('所涉单位'),
    reason: Text('事由', 2000),
    circular: Type.Optional(
      Type.Object({
        text: Text('通报内容（通报批评时填写）', 8000),
        circulateTo: Type.Optional(
          Type.Array(Unit('通报范围（不选的，通报全省各单位）'), { maxItems: 500, uniqueItems: true }),
        ),
      }),
    ),
    interview: Type.Optional(
      Type.Object({
        leaders: Type.Array(PersonSchema, { minItems: 1, maxItems: 10, description: '被约谈人（约谈时填写）' }),
        scheduledAt: { ...LocalDateTime, description: '约谈时间（北京时间，按“年-月-日 时:分”填写）' },
        place: Text('约谈地点', 200),
      }),
    ),
    listing: Type.Optional(
      Type.Object({
        requirement: Text('督办事项（挂牌督办时填写）', 2000),
        dueDate: Type.Optional(
          Type.String({
            pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
            description: '办结时限（不填的，自挂牌之日起3个月）',
          }),
        ),
        responsibleLeader: Type.Object({ name: Text('责任领导姓名', 50), post: Text('责任领导职务', 100) }),
      }),
    ),
  }),
);

/** The API's body from the form's: the circular's reach is the whole province unless units were chosen. */
export function resultUseBody(form: Record<string, unknown>): Record<string, unknown> {
  const circular = form.circular as { text?: string; circulateTo?: string[] } | undefined;
  if (!circular) return form;
  return {
    ...form,
    circular: { ...circular, circulateTo: circular.circulateTo?.length ? circular.circulateTo : 'all' },
  };
}
