/**
 * The TypeBox schemas every case kind is built from. One schema is the HTTP body the API validates (ajv), the
 * input type the workflow receives (`Static<>`), the check the workflow's validator runs again (`Value.Check`),
 * and the OpenAPI document. Pure data: bundled into workflow code.
 *
 * Inputs are strict: no property the schema does not name (`strictInput`), no format but `local-date`, which both the
 * API and the workflow know.
 */
import { unitCodeDoc } from '../ids';
import type { Static, TSchema, TUnsafe } from '@sinclair/typebox';
import { CloneType, FormatRegistry, Kind, Type, TypeRegistry } from '@sinclair/typebox';
import {
  channels,
  escalationRoles,
  inspectionMethods,
  leaderRanks,
  roles,
  ruleUnits,
  submissionKinds,
  unitKinds,
} from '../domain';
import type { InspectionMethod, LeaderRank } from '../domain';
import { isSaneLocalDate } from './texts';

// A date that exists and lies within a sane range of today (workflow time, in workflow code).
FormatRegistry.Set('local-date', (value) => isSaneLocalDate(value));

// A string enum that both ajv (`enum`) and TypeBox's own check understand.
TypeRegistry.Set<{ enum: string[] }>('StringEnum', (schema, value) => schema.enum.includes(value as string));

/** A string enum typed as the union of its values. */
export const literals = <T extends readonly string[]>(values: T, description?: string): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({
    [Kind]: 'StringEnum',
    type: 'string',
    enum: [...values],
    ...(description ? { description } : {}),
  });

/** Free text of an input, at most `maxLength` characters. Emptiness is a rule of the step (a Chinese refusal). */
export const Text = (description: string, maxLength = 8000) => Type.String({ maxLength, description });

/** A local date in Asia/Shanghai that exists on the calendar, within 2 years back and 5 years ahead of today. */
export const LocalDate = Type.String({
  format: 'local-date',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'Local date (Asia/Shanghai), YYYY-MM-DD: a real date, at most 2 years back and 5 years ahead',
});

/**
 * The strict copy of an input schema: every object in it refuses properties it does not name, so nothing a request adds
 * beyond the contract reaches a case (or its history). The shared parts (a group, a finding) stay open where records use
 * them.
 */
export function strictInput<T extends TSchema>(schema: T): T {
  const copy = CloneType(schema);
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const s = node as Record<string | symbol, unknown>;
    if (s[Kind] === 'Object' && s.additionalProperties === undefined) s.additionalProperties = false;
    for (const key of ['properties', 'items', 'anyOf', 'allOf', 'oneOf'] as const) {
      const child = s[key];
      if (Array.isArray(child)) child.forEach(walk);
      else if (child && typeof child === 'object') {
        if (key === 'properties') Object.values(child).forEach(walk);
        else walk(child);
      }
    }
  };
  walk(copy);
  return copy;
}

/** An instant in a record (never in an input). */
export const Instant = Type.String({ format: 'date-time' });

export const ActorSchema = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  role: literals(roles),
  unit: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
});

export const TargetUnitSchema = Type.Object({
  code: Type.String({ description: unitCodeDoc('Registry code') }),
  name: Type.String(),
  kind: literals(unitKinds),
});

/** Who a step, a deadline or a notice is for: a role, narrowed to one unit or one group. */
export const PartySchema = Type.Object({
  role: literals(roles),
  unit: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
});
export type Party = Static<typeof PartySchema>;

// ---- inspection groups and findings (Art. 5, 7, 9, 13, 14) ----

export const groupIdPattern = '^[a-z0-9][a-z0-9-]{1,62}$';

export const GroupSchema = Type.Object({
  id: Type.String({ pattern: groupIdPattern, description: "Group id, carried in the leader's token as `group`" }),
  leader: Type.Object({
    name: Type.String({ maxLength: 100 }),
    rank: literals(Object.keys(leaderRanks) as LeaderRank[], 'Art. 7/13: must be department (厅级)'),
    unit: Type.String({
      maxLength: 200,
      description: `${unitCodeDoc('Unit code')} (a member unit, \`member: true\`), or the name of the unit the leader comes from`,
    }),
  }),
  members: Type.Array(
    Type.Object({
      name: Type.String({ maxLength: 100 }),
      unit: Type.String({
        maxLength: 200,
        description: `${unitCodeDoc('Unit code')} (Art. 7: a member unit, \`member: true\`), or the name of the unit the member is drawn from`,
      }),
      locality: Type.Optional(Type.String({ maxLength: 200 })),
    }),
    { maxItems: 100 },
  ),
});
export type InspectionGroup = Static<typeof GroupSchema>;

export const MethodsSchema = Type.Array(
  literals(Object.keys(inspectionMethods) as InspectionMethod[], 'Art. 5 method'),
  { minItems: 1, maxItems: 9, uniqueItems: true },
);

/** Done by someone at some time: every decision keeps both. */
export const Done = { at: Instant, by: ActorSchema };

/** A file or long text in the case store, as a record refers to it (claim check: never the bytes). */
export const DocumentRefSchema = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
  name: Type.String({ maxLength: 200 }),
  contentType: Type.String({ maxLength: 200 }),
  size: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
export type DocumentRef = Static<typeof DocumentRefSchema>;

export const GroupRecordSchema = Type.Intersect([
  GroupSchema,
  Type.Object({ formedAt: Instant, formedBy: ActorSchema }),
]);

/** Art. 5: a third-party assessment of the register, as a finding cites it. */
export const AssessmentCitationSchema = Type.Object({
  id: Type.String(),
  assessor: Type.String(),
  year: Type.Integer(),
});
export type AssessmentCitation = Static<typeof AssessmentCitationSchema>;

/** `assessment-2026-0001`. */
export const assessmentIdPattern = '^assessment-[0-9]{4}-[0-9]{4}$';

export const FindingSchema = Type.Object({
  id: Type.Integer(),
  /** Number of the key problem (Art. 14) or key content (Art. 9). */
  keyItem: Type.Integer(),
  keyItemLabel: Type.String(),
  methods: MethodsSchema,
  summary: Type.String(),
  /** Art. 5 (重视运用第三方评估成果): the assessment of the register the finding rests on. */
  assessment: Type.Optional(AssessmentCitationSchema),
  /** Item 6 ("other", the open end of Art. 9 and 14): what kind of problem it is. */
  otherDescription: Type.Optional(Type.String()),
  /** Art. 5 (明察暗访): found on an unannounced visit. */
  unannounced: Type.Optional(Type.Boolean()),
  ...Done,
});
export type Finding = Static<typeof FindingSchema>;

/** An approval decision as it is taken (Art. 6, 12): a rejection needs its reason (a rule of the step). */
export const ApprovalInputSchema = Type.Object({
  decision: literals(['approve', 'reject'] as const),
  reason: Type.Optional(Text('理由（不批准时必填）', 1000)),
});

/** An approval decision as the record keeps it (Art. 6, 12). */
export const ApprovalRecordSchema = Type.Object({
  decision: literals(['approve', 'reject'] as const),
  reason: Type.Optional(Type.String()),
  ...Done,
});

// ---- deadlines ----

export const DeadlineRuleSchema = Type.Object({ unit: literals(ruleUnits), amount: Type.Integer() });

export const DeadlineSchema = Type.Object({
  from: Instant,
  rule: Type.Optional(DeadlineRuleSchema),
  dueDate: Type.String({ description: 'Local due date (Asia/Shanghai)' }),
  dueAt: Type.String({ description: 'The instant it ends: 23:59:59 Beijing time on the due date' }),
  label: Type.String(),
  /** A term the measures fix that ended on a day off: the day it would have ended, and why it moved (docs/deadlines.md). */
  movedFrom: Type.Optional(Type.String({ description: 'The due date before it moved to the next working day' })),
  movedFor: Type.Optional(Type.String({ description: 'The day off it ended on: 国庆节, 星期六' })),
});

/** Where a party answers: a step of the case kind, with the values of its path parameters. */
const StepLinkFields = {
  step: Type.String({ description: 'The step of the case kind that answers it (its URL is in `/my/tasks`)' }),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Integer()]))),
};

export const DeadlineTrackSchema = Type.Object({
  key: Type.String(),
  kind: literals(submissionKinds),
  label: Type.String(),
  party: PartySchema,
  /** The part of the record the deadline belongs to (need to know, see docs/need-to-know.md). */
  section: Type.String(),
  ...StepLinkFields,
  issuedAt: Instant,
  deadline: DeadlineSchema,
  /** `closed`: no longer asked for (the leading group closed the item with a reason, e.g. a rectification it ended). */
  status: literals(['waiting', 'overdue', 'submitted', 'closed'] as const),
  reminders: Type.Array(Type.Object({ at: Instant, beforeMs: Type.Number(), dueDate: Type.String() })),
  overdueAt: Type.Optional(Instant),
  /** The measures fix this term (the policy's `fixedByMeasures`): the unit may ask the leading group to extend it. */
  fixedByMeasures: Type.Optional(Type.Boolean()),
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
  /**
   * Art. 11, 16 (2): the unit's requests to extend a term the measures fix (延期申请), each with the leading group's
   * decision once made (workflows/common-steps/extension-requests.ts).
   */
  extensionRequests: Type.Optional(
    Type.Array(
      Type.Object({
        at: Instant,
        by: ActorSchema,
        reason: Type.String(),
        proposedDueDate: Type.String(),
        decision: Type.Optional(
          Type.Object({
            at: Instant,
            by: ActorSchema,
            decision: literals(['approve', 'reject'] as const),
            reason: Type.String(),
            toDueDate: Type.Optional(Type.String()),
          }),
        ),
      }),
    ),
  ),
  /** Within the unit: who handles the item now (承办人), who signed for it or handed it on, and when. */
  handler: Type.Optional(
    Type.Object({
      name: Type.String(),
      /** The person, when picked from the unit's people (their sign-in's `sub`): their own queue holds the item. */
      id: Type.Optional(Type.String()),
      at: Instant,
      by: ActorSchema,
    }),
  ),
  /** A courtesy item past its date: the office follows it up (its task), and records what it did. */
  followUpNeeded: Type.Optional(Type.Boolean()),
  followUps: Type.Optional(Type.Array(Type.Object({ at: Instant, by: ActorSchema, note: Type.String() }))),
  submittedAt: Type.Optional(Instant),
  submittedBy: Type.Optional(ActorSchema),
  late: Type.Optional(Type.Boolean()),
});
export type DeadlineTrack = Static<typeof DeadlineTrackSchema>;
/** A deadline still waited for (not submitted, not closed). */
export const isOpenTrack = (t: Pick<DeadlineTrack, 'status'>) => t.status === 'waiting' || t.status === 'overdue';

// ---- what every case record has ----

export const CaseEventSchema = Type.Object({
  at: Instant,
  stage: Type.String(),
  /** Machine name of what happened, e.g. `proposed`, `committee-approved`, `reminder-sent`. */
  action: Type.String(),
  summary: Type.String({ description: 'Chinese sentence for people' }),
  /** The part of the record it belongs to (need to know). */
  section: Type.String(),
  /** The one party it concerns, when it concerns one (a unit's deadline, a body's transfer). */
  party: Type.Optional(PartySchema),
  by: Type.Optional(ActorSchema),
  note: Type.Optional(Type.String()),
});
export type CaseEvent = Static<typeof CaseEventSchema>;

export const AwaitedActionSchema = Type.Object({
  ...PartySchema.properties,
  ...StepLinkFields,
  label: Type.String(),
  dueAt: Type.Optional(Instant),
  deadlineKey: Type.Optional(Type.String()),
  overdue: Type.Optional(Type.Boolean()),
});
export type AwaitedAction = Static<typeof AwaitedActionSchema>;

export const NotificationRecordSchema = Type.Object({
  notificationId: Type.String(),
  at: Instant,
  to: PartySchema,
  subject: Type.String(),
  deliveries: Type.Array(
    Type.Object({
      channel: literals(channels),
      target: Type.String(),
      status: literals(['sending', 'delivered', 'failed'] as const),
      error: Type.Optional(Type.String()),
      /** When it was delivered or given up (absent while sending, and on records older than this field). */
      settledAt: Type.Optional(Instant),
      /** How many times the channel was tried (its activity's attempts). */
      attempts: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
  ),
  /**
   * Every channel failed (催办未送达): the office has a task until it says what it did, sent again or reached the
   * addressee another way.
   */
  undelivered: Type.Optional(
    Type.Object({
      at: Instant,
      handled: Type.Optional(
        Type.Object({
          how: literals(['resend', 'reached'] as const),
          note: Type.Optional(Type.String()),
          ...Done,
        }),
      ),
    }),
  ),
});
export type NotificationRecord = Static<typeof NotificationRecordSchema>;

/** The fields every case record has, with the kind's own name and stages (so one kind's record never fits another's). */
export const caseRecordFields = <K extends string, S extends TSchema>(kind: K, stage: S) => ({
  caseId: Type.String(),
  kind: literals([kind] as const),
  targetUnit: TargetUnitSchema,
  stage,
  stageLabel: Type.String(),
  closed: Type.Boolean(),
  /** Grows with every change a reader can see. */
  revision: Type.Integer(),
  /** Everything the case waits for now: the stage's next step and every open deadline, most urgent first. */
  awaiting: Type.Array(AwaitedActionSchema),
  events: Type.Array(CaseEventSchema),
  deadlines: Type.Array(DeadlineTrackSchema),
  notifications: Type.Array(NotificationRecordSchema),
});
