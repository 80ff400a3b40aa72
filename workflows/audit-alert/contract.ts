/**
 * An audit alert (审计预警, issue 33 item 4): a person read more reporters' or objectors' identities and files in an
 * hour than `AUDIT_ALERT_READS_PER_HOUR`. The watcher (watch.ts) raises one; the office checks the audit trail and
 * records what it found (已核查) by a deadline. Its record, its steps and who sees what, read by its workflow
 * (workflow.ts) and by the API.
 *
 * The record names the person by the id and role the audit trail has for them, never anything that was read: the
 * counts, the hour they fall in and the link to the trail (`/workbench/audit?person=…`). Only the office sees it; the
 * auditor sees the office's step in the trail, like any other.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { caseContract, defineSteps } from '../engine/contract';
import type { CaseRecord } from '../engine/record';
import { Done, Instant, Text, caseRecordFields, literals } from '../engine/schemas';
import { handleUndeliveredStep } from '../common-steps/undelivered';
import type { ViewSpec } from '../engine/view';

/** `audit-alert-2026-office-3f9a0c1d`: the year, the person's role, 8 hex digits of the person and the hour. */
export const auditAlertIdPattern = '^audit-alert-[0-9]{4}-[a-z][a-z-]*-[0-9a-f]{8}$';

/** A role as the id and the record's `targetUnit.code` carry it (`office`, `leading-group`). */
export const roleSlug = (role: string): string => /^[a-z][a-z-]*$/.exec(role)?.[0] ?? 'person';

/** The id of an alert: `hex` is 8 hex digits the watcher's activity derives from the person and the hour. */
export const auditAlertId = (year: number, role: string, hex: string): string =>
  `audit-alert-${year}-${roleSlug(role)}-${hex}`;

export const alertStages = ['raised', 'checked'] as const;
export type AlertStage = (typeof alertStages)[number];
export const alertStageLabels: Record<AlertStage, string> = { raised: '待核查', checked: '已核查' };

/** One kind of access the alert counts, with the name the auditor reads (lib/audit/kinds.ts). */
export const ReadCountSchema = Type.Object({ access: Type.String(), label: Type.String(), count: Type.Integer() });
export type ReadCount = Static<typeof ReadCountSchema>;

/** What the watcher found: who, how many of each kind in which hour, over which threshold, and where to look. */
export const AlertSchema = Type.Object({
  person: Type.String({ description: 'The person’s id, as the audit trail has it (the token’s `sub`)' }),
  role: Type.String(),
  reads: Type.Array(ReadCountSchema),
  total: Type.Integer(),
  threshold: Type.Integer({ description: '`AUDIT_ALERT_READS_PER_HOUR` when it was raised' }),
  since: Instant,
  until: Instant,
  /** The auditor's page of this person's entries (the workbench's 审计日志). */
  auditLink: Type.String(),
});
export type Alert = Static<typeof AlertSchema>;

export const AuditAlertFields = Type.Object({
  alert: AlertSchema,
  check: Type.Optional(Type.Object({ note: Type.String(), ...Done, late: Type.Boolean() })),
});
export type AuditAlertFields = Static<typeof AuditAlertFields>;
export type AuditAlertRecord = CaseRecord<AlertStage> & AuditAlertFields;

export const AuditAlertViewSchema = Type.Object(
  { ...caseRecordFields('audit-alert', literals(alertStages)), ...Type.Partial(AuditAlertFields).properties },
  {
    $id: 'AuditAlertView',
    description: 'An audit alert (审计预警): who read how many identities and files in which hour. The office only.',
  },
);

export type AuditAlertInput = Alert;

export const auditAlertSteps = defineSteps<AlertStage>()({
  checkAuditAlert: {
    path: 'check',
    input: Type.Object({ note: Text('核查情况（如：经核实系正常办理举报件）', 500) }),
    roles: ['office'],
    stages: ['raised'],
    summary: 'Issue 33 item 4: the office records that it checked an audit alert (已核查)',
    description:
      'The office has looked at the person’s entries in the audit trail and says what it found. Due by the end of the next calendar day (policy `audit-alert-check`).',
  },
  handleUndelivered: handleUndeliveredStep(alertStages),
});

export type AlertSection = keyof AuditAlertFields | 'deliveries';

/** The office only: no other role sees anything of an alert (docs/security.md, "Alerts"). */
export const auditAlertView: ViewSpec<AuditAlertRecord, AlertSection> = {
  fields: Object.keys(AuditAlertFields.properties) as Array<keyof AuditAlertFields>,
  sections: {
    office: 'all',
    'leading-group': [],
    committee: [],
    'group-leader': [],
    unit: [],
    discipline: [],
    public: [],
    auditor: [],
  },
  externalStage: (s) => s,
  stageLabels: alertStageLabels,
};

export const auditAlertContract = caseContract({
  kind: 'audit-alert',
  workflowType: 'auditAlert',
  resource: 'audit-alerts',
  steps: auditAlertSteps,
  view: auditAlertView,
  viewSchema: AuditAlertViewSchema,
  // `caseId`, as the audit trail records the resource of a request by it.
  id: {
    param: 'caseId',
    schema: Type.String({ pattern: auditAlertIdPattern, description: 'e.g. audit-alert-2026-office-3f9a0c1d' }),
  },
  notFound: '没有找到这条审计预警',
});
