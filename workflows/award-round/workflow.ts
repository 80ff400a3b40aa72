/**
 * The year's recommendations for the national poverty-alleviation awards (Part 1; ours, DOMAIN.md), one workflow: the
 * office opens it with the quota per award and the nomination deadline (each nominating unit reminded on the deadline
 * engine); each nomination is a child workflow (nomination/workflow.ts); after the deadline a late one goes forward only
 * if the office accepts it. The office puts the reviewed nominations to the leading group, which decides the list
 * within the quota; the list is published for public scrutiny (公示) for a period on the deadline engine, objections are
 * investigated by the office and decided by the leading group before the round goes on; the materials are generated,
 * signed by the leading group and sent to the national office.
 */
import {
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import { Value } from '@sinclair/typebox/value';
import type { createActivities } from '../../activities';
import { CaseBase } from '../engine/case';
import { assertInput } from '../engine/failures';
import type { StageAwaiting } from '../engine/record';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import { chineseDate } from '../engine/texts';
import { awardKinds, awardLabels } from '../nomination/conditions';
import type { NominationOutcome } from '../nomination/contract';
import { nominationOutcomeSignal } from '../nomination/contract';
import type {
  AwardRoundFields,
  AwardRoundInput,
  AwardRoundStage,
  NominationProgress,
  NominationSummary,
} from './contract';
import {
  NominationProgressSchema,
  awardRoundContract,
  awardRoundSteps,
  nominationProgressSignal,
  provinceUnit,
  roundStageLabels,
} from './contract';
import { listHandlers } from './handlers/list';
import { nominationHandlers } from './handlers/nominations';
import { publicityHandlers } from './handlers/publicity';

/** The handlers of some of the round's steps (a stage's file in handlers/ returns its part). */
export type AwardRoundHandlers<K extends keyof typeof awardRoundSteps> = Pick<StepHandlers<typeof awardRoundSteps>, K>;

const { resolveRoundUnits, awardMaterials } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['UnknownUnit'] },
});
// Publication and the national office's channel: retried for as long as they are down (nothing is dropped).
const { publishAwardList, sendAwardMaterials } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

export class AwardRound extends CaseBase<AwardRoundStage, AwardRoundFields> {
  /** The nomination deadline, as an instant (a nomination after it is late). */
  dueAt = '';
  private readonly progress = new Map<string, number>();

  constructor(private readonly input: AwardRoundInput) {
    super({
      kind: 'award-round',
      unit: provinceUnit,
      initialStage: 'nominating',
      stageLabels: roundStageLabels,
      initialAwaiting: [],
      fields: {
        year: input.year,
        quota: input.quota,
        nominationDue: input.nominationDue ?? '',
        units: [],
        nominations: [],
        declined: [],
        objections: [],
      },
      groupWord: '组',
      resume: input.resume,
    });
  }

  get year(): number {
    return this.c.year;
  }

  /** The round opens: the nominating units from the registry, each told of the deadline and reminded before it. */
  async open(): Promise<void> {
    const { keeper, c, deadlines } = this;
    const { units } = await resolveRoundUnits.executeWithOptions(
      { summary: `读取单位名录（${this.input.units.length}个单位）` },
      [{ codes: this.input.units }],
    );
    c.units = units.map((u) => ({ code: u.code, name: u.name, kind: u.kind }));
    for (const u of c.units) keeper.unitNames.set(u.code, u.name);
    const quota = awardKinds.filter((a) => c.quota[a] > 0).map((a) => `${awardLabels[a]}${c.quota[a]}名`);
    // The national office's date, or, without one, the policy's (`award-nomination`, 30 calendar days by default).
    const { deadline, rule } = this.input.nominationDue
      ? { deadline: await deadlines.dateDeadline(this.input.nominationDue), rule: '' }
      : await deadlines.compute('award-nomination', '全国脱贫攻坚奖推荐材料');
    this.dueAt = deadline.dueAt;
    c.nominationDue = deadline.dueDate;
    keeper.note(
      'quota',
      'round-opened',
      `开展${c.year}年度全国脱贫攻坚奖推荐工作：推荐名额${quota.join('、')}；${chineseDate(c.nominationDue)}前报送`,
      { by: this.input.openedBy },
    );

    for (const u of c.units) {
      const party = { role: 'unit' as const, unit: u.code };
      keeper.grant(party);
      deadlines.start(
        {
          key: `nomination-${u.code}`,
          kind: 'award-nomination',
          label: '全国脱贫攻坚奖推荐材料',
          party,
          section: 'nominations',
          step: 'nominate',
          detail: `推荐名额：${quota.join('、')}。请对照基本条件和所推荐奖项的条件逐项提供证明材料；没有推荐对象的，请报告“无推荐对象”。`,
        },
        { deadline, issuedAt: new Date().toISOString(), rule: rule || `${chineseDate(c.nominationDue)}前` },
      );
    }
  }

  unitName(code: string): string {
    return this.c.units.find((u) => u.code === code)?.name ?? code;
  }

  summary(id: string): NominationSummary | undefined {
    return this.c.nominations.find((n) => n.nominationId === id);
  }

  /** What the round waits for in publicity: each objection's investigation, then the leading group's decision. */
  objectionAwaiting(): StageAwaiting[] {
    return this.c.objections.flatMap((o): StageAwaiting[] =>
      !o.investigation
        ? [
            {
              role: 'office',
              step: 'investigateObjection',
              params: { objectionId: o.objectionId },
              label: '核查公示期间收到的异议',
            },
          ]
        : !o.decision
          ? [
              {
                role: 'leading-group',
                step: 'decideObjection',
                params: { objectionId: o.objectionId },
                label: '研究决定异议是否成立',
              },
            ]
          : [],
    );
  }

  /** Tell a nomination the round's word on it (the list, an objection upheld, the submission). */
  tell(nominationId: string, outcome: NominationOutcome): Promise<void> {
    return getExternalWorkflowHandle(nominationId)
      .signal(nominationOutcomeSignal, outcome)
      .catch(() => undefined); // a nomination that has ended no longer listens
  }

  /** A nomination's progress (its stage, whether its review passed); out-of-order reports are dropped. */
  acceptProgress(): void {
    setHandler(nominationProgressSignal, (p: NominationProgress) => {
      if (!Value.Check(NominationProgressSchema, p)) return;
      const n = this.summary(p.nominationId);
      if (!n || p.seq <= (this.progress.get(p.nominationId) ?? 0)) return;
      this.progress.set(p.nominationId, p.seq);
      n.stage = p.stage;
      if (p.passed === undefined) delete n.passed;
      else n.passed = p.passed;
      this.keeper.sync();
    });
  }

  /** One handler per step of the contract, grouped by stage in handlers/ (the compiler refuses a step left out). */
  handlers(): StepHandlers<typeof awardRoundSteps> {
    const { keeper, c } = this;
    return {
      ...nominationHandlers(this),
      ...listHandlers(this),
      ...publicityHandlers(this),

      // The materials, generated once the publicity period is over (`submit`), signed by the leading group.
      signMaterials: {
        conflict: () => (c.materials?.signed ? '推荐材料已审签' : undefined),
        apply: (d, by) => {
          c.materials!.signed = { ...(d.note?.trim() ? { note: d.note } : {}), at: this.now(), by };
          keeper.note('materials', 'materials-signed', '领导小组审签推荐材料', { by, note: d.note });
          keeper.moveTo('sending', []);
        },
      },
      handleUndelivered: this.undelivered(),
    };
  }

  /** After the nomination deadline: the office reviews, then puts the list to the leading group. */
  async afterDeadline(): Promise<void> {
    const wait = Date.parse(this.dueAt) - Date.now();
    if (wait > 0) await sleep(wait, { summary: `推荐截止 ${this.c.nominationDue}` });
    this.keeper.note(
      'nominations',
      'nominations-closed',
      `推荐截止（${chineseDate(this.c.nominationDue)}）：收到推荐${this.c.nominations.length}件`,
    );
    this.keeper.moveTo('reviewing', [
      { role: 'office', step: 'closeReview', label: '审核推荐材料，提请领导小组研究确定推荐名单' },
    ]);
  }

  /** 公示: published, then the period runs on a durable timer; the round goes on once every objection is decided. */
  async publicity(): Promise<void> {
    const c = this.c;
    await condition(() => this.keeper.stage === 'publicizing');
    const p = c.publicity!;
    const list = c.list!.selected.map((id) => this.summary(id)!);
    await publishAwardList.executeWithOptions({ summary: '公示推荐名单' }, [
      {
        roundId: this.keeper.caseId,
        year: c.year,
        dueDate: p.dueDate,
        list: list.map((n) => ({
          name: n.nominee.name,
          workUnit: n.nominee.workUnit,
          award: n.award,
          deedsSummary: n.deedsSummary,
        })),
      },
    ]);
    this.keeper.note(
      'publicity',
      'list-published',
      `推荐名单向社会公示，公示期至${chineseDate(p.dueDate)}（${p.rule}）`,
    );
    this.keeper.sync();
    const wait = Date.parse(p.dueAt) - Date.now();
    if (wait > 0) await sleep(wait, { summary: `公示期满 ${p.dueDate}` });
    p.ended = this.now();
    const open = c.objections.filter((o) => !o.decision).length;
    this.keeper.note('publicity', 'publicity-ended', `公示期满${open ? `，尚有${open}件异议待决定` : ''}`);
    this.keeper.sync();
    await condition(() => c.objections.every((o) => o.decision !== undefined));
  }

  /** The materials: drafted for the leading group's signature, then sent to the national office. */
  async submit(): Promise<void> {
    const { c, keeper } = this;
    const documents = await awardMaterials.executeWithOptions({ summary: '生成推荐材料' }, [this.record()]);
    c.materials = { documents, drafted: this.now() };
    keeper.note(
      'materials',
      'materials-drafted',
      `推荐材料已生成：推荐报告1份、推荐表${documents.length - 1}份，待领导小组审签`,
    );
    keeper.moveTo('signing', [{ role: 'leading-group', step: 'signMaterials', label: '审签推荐材料' }]);
    this.notifier.send('materials', {
      to: { role: 'leading-group' },
      subject: `【待审签】${keeper.title}`,
      body: `${c.year}年度全国脱贫攻坚奖推荐材料已生成，请在工作台本项工作的页面阅看、审签（通知附有链接）`,
    });
    await condition(() => c.materials?.signed !== undefined);
    // Signed: the materials as sent (dated the day of signature), in the store before they go.
    c.materials.documents = await awardMaterials.executeWithOptions({ summary: '定稿推荐材料' }, [this.record()]);
    keeper.sync();
    await this.writer.flush();
    const sent = await sendAwardMaterials.executeWithOptions({ summary: '报送全国脱贫攻坚奖评选委员会办公室' }, [
      { roundId: keeper.caseId },
    ]);
    const at = this.now();
    c.materials.sent = { at, ...sent };
    const recommended = c.list!.selected.filter((id) => this.summary(id)!.stage === 'selected');
    await Promise.all(recommended.map((id) => this.tell(id, { status: 'submitted', at })));
    for (const id of recommended) this.summary(id)!.stage = 'submitted';
    keeper.note(
      'materials',
      'materials-sent',
      sent.channel === 'email'
        ? `推荐材料已报全国脱贫攻坚奖评选委员会办公室（${sent.to.join('、')}）`
        : '未配置全国脱贫攻坚奖评选委员会办公室的报送渠道：推荐材料交领导小组办公室报送',
    );
    this.notifier.send('sent', {
      to: { role: 'office' },
      subject: `【${sent.channel === 'email' ? '已报送' : '请报送'}】${keeper.title}`,
      body:
        sent.channel === 'email'
          ? `${c.year}年度全国脱贫攻坚奖推荐材料（经领导小组审签）已报全国脱贫攻坚奖评选委员会办公室。`
          : `${c.year}年度全国脱贫攻坚奖推荐材料已经领导小组审签，请在工作台本项工作的页面下载推荐材料，报全国脱贫攻坚奖评选委员会办公室（通知附有链接）`,
    });
    keeper.moveTo('submitted', [], { closed: true });
  }

  settle(): void {
    // The round moves on by itself in its main flow (the deadline, the publicity period, the materials).
  }
}

/**
 * @example
 * await client.workflow.start('awardRound', { workflowId: 'award-round-2026', taskQueue, args: [input] });
 */
export async function awardRound(input: AwardRoundInput): Promise<{ roundId: string; stage: AwardRoundStage }> {
  assertInput(input);
  const round = new AwardRound(input);
  let opened = false;
  const host = round.host();
  // Steps wait until the round has opened (its units read, its deadline set).
  registerSteps(awardRoundSteps, round.handlers(), { ...host, ready: () => host.ready!() && opened }, round.accepted);
  setHandler(awardRoundContract.recordQuery, () => round.record());
  round.acceptProgress();
  let opening: Promise<void> | undefined;
  await round.begin(() => {
    opening = round.open();
  });
  await opening;
  opened = true;
  round.keeper.sync();
  await round.afterDeadline();
  await round.publicity();
  await round.submit();
  await round.finish();
  return { roundId: round.keeper.caseId, stage: round.keeper.stage };
}
