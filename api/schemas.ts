import type { Static, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { PatrolCaseRecord } from '../workflows/patrol';
import type { SupervisionCaseRecord } from '../workflows/supervision';
import type { InspectionMethod, SupervisionType, TransferRecipient } from '../workflows/domain';
import {
  caseIdPattern,
  caseKinds,
  groundsSources,
  inspectionMethods,
  leaderRanks,
  patrolStages,
  roles,
  supervisionStages,
  supervisionTypes,
  transferRecipients,
  unitKinds,
} from '../workflows/domain';
import { ruleUnits } from '../lib/deadlines';
import { escalationRoles, submissionKinds } from '../lib/deadline-policy';

/** Request and response schemas: they validate input, shape output and generate the OpenAPI document. */

/** A string enum typed as the union of its values. */
export const literals = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String({ description: '给人读的说明（中文）' }),
    code: Type.Optional(Type.String({ description: 'Machine-readable reason, e.g. StepOutOfOrder' })),
  },
  { $id: 'Error' },
);

export const errorResponses = (...codes: number[]): Record<number, TSchema> =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')]));

export const CaseIdParam = Type.Object({
  caseId: Type.String({ pattern: caseIdPattern, description: 'Business workflow id, e.g. patrol-2026-taiyuan-0001' }),
});

export const SupervisionIdParam = Type.Object({
  caseId: Type.String({
    pattern: caseIdPattern.replace('(patrol|supervision)', 'supervision'),
    description: 'e.g. supervision-2026-taiyuan-0001',
  }),
});

export const PatrolIdParam = Type.Object({
  caseId: Type.String({
    pattern: caseIdPattern.replace('(patrol|supervision)', 'patrol'),
    description: 'e.g. patrol-2026-taiyuan-0001',
  }),
});

export const ActorSchema = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  role: literals(roles),
  unit: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
});

const TargetUnitSchema = Type.Object({ code: Type.String(), name: Type.String(), kind: literals(unitKinds) });
const Instant = Type.String({ format: 'date-time' });
const LocalDate = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'Local date (Asia/Shanghai), YYYY-MM-DD',
});

const CaseEventSchema = Type.Object({
  at: Instant,
  stage: Type.String(),
  action: Type.String(),
  summary: Type.String(),
  by: Type.Optional(ActorSchema),
  note: Type.Optional(Type.String()),
});

const PartyFields = {
  role: literals(roles),
  unit: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
};

const AwaitedActionSchema = Type.Object({
  ...PartyFields,
  action: Type.String({ description: 'The API step that answers it, under the case URL' }),
  label: Type.String(),
  dueAt: Type.Optional(Instant),
  deadlineKey: Type.Optional(Type.String()),
  overdue: Type.Optional(Type.Boolean()),
});

const RuleSchema = Type.Object({ unit: literals(ruleUnits), amount: Type.Integer() });

const DeadlineSchema = Type.Object({
  from: Instant,
  rule: Type.Optional(RuleSchema),
  dueDate: Type.String({ description: 'Local due date (Asia/Shanghai)' }),
  dueAt: Type.String({ description: 'The instant it ends: 23:59:59 Beijing time on the due date' }),
  label: Type.String(),
});

const DeadlineTrackSchema = Type.Object({
  key: Type.String(),
  kind: literals(submissionKinds),
  label: Type.String(),
  party: Type.Object(PartyFields),
  action: Type.String(),
  issuedAt: Instant,
  deadline: DeadlineSchema,
  status: literals(['waiting', 'overdue', 'submitted'] as const),
  reminders: Type.Array(Type.Object({ at: Instant, beforeMs: Type.Number(), dueDate: Type.String() })),
  overdueAt: Type.Optional(Instant),
  escalations: Type.Array(
    Type.Object({ at: Instant, to: literals(escalationRoles), afterMs: Type.Number(), dueDate: Type.String() }),
  ),
  extensions: Type.Array(
    Type.Object({
      at: Instant,
      by: ActorSchema,
      reason: Type.String(),
      fromDueDate: Type.String(),
      toDueDate: Type.String(),
    }),
  ),
  submittedAt: Type.Optional(Instant),
  submittedBy: Type.Optional(ActorSchema),
  late: Type.Optional(Type.Boolean()),
});

const NotificationRecordSchema = Type.Object({
  notificationId: Type.String(),
  at: Instant,
  to: Type.Object(PartyFields),
  subject: Type.String(),
  deliveries: Type.Array(
    Type.Object({
      channel: literals(['email', 'webhook'] as const),
      target: Type.String(),
      status: literals(['sending', 'delivered', 'failed'] as const),
      error: Type.Optional(Type.String()),
    }),
  ),
});

export const GroundsSchema = Type.Object({
  sources: Type.Array(literals(groundsSources, 'Art. 12: information held'), { minItems: 1, uniqueItems: true }),
  summary: Type.String({ minLength: 1, maxLength: 4000, description: '依据摘要（中文）' }),
});

const Text = (description: string, maxLength = 8000) => Type.String({ maxLength, description });

export const GroupSchema = Type.Object({
  id: Type.String({
    pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
    description: "Group id, carried in the leader's token as `group`",
  }),
  leader: Type.Object({
    name: Type.String({ maxLength: 100 }),
    rank: literals(Object.keys(leaderRanks) as Array<keyof typeof leaderRanks>, 'Art. 7/13: must be department (厅级)'),
    unit: Type.String({ maxLength: 200, description: 'Unit code or name the leader comes from' }),
  }),
  members: Type.Array(
    Type.Object({
      name: Type.String({ maxLength: 100 }),
      unit: Type.String({ maxLength: 200, description: 'Unit code or name the member is drawn from' }),
      locality: Type.Optional(Type.String({ maxLength: 200 })),
    }),
    { maxItems: 100 },
  ),
});

const FindingSchema = Type.Object({
  id: Type.Integer(),
  keyItem: Type.Integer(),
  keyItemLabel: Type.String(),
  methods: Type.Array(literals(Object.keys(inspectionMethods) as InspectionMethod[])),
  summary: Type.String(),
  at: Instant,
  by: ActorSchema,
});

export const OpinionSchema = Type.Object({
  text: Text('处理意见'),
  basis: Text('所依据的事实和有关规定'),
});

const Done = { at: Instant, by: ActorSchema };

/** What every case record has (workflows/case-record.ts). */
const caseRecordFields = {
  caseId: Type.String(),
  kind: literals(caseKinds),
  targetUnit: TargetUnitSchema,
  stageLabel: Type.String(),
  closed: Type.Boolean(),
  awaiting: Type.Array(AwaitedActionSchema),
  events: Type.Array(CaseEventSchema),
  deadlines: Type.Array(DeadlineTrackSchema),
  notifications: Type.Array(NotificationRecordSchema),
};

const GroupRecordSchema = Type.Intersect([GroupSchema, Type.Object({ formedAt: Instant, formedBy: ActorSchema })]);

export const PatrolRecordSchema = Type.Object(
  {
    ...caseRecordFields,
    stage: literals(patrolStages),
    grounds: GroundsSchema,
    approval: Type.Optional(
      Type.Object({
        decision: literals(['approve', 'reject'] as const),
        reason: Type.Optional(Type.String()),
        ...Done,
      }),
    ),
    group: Type.Optional(GroupRecordSchema),
    workPlan: Type.Optional(Type.Object({ summary: Type.String(), stationedOn: Type.String(), ...Done })),
    findings: Type.Array(FindingSchema),
    suggestions: Type.Array(
      Type.Object({
        id: Type.Integer(),
        summary: Type.String(),
        findingIds: Type.Array(Type.Integer()),
        ...Done,
        answer: Type.Optional(Type.Object({ text: Type.String(), ...Done })),
      }),
    ),
    report: Type.Optional(
      Type.Object({ situation: Type.String(), problems: Type.String(), opinions: Type.Array(OpinionSchema), ...Done }),
    ),
    requests: Type.Array(
      Type.Object({
        summary: Type.String(),
        ...Done,
        decision: Type.Optional(literals(['approve', 'send-back'] as const)),
        remarks: Type.Optional(Type.String()),
        decidedAt: Type.Optional(Instant),
        decidedBy: Type.Optional(ActorSchema),
      }),
    ),
    transfers: Type.Array(
      Type.Object({
        id: Type.Integer(),
        to: literals(Object.keys(transferRecipients) as TransferRecipient[]),
        recipientName: Type.String(),
        summary: Type.String(),
        ...Done,
        acknowledged: Type.Optional(Type.Object({ ...Done, note: Type.Optional(Type.String()) })),
      }),
    ),
    feedback: Type.Optional(
      Type.Object({ situation: Type.String(), rectificationOpinions: Type.Array(Type.String()), ...Done }),
    ),
    rectification: Type.Optional(
      Type.Object({
        summary: Type.String(),
        measures: Type.Array(Type.String()),
        publicSummary: Type.Optional(Type.String()),
        ...Done,
        late: Type.Boolean(),
      }),
    ),
    summaryToCommittee: Type.Optional(Type.Object({ summary: Type.String(), ...Done })),
    publication: Type.Optional(Type.Object({ text: Type.String(), at: Instant, url: Type.String() })),
  },
  { $id: 'PatrolCaseRecord' },
);

export const SupervisionRecordSchema = Type.Object(
  {
    ...caseRecordFields,
    stage: literals(supervisionStages),
    type: literals(Object.keys(supervisionTypes) as SupervisionType[]),
    topic: Type.Optional(Type.String()),
    year: Type.Integer(),
    round: Type.Optional(
      Type.Object({
        workflowId: Type.String(),
        inspectingCity: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() })),
      }),
    ),
    approval: Type.Optional(
      Type.Object({
        decision: literals(['approve', 'reject'] as const),
        reason: Type.Optional(Type.String()),
        ...Done,
        withPlan: Type.Optional(Type.String()),
      }),
    ),
    group: Type.Optional(GroupRecordSchema),
    workPlan: Type.Optional(Type.Object({ summary: Type.String(), ...Done })),
    findings: Type.Array(
      Type.Intersect([FindingSchema, Type.Object({ thirdPartyAssessment: Type.Optional(Type.String()) })]),
    ),
    report: Type.Optional(
      Type.Object({
        situation: Type.String(),
        problems: Type.String(),
        opinions: Type.String(),
        suggestions: Type.String(),
        ...Done,
      }),
    ),
    commendation: Type.Optional(Type.Object({ citation: Type.String(), ...Done })),
    results: Type.Optional(
      Type.Object({ summary: Type.String(), rectificationRequirements: Type.Array(Type.String()), ...Done }),
    ),
    rectification: Type.Optional(
      Type.Object({ summary: Type.String(), measures: Type.Array(Type.String()), ...Done, late: Type.Boolean() }),
    ),
  },
  { $id: 'SupervisionCaseRecord' },
);

// Compile-time guard: the response schema and the workflow's record type describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const patrolRecordMatchesWorkflow: Same<Static<typeof PatrolRecordSchema>, PatrolCaseRecord> = true;
export const supervisionRecordMatchesWorkflow: Same<
  Static<typeof SupervisionRecordSchema>,
  SupervisionCaseRecord
> = true;

export { LocalDate, Text };

export const CaseLinksSchema = Type.Object({
  self: Type.String({ description: 'API URL of the case' }),
  temporalUi: Type.String({ description: 'The case in Temporal UI' }),
});

export const CaseSummarySchema = Type.Object({
  caseId: Type.String(),
  kind: Type.String(),
  targetUnit: Type.String(),
  stage: Type.String(),
  awaiting: Type.Array(Type.String()),
  overdue: Type.Boolean(),
  dueAt: Type.Optional(Type.String({ format: 'date-time' })),
  status: Type.String({ description: 'Temporal execution status: RUNNING, COMPLETED, …' }),
  startedAt: Type.String({ format: 'date-time' }),
  links: CaseLinksSchema,
});

/** `Idempotency-Key` header: a retried request with the same key has its effect once. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 128,
      pattern: '^[A-Za-z0-9._:-]+$',
      description: 'Request id; a retry with the same key has its effect once',
    }),
  ),
});
