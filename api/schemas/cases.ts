/** A case as the HTTP API names, links and lists it: its id in the path, its links, a list row, a task. */
import { Type } from '@sinclair/typebox';
import { caseIdPattern } from '../../workflows/ids';

export const CaseIdParam = Type.Object({
  caseId: Type.String({ pattern: caseIdPattern, description: 'Business workflow id, e.g. patrol-2026-taiyuan-0001' }),
});

export const CaseLinksSchema = Type.Object({
  self: Type.String({ description: 'API URL of the case' }),
  temporalUi: Type.String({ description: 'The case in Temporal UI' }),
});

export const StartedCaseSchema = Type.Object({ caseId: Type.String(), stage: Type.String(), links: CaseLinksSchema });

export const CaseSummarySchema = Type.Object({
  caseId: Type.String(),
  kind: Type.String(),
  targetUnit: Type.String(),
  stage: Type.String({ description: 'As the caller may see it (the unit and the receiving bodies see fewer stages)' }),
  awaiting: Type.Array(Type.String(), {
    description: 'Who the case waits for (`CaseAwaiting` tags); for anyone but the overseers only the caller',
  }),
  overdue: Type.Optional(Type.Boolean({ description: 'Something is overdue (overseers only)' })),
  dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'Earliest due instant (overseers only)' })),
  status: Type.String({ description: 'Temporal execution status: RUNNING, COMPLETED, …' }),
  startedAt: Type.String({ format: 'date-time' }),
  snippet: Type.Optional(
    Type.String({ description: 'The first 40 characters of its grounds (提请依据), when the caller may see them' }),
  ),
  links: CaseLinksSchema,
});

export const TaskSchema = Type.Object({
  caseId: Type.String(),
  kind: Type.String(),
  unitName: Type.String(),
  stage: Type.String(),
  stageLabel: Type.String(),
  step: Type.String({ description: 'The step of the kind that does it' }),
  label: Type.String(),
  url: Type.String({ description: 'The API endpoint that does it (POST)' }),
  dueAt: Type.Optional(Type.String({ format: 'date-time' })),
  dueDate: Type.Optional(Type.String()),
  overdue: Type.Boolean(),
  handler: Type.Optional(Type.String({ description: 'Within the unit: who handles it (承办人), once signed for' })),
  handlerId: Type.Optional(
    Type.String({
      description: "The handler's person id, when picked from the unit's people: it is in their own queue",
    }),
  ),
  startedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the case began (its first event)' })),
  snippet: Type.Optional(
    Type.String({ description: 'The first 40 characters of its grounds (提请依据), when the caller may see them' }),
  ),
  links: CaseLinksSchema,
});
