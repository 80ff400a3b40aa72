/**
 * Public reports (受理群众举报) as anyone files and follows them: the filing, its receipt, a receipt's status, and the
 * receipt code looked up (also an objection's, routes/awards.ts). The workbench's public pages use the same.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { literals, strictInput } from '../../workflows/engine/schemas';
import { unitCodeDoc, unitCodePattern } from '../../workflows/ids';
import type { PublicStatus } from '../../workflows/public-report/contract';
import { publicStatuses } from '../../workflows/public-report/contract';

export const FilingSchema = strictInput(
  Type.Object({
    targetUnit: Type.Optional(
      Type.String({ pattern: unitCodePattern, description: unitCodeDoc('Unit code, if the reporter knows it') }),
    ),
    unitText: Type.Optional(Type.String({ maxLength: 200, description: '被反映的单位（不知道单位代码时填写名称）' })),
    what: Type.String({ minLength: 1, maxLength: 4000, description: '反映的问题' }),
    when: Type.Optional(Type.String({ maxLength: 200, description: '发生的时间' })),
    where: Type.Optional(Type.String({ maxLength: 200, description: '发生的地点' })),
    name: Type.Optional(Type.String({ maxLength: 100, description: '举报人姓名（可不填，匿名举报）' })),
    contact: Type.Optional(Type.String({ maxLength: 100, description: '联系方式（可不填）' })),
  }),
);

export const ReceiptSchema = Type.Object(
  {
    receipt: Type.String({ description: 'The receipt code: the only way to follow the report; keep it' }),
    receivedOn: Type.String(),
    status: literals(Object.keys(publicStatuses) as PublicStatus[]),
    statusLabel: Type.String(),
    reply: Type.Optional(Type.String()),
    message: Type.String(),
  },
  { $id: 'PublicReportReceipt' },
);

export const StatusSchema = Type.Object({
  receivedOn: Type.String(),
  status: literals(Object.keys(publicStatuses) as PublicStatus[]),
  statusLabel: Type.String(),
  reply: Type.Optional(Type.String({ description: "The office's reply to the reporter, if any" })),
  updatedOn: Type.String(),
});

/** A filing's answer and a receipt's status (the workbench's public pages show them). */
export type FilingReceipt = Static<typeof ReceiptSchema>;
export type ReceiptStatus = Static<typeof StatusSchema>;

/** A receipt code as it is looked up (a report's or an objection's; any case, dashes and spaces optional). */
export const ReceiptCode = Type.String({ minLength: 1, maxLength: 80, pattern: '^[0-9A-Za-z -]+$' });
