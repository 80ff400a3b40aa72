/**
 * One nomination for a national poverty-alleviation award (Part 1; ours, DOMAIN.md), a child of the year's round
 * (award-round/workflow.ts): the nominating unit's evidence per condition, the facts of the system's own records about the
 * nominee's unit (shown to reviewers, never a verdict), the office's review condition by condition, requests for more
 * evidence on the deadline engine, and the outcome the round tells it (the list, an objection upheld, the submission).
 */
import { condition, continueAsNew, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import { Value } from '@sinclair/typebox/value';
import type { createActivities } from '../../activities';
import { CaseBase } from '../engine/case';
import { assertInput } from '../engine/failures';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import { required } from '../engine/texts';
import type { ConditionVerdict } from './conditions';
import { awardLabels, conditionText, conditionVerdicts, conditionsOf, passes } from './conditions';
import type { Evidence, NominationFields, NominationInput, NominationOutcome, NominationStage } from './contract';
import type { ProgressState } from '../engine/progress';
import { ProgressReporter } from '../engine/progress';
import {
  NominationOutcomeSchema,
  closedNominationStages,
  nominationContract,
  nominationOutcomeSignal,
  nominationStageLabels,
  nominationSteps,
} from './contract';
import type { NominationProgress } from '../award-round/contract';
import { nominationProgressSignal } from '../award-round/contract';

const { awardCrossChecks } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Supporting files per condition's statement (references; the files are in the case store). */
const maxAttachments = 20;

export class Nomination extends CaseBase<NominationStage, NominationFields> {
  /** Whether the facts of the records are read: steps wait for it. */
  armed = false;
  /** Progress reports to the round. */
  private readonly progress: ProgressReporter<Omit<NominationProgress, 'seq'>>;

  constructor(private readonly input: NominationInput) {
    super({
      kind: 'nomination',
      unit: input.unit,
      initialStage: input.submitted.late ? 'late-pending' : 'reviewing',
      stageLabels: nominationStageLabels,
      initialAwaiting: [],
      fields: {
        year: input.year,
        roundId: input.roundWorkflowId,
        award: input.award,
        nominee: input.nominee,
        deedsSummary: input.deedsSummary,
        contactsOnFile: input.contactsOnFile,
        submitted: input.submitted,
        evidence: input.evidence,
        crossChecks: { at: input.submitted.at, unit: { code: input.nominee.unitCode, name: '' }, facts: [] },
        reviews: [],
        weighing: [],
      },
      groupWord: '组',
      resume: input.resume,
    });
    this.progress = new ProgressReporter(nominationProgressSignal, input.resume?.extra as ProgressState | undefined);
  }

  private get named(): string {
    return `${this.c.nominee.name}（${awardLabels[this.c.award]}）`;
  }

  /** The nomination came in: the facts of the records are read, the nominating unit may follow it, the office reviews. */
  async receive(): Promise<void> {
    const { keeper, c } = this;
    keeper.grant(this.unitParty());
    keeper.note(
      'submitted',
      c.submitted.late ? 'nomination-received-late' : 'nomination-received',
      `${this.unit.name}推荐${this.named}${c.submitted.late ? '（推荐截止后报送，已记录为逾期）' : ''}`,
      { by: c.submitted.by, party: this.unitParty() },
    );
    c.crossChecks = await awardCrossChecks.executeWithOptions({ summary: `核对系统记录：${c.nominee.unitCode}` }, [
      { unit: c.nominee.unitCode, year: c.year },
    ]);
    this.armed = true;
    keeper.note(
      'crossChecks',
      'cross-checks-read',
      c.crossChecks.facts.length
        ? `已从本系统记录中查到与${c.crossChecks.unit.name}有关的情况${c.crossChecks.facts.length}项，供审核参考`
        : `本系统记录中没有与${c.crossChecks.unit.name}有关、需审核时考虑的情况`,
    );
    if (c.submitted.late) {
      keeper.moveTo('late-pending', [{ role: 'office', step: 'decideLateNomination', label: '决定是否接收逾期推荐' }]);
      this.notifier.send('late', {
        to: { role: 'office' },
        subject: `【逾期推荐】${keeper.title}`,
        body: `${this.unit.name}在推荐截止后报送了${this.named}，请决定是否接收并写明理由。`,
      });
    } else this.awaitReview();
  }

  private awaitReview(): void {
    this.keeper.moveTo('reviewing', [{ role: 'office', step: 'reviewNomination', label: '逐项审核推荐材料' }]);
    this.notifier.send(`review-${this.c.reviews.length + 1}`, {
      to: { role: 'office' },
      subject: `【待审核】${this.keeper.title}`,
      body: `${this.unit.name}推荐${this.named}，请逐项审核基本条件和奖项条件。`,
    });
  }

  /** The evidence that counts: the latest statement per condition. */
  private evidenced(): Set<string> {
    return new Set(this.c.evidence.map((e) => e.condition));
  }

  handlers(): StepHandlers<typeof nominationSteps> {
    const { keeper, c, deadlines } = this;
    return {
      decideLateNomination: {
        check: (d) => required(d.reason, '理由'),
        apply: (d, by) => {
          c.lateDecision = { accept: d.accept, reason: d.reason, at: this.now(), by };
          keeper.note(
            'lateDecision',
            d.accept ? 'late-nomination-accepted' : 'late-nomination-refused',
            d.accept ? '逾期报送的推荐予以接收，进入审核' : '逾期报送的推荐不予接收',
            { by, note: d.reason, party: this.unitParty() },
          );
          this.notifier.send('late-decision', {
            to: this.unitParty(),
            subject: `【${d.accept ? '接收' : '不予接收'}逾期推荐】${keeper.title}`,
            body: `${this.named}：${d.accept ? '逾期报送的推荐已接收，进入审核' : '逾期报送的推荐不予接收'}。理由：${d.reason}`,
          });
          if (d.accept) this.awaitReview();
          else keeper.moveTo('refused', [], { closed: true });
        },
      },

      reviewNomination: {
        check: (d) => {
          const wanted = conditionsOf(c.award).map((x) => x.id);
          const given = d.conditions.map((x) => x.condition);
          const unknown = given.filter((id) => !wanted.includes(id));
          if (unknown.length) return `${awardLabels[c.award]}的审核不涉及条件${unknown.join('、')}`;
          if (new Set(given).size !== given.length) return '每项条件只能审核一次';
          const missing = wanted.filter((id) => !given.includes(id));
          if (missing.length) return `须逐项审核全部条件，尚缺：${missing.map(conditionText).join('；')}`;
          const have = this.evidenced();
          for (const x of d.conditions) {
            if (x.verdict === 'met' && !have.has(x.condition))
              return `“${conditionText(x.condition)}”没有推荐单位提交的证明材料，不能认定为符合（可要求补充材料）`;
            if (x.verdict !== 'met' && !x.reason?.trim())
              return `“${conditionText(x.condition)}”审核为${conditionVerdicts[x.verdict]}，须写明理由`;
          }
          const facts = c.crossChecks.facts.map((f) => f.id);
          const weighed = d.weighing.map((w) => w.fact);
          const strange = weighed.filter((f) => !facts.includes(f));
          if (strange.length) return `核对情况中没有${strange.join('、')}`;
          const unweighed = c.crossChecks.facts.filter((f) => !weighed.includes(f.id));
          if (unweighed.length)
            return `须写明如何考虑本系统记录中的每项情况，尚缺：${unweighed.map((f) => f.text).join('；')}`;
          if (d.weighing.some((w) => !w.note.trim())) return '考虑情况不能为空';
          return undefined;
        },
        apply: async (d, by) => {
          const at = this.now();
          const verdicts = new Map<string, ConditionVerdict>(d.conditions.map((x) => [x.condition, x.verdict]));
          const more = d.conditions.filter((x) => x.verdict === 'needs-more');
          const passed = !more.length && passes(c.award, verdicts);
          c.reviews.push({
            conditions: d.conditions.map((x) => ({
              condition: x.condition,
              verdict: x.verdict,
              ...(x.reason?.trim() ? { reason: x.reason } : {}),
            })),
            passed,
            ...(d.note?.trim() ? { note: d.note } : {}),
            at,
            by,
          });
          for (const w of d.weighing) c.weighing.push({ fact: w.fact, note: w.note, at, by });
          const count = (v: ConditionVerdict) => d.conditions.filter((x) => x.verdict === v).length;
          const summary = `逐项审核：符合${count('met')}项，不符合${count('not-met')}项，需补充材料${count('needs-more')}项`;
          if (more.length) {
            const n = c.reviews.length;
            const due = await deadlines.compute('award-evidence', '推荐对象补充材料');
            c.moreRequested = {
              conditions: more.map((x) => x.condition),
              note: more.map((x) => `${conditionText(x.condition)}：${x.reason!}`).join('；'),
              dueDate: due.deadline.dueDate,
              at,
              by,
            };
            keeper.note('reviews', 'more-evidence-requested', summary, { by, party: this.unitParty() });
            keeper.moveTo('more-requested', []);
            deadlines.start(
              {
                key: `evidence-${n}`,
                kind: 'award-evidence',
                label: '推荐对象补充材料',
                party: this.unitParty(),
                section: 'moreRequested',
                step: 'supplyEvidence',
                detail: `${this.named}须补充的材料：${c.moreRequested.note}。`,
              },
              due,
            );
            return;
          }
          keeper.note(
            'reviews',
            passed ? 'review-passed' : 'review-not-passed',
            `${summary}；${passed ? '审核通过' : '审核未通过'}`,
            {
              by,
              party: this.unitParty(),
            },
          );
          keeper.moveTo('reviewed', []);
          this.notifier.send(`reviewed-${c.reviews.length}`, {
            to: this.unitParty(),
            subject: `【审核${passed ? '通过' : '未通过'}】${keeper.title}`,
            body: `${this.named}：${summary}。${passed ? '将提请领导小组研究确定推荐名单。' : '请登录系统查看各项审核理由。'}`,
          });
        },
      },

      attachEvidenceFiles: {
        check: (d) => {
          const latest = c.evidence.filter((e) => e.condition === d.condition).at(-1);
          if (!latest) return `请先报送“${conditionText(d.condition)}”的说明，再附证明材料`;
          return latest.attachments.length + d.attachments.length > maxAttachments
            ? `每项条件最多附${maxAttachments}个文件`
            : undefined;
        },
        apply: (d, by) => {
          const latest = c.evidence.filter((e) => e.condition === d.condition).at(-1)!;
          latest.attachments.push(...d.attachments);
          keeper.note(
            'evidence',
            'evidence-files-attached',
            `为“${conditionText(d.condition)}”附证明材料${d.attachments.length}份`,
            { by, party: this.unitParty() },
          );
        },
      },

      supplyEvidence: {
        check: (d) => {
          const asked = c.moreRequested?.conditions ?? [];
          const given = new Set(d.evidence.map((e) => e.condition));
          const stray = [...given].filter((x) => !conditionsOf(c.award).some((k) => k.id === x));
          if (stray.length) return `${awardLabels[c.award]}没有条件${stray.join('、')}`;
          const missing = asked.filter((x) => !given.has(x));
          return missing.length ? `须补充：${missing.map(conditionText).join('；')}` : undefined;
        },
        apply: (d, by) => {
          const at = this.now();
          const added: Evidence[] = d.evidence.map((e) => ({ ...e, at, by }));
          c.evidence.push(...added);
          deadlines.submit(`evidence-${c.reviews.length}`, by);
          keeper.note('evidence', 'evidence-supplied', `补充${added.length}项条件的证明材料`, {
            by,
            party: this.unitParty(),
          });
          this.awaitReview();
        },
      },
      handleUndelivered: this.undelivered(),
    };
  }

  /** The round's word: on the list (公示), not on it, withdrawn after an objection, or sent to the national office. */
  acceptOutcomes(): void {
    setHandler(nominationOutcomeSignal, (o: NominationOutcome) => {
      if (!Value.Check(NominationOutcomeSchema, o) || this.closed) return;
      const c = this.c;
      c.outcome = o;
      const { keeper } = this;
      const party = this.unitParty();
      const texts: Record<NominationOutcome['status'], [string, string, string]> = {
        selected: ['nomination-selected', '列入推荐名单', '列入本省推荐名单，进行公示'],
        'not-selected': ['nomination-not-selected', '未列入推荐名单', '未列入本省推荐名单'],
        withdrawn: ['nomination-withdrawn', '撤销推荐', '经公示期间异议核查，撤销推荐'],
        submitted: ['nomination-submitted', '已报送', '推荐材料已报全国脱贫攻坚奖评选委员会办公室'],
      };
      const [action, short, text] = texts[o.status];
      keeper.note('outcome', action, text, { ...(o.by ? { by: o.by } : {}), note: o.reason, party });
      if (o.status !== 'submitted')
        this.notifier.send(`outcome-${o.status}`, {
          to: party,
          subject: `【${short}】${keeper.title}`,
          body: `${this.named}：${text}${o.reason ? `。理由：${o.reason}` : ''}。`,
        });
      keeper.moveTo(o.status, [], { closed: o.status !== 'selected' });
      keeper.sync();
    });
  }

  protected override changed(): void {
    super.changed();
    this.reportProgress();
  }

  /** Tell the round where the nomination stands (stage, whether the review passed). */
  private reportProgress(): void {
    const last = this.c.reviews.at(-1);
    const progress = {
      nominationId: this.keeper.caseId,
      stage: this.keeper.stage,
      ...(last && this.keeper.stage !== 'reviewing' ? { passed: last.passed } : {}),
    };
    this.progress.report(this.input.roundWorkflowId, progress);
  }

  settle(): void {
    // Every transition is a step's or the round's.
  }

  override async finish(): Promise<void> {
    await super.finish();
    await this.progress.drain();
  }

  override carry(): ReturnType<CaseBase<NominationStage, NominationFields>['carry']> {
    return super.carry({ ...this.progress.state() });
  }
}

/**
 * @example
 * await startChild(awardNomination, { workflowId: 'nomination-2026-taiyuan-3f9a0c1d', args: [input] });
 */
export async function awardNomination(
  input: NominationInput,
): Promise<{ nominationId: string; stage: NominationStage }> {
  assertInput(input);
  const n = new Nomination(input);
  const host = n.host();
  registerSteps(nominationSteps, n.handlers(), { ...host, ready: () => host.ready!() && n.armed }, n.accepted);
  setHandler(nominationContract.recordQuery, () => n.record());
  n.acceptOutcomes();
  n.keeper.unitNames.set(input.unit.code, input.unit.name);
  if (input.resume) {
    n.armed = true;
    await n.begin(() => undefined);
  } else {
    let open: Promise<void> | undefined;
    await n.begin(() => {
      open = n.receive();
    });
    await open;
  }
  const due = () => n.keeper.stage === 'submitted' || closedNominationStages.includes(n.keeper.stage);
  await condition(() => due() || n.historyFull());
  if (!due()) {
    await n.readyToContinue();
    return continueAsNew<typeof awardNomination>({ ...input, resume: n.carry() });
  }
  await n.finish();
  return { nominationId: n.keeper.caseId, stage: n.keeper.stage };
}
