/**
 * A case's report up the chain (DOMAIN.md: the leading group signs reports): the system drafts it when the case is
 * otherwise done; the leading group reviews it, may edit it, and signs; only then is it sent and the case closed.
 * The draft and any edited text stay on the record, so what the system wrote and what was sent can both be read.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { patched } from '@temporalio/workflow';
import type { Actor } from '../domain';
import type { StepSpec } from '../engine/contract';
import type { Notifier } from '../engine/notifier';
import type { CaseRecordKeeper } from '../engine/record';
import { Done, Instant, Text, literals } from '../engine/schemas';
import type { StepHandler } from '../engine/steps';

const Letter = Type.Object({ subject: Type.String(), body: Type.String() });
type Letter = Static<typeof Letter>;

export const ReportUpSchema = Type.Object({
  key: Type.String({ description: '`final-report` (a patrol), `special-report` (a special supervision)' }),
  to: literals(['committee'] as const),
  status: literals(['awaiting-signature', 'signed'] as const),
  draft: Letter,
  draftedAt: Instant,
  signed: Type.Optional(
    Type.Object({
      ...Done,
      edited: Type.Boolean(),
      /** The text as sent, when the leading group changed the draft. */
      text: Type.Optional(Letter),
      note: Type.Optional(Type.String()),
    }),
  ),
});
export type ReportUp = Static<typeof ReportUpSchema>;
export const ReportsUpSchema = Type.Array(ReportUpSchema, {
  description: 'Reports up to the committee: drafted by the system, signed by the leading group, then sent',
});

/**
 * The leading group's signature of a report drafted as a stored text (a round's reports, the year's patrol
 * rectification report): who, when, the stored version signed and its hash, and whether that was an edit of the draft.
 */
export function storedSignature(
  d: { by: Actor; version: string; sha256: string; note?: string | undefined },
  draftSha256: string | undefined,
) {
  return {
    at: new Date().toISOString(),
    by: d.by,
    edited: d.sha256 !== draftSha256,
    sha256: d.sha256,
    version: d.version,
    ...(d.note?.trim() ? { note: d.note } : {}),
  };
}

export const signReportInput = Type.Object({
  key: Type.String({ pattern: '^[a-z-]{1,40}$', description: 'The report, as the record names it (`final-report`)' }),
  subject: Type.Optional(Text('修改后的标题', 200)),
  body: Type.Optional(Text('修改后的正文', 8000)),
  note: Type.Optional(Text('审签意见', 500)),
});
export type SignReportInput = Static<typeof signReportInput>;

export function signReportStep<S extends string>(stages: readonly S[]) {
  return {
    path: 'reports/:key/signature',
    input: signReportInput,
    roles: ['leading-group'],
    stages,
    summary: 'The leading group reviews, edits if it must, and signs a report the case drafted; then it goes up (审签)',
    description:
      'Without `subject`/`body`, the draft is signed as it is. With them, the edited text is sent and the draft kept on the record.',
  } as const satisfies StepSpec<S>;
}

export interface SignOffHost {
  reports(): ReportUp[] | undefined;
  setReports(reports: ReportUp[]): void;
  keeper: CaseRecordKeeper<string>;
  notifier: Notifier;
  now(): string;
}

export class SignOff {
  constructor(private readonly host: SignOffHost) {}

  private get(key: string): ReportUp | undefined {
    return this.host.reports()?.find((r) => r.key === key);
  }

  /**
   * Whether the report may go now: signed, or (a case that reached this point before sign-off existed) sent as drafted.
   * The first time, it is drafted and the leading group is asked to sign it.
   */
  ready(key: string, draft: () => Letter): boolean {
    const report = this.get(key);
    if (report) return report.status === 'signed';
    // Cases that sent this report before this change replay as they ran.
    if (!patched('signed-case-reports')) return true;
    const { keeper } = this.host;
    const letter = draft();
    const title = letter.subject.replace(/^【[^】]*】/, '');
    this.host.setReports([
      ...(this.host.reports() ?? []),
      { key, to: 'committee', status: 'awaiting-signature', draft: letter, draftedAt: this.host.now() },
    ]);
    keeper.note('reportsUp', 'report-drafted', `系统已起草${title}，待领导小组审签`);
    keeper.moveTo(keeper.stage, [
      { role: 'leading-group', step: 'signReport', params: { key }, label: '审签报告并报送省委、省政府' },
    ]);
    this.host.notifier.send(`${key}:draft`, {
      to: { role: 'leading-group' },
      subject: `【待审签】${title}`,
      body: `${keeper.title}：《${title}》代拟稿已生成，请审核修改后签发。`,
    });
    return false;
  }

  /** The text to send: as signed (edited or not), or the draft of a case from before sign-off. */
  letter(key: string, draft: () => Letter): Letter {
    const report = this.get(key);
    return report?.signed?.text ?? report?.draft ?? draft();
  }

  handler(): StepHandler<SignReportInput> {
    return {
      conflict: (d) => {
        const report = this.get(d.key);
        return !report ? '没有待审签的报告' : report.status === 'signed' ? '该报告已签发' : undefined;
      },
      check: (d) =>
        (d.subject !== undefined && !d.subject.trim()) || (d.body !== undefined && !d.body.trim())
          ? '修改后的标题和正文不能为空'
          : undefined,
      apply: (d, by) => {
        const report = this.get(d.key)!;
        const text = { subject: d.subject ?? report.draft.subject, body: d.body ?? report.draft.body };
        const edited = text.subject !== report.draft.subject || text.body !== report.draft.body;
        report.status = 'signed';
        report.signed = {
          at: this.host.now(),
          by,
          edited,
          ...(edited ? { text } : {}),
          ...(d.note?.trim() ? { note: d.note } : {}),
        };
        this.host.keeper.note('reportsUp', 'report-signed', `领导小组已审签报告${edited ? '（有修改）' : ''}`, {
          by,
          note: d.note,
        });
        this.host.keeper.moveTo(this.host.keeper.stage, []);
      },
    };
  }
}
