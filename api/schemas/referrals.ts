/** 交办核查 (issue 36 item 1): the office's start of a referral, shared by the route and the workbench's form. */
import { Type } from '@sinclair/typebox';
import type { ReferralSource } from '../../workflows/domain';
import { referralSources } from '../../workflows/domain';
import { Text, literals, strictInput } from '../../workflows/engine/schemas';
import { caseIdPattern, publicReportIdPattern, unitCodeDoc, unitCodePattern } from '../../workflows/ids';

export const ReferralStartBody = strictInput(
  Type.Object({
    source: Type.Object({
      kind: literals(Object.keys(referralSources) as ReferralSource[], '交办事项的来源'),
      publicReportId: Type.Optional(
        Type.String({ pattern: publicReportIdPattern, description: '群众举报编号（来源为群众举报时填写）' }),
      ),
      caseId: Type.Optional(
        Type.String({ pattern: caseIdPattern, description: '督查或巡查编号（来源为督查巡查发现的问题时填写）' }),
      ),
    }),
    unit: Type.String({ pattern: unitCodePattern, description: unitCodeDoc('The unit that verifies') }),
    matter: Text('核查事项（办公室根据登记摘要或发现的问题撰写，不写举报人信息）', 2000),
    dueDate: Type.Optional(
      Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: '核查期限（不填的，自交办之日起30日）' }),
    ),
  }),
);
