/**
 * The year's recommendations for the national poverty-alleviation awards (Part 1; ours, DOMAIN.md), one workflow: the
 * office opens it with the quota per award and the nomination deadline (each nominating unit reminded on the deadline
 * engine); each nomination is a child workflow (award/nomination.ts); after the deadline a late one goes forward only
 * if the office accepts it. The office puts the reviewed nominations to the leading group, which decides the list
 * within the quota; the list is published for public scrutiny (公示) for a period on the deadline engine, objections are
 * investigated by the office and decided by the leading group before the round goes on; the materials are generated,
 * signed by the leading group and sent to the national office.
 */
import {
  ParentClosePolicy,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
} from '@temporalio/workflow';
import { Value } from '@sinclair/typebox/value';
import type { createActivities } from '../../activities';
import { CaseKind, CaseStage, TargetUnit as TargetUnitKey } from '../search-attributes';
import { CaseBase } from '../engine/case';
import { assertInput } from '../engine/failures';
import type { StageAwaiting } from '../engine/record';
import type { StepHandlers } from '../engine/steps';
import { registerSteps } from '../engine/steps';
import { chineseDate, required } from '../engine/texts';
import { awardKinds, awardLabels, conditionsOf } from '../nomination/conditions';
import type {
  AwardRoundFields,
  AwardRoundInput,
  AwardRoundStage,
  NominationOutcome,
  NominationProgress,
  NominationSummary,
} from './contract';
import {
  NominationProgressSchema,
  awardRoundContract,
  awardRoundSteps,
  nominationOutcomeSignal,
  nominationProgressSignal,
  provinceUnit,
  roundStageLabels,
} from './contract';
import { awardNomination } from '../nomination/workflow';

const { resolveRoundUnits, awardMaterials } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['UnknownUnit'] },
});
// Publication and the national office's channel: retried for as long as they are down (nothing is dropped).
const { publishAwardList, sendAwardMaterials } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

/** Most nominations a round takes (its record travels with it). */
const maxNominations = 200;
const maxObjections = 200;
const pending: ReadonlyArray<NominationSummary['stage']> = ['late-pending', 'reviewing', 'more-requested'];

export class AwardRound extends CaseBase<AwardRoundStage, AwardRoundFields> {
  private dueAt = '';
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

  private unitName(code: string): string {
    return this.c.units.find((u) => u.code === code)?.name ?? code;
  }

  private summary(id: string): NominationSummary | undefined {
    return this.c.nominations.find((n) => n.nominationId === id);
  }

  /** What the round waits for in publicity: each objection's investigation, then the leading group's decision. */
  private objectionAwaiting(): StageAwaiting[] {
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

  private tell(nominationId: string, outcome: NominationOutcome): Promise<void> {
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

  handlers(): StepHandlers<typeof awardRoundSteps> {
    const { keeper, c, deadlines } = this;
    const nominating = (unit: string | undefined) =>
      c.units.some((u) => u.code === unit) ? undefined : '只有接到推荐通知的市和省直单位可以推荐';
    return {
      nominate: {
        allow: (by) => nominating(by.unit),
        conflict: (d) =>
          this.summary(d.nominationId)
            ? '这个推荐对象已经报送'
            : c.nominations.length >= maxNominations
              ? `每轮最多接收${maxNominations}件推荐`
              : undefined,
        check: (d) => {
          if (!d.nominationId.startsWith(`nomination-${c.year}-`)) return `推荐编号须属于${c.year}年度`;
          if (c.quota[d.award] === 0) return `本年度${awardLabels[d.award]}没有推荐名额`;
          const own = conditionsOf(d.award).map((x) => x.id);
          const stray = d.evidence.filter((e) => !own.includes(e.condition)).map((e) => e.condition);
          if (stray.length) return `${awardLabels[d.award]}没有条件${stray.join('、')}`;
          const given = d.evidence.map((e) => e.condition);
          if (new Set(given).size !== given.length) return '每项条件只报送一份说明';
          return required(d.nominee.name, '推荐对象') ?? required(d.deedsSummary, '主要事迹简介');
        },
        apply: async (d, by) => {
          const at = this.now();
          const late = Date.parse(at) > Date.parse(this.dueAt);
          const unit = c.units.find((u) => u.code === by.unit)!;
          await startChild(awardNomination, {
            workflowId: d.nominationId,
            parentClosePolicy: ParentClosePolicy.ABANDON,
            staticSummary: `${c.year}年度全国脱贫攻坚奖推荐：${unit.name}推荐${awardLabels[d.award]}`,
            typedSearchAttributes: [
              { key: CaseKind, value: 'nomination' },
              { key: TargetUnitKey, value: unit.code },
              { key: CaseStage, value: late ? 'late-pending' : 'reviewing' },
            ],
            args: [
              {
                year: c.year,
                roundWorkflowId: keeper.caseId,
                unit,
                award: d.award,
                nominee: d.nominee,
                deedsSummary: d.deedsSummary,
                contactsOnFile: d.contactsOnFile,
                evidence: d.evidence.map((e) => ({ ...e, at, by })),
                submitted: { at, by, late },
              },
            ],
          });
          c.nominations.push({
            nominationId: d.nominationId,
            unit: { code: unit.code, name: unit.name },
            award: d.award,
            nominee: { kind: d.nominee.kind, name: d.nominee.name, workUnit: d.nominee.workUnit },
            deedsSummary: d.deedsSummary,
            late,
            at,
            stage: late ? 'late-pending' : 'reviewing',
          });
          const party = { role: 'unit' as const, unit: unit.code };
          keeper.note(
            'nominations',
            late ? 'nomination-received-late' : 'nomination-received',
            `${unit.name}推荐${d.nominee.name}（${awardLabels[d.award]}）${late ? '：推荐截止后报送，记录为逾期，由办公室决定是否接收' : ''}`,
            { by, party },
          );
          const track = deadlines.get(`nomination-${unit.code}`);
          if (track && (track.status === 'waiting' || track.status === 'overdue')) deadlines.submit(track.key, by);
        },
      },

      declineNomination: {
        allow: (by) => nominating(by.unit),
        apply: (d, by) => {
          const unit = by.unit!;
          if (c.declined.some((x) => x.unit === unit)) return;
          c.declined.push({ unit, ...(d.note?.trim() ? { note: d.note } : {}), at: this.now(), by });
          keeper.note('declined', 'nomination-declined', `${this.unitName(unit)}报告无推荐对象`, {
            by,
            note: d.note,
            party: { role: 'unit', unit },
          });
          const track = deadlines.get(`nomination-${unit}`);
          if (track?.status === 'waiting') deadlines.submit(track.key, by);
        },
      },

      closeReview: {
        conflict: () => {
          const open = c.nominations.filter((n) => pending.includes(n.stage));
          return open.length
            ? `尚有${open.length}件推荐未审核完毕（${open.map((n) => `${n.unit.name}推荐的${n.nominee.name}`).join('、')}）`
            : undefined;
        },
        apply: (d, by) => {
          c.reviewClosed = { ...(d.note?.trim() ? { note: d.note } : {}), at: this.now(), by };
          // Units that neither nominated nor reported having nobody are no longer waited for.
          for (const t of keeper.deadlines)
            if (t.kind === 'award-nomination' && (t.status === 'waiting' || t.status === 'overdue'))
              deadlines.close(t.key, '推荐材料审核已结束，不再接收推荐', by);
          const passed = c.nominations.filter((n) => n.stage === 'reviewed' && n.passed).length;
          keeper.note(
            'reviewClosed',
            'review-closed',
            `推荐材料审核完毕：审核通过${passed}件，提请领导小组研究确定推荐名单`,
            {
              by,
              note: d.note,
            },
          );
          keeper.moveTo('deciding', [{ role: 'leading-group', step: 'decideList', label: '研究确定推荐名单' }]);
          this.notifier.send('deciding', {
            to: { role: 'leading-group' },
            subject: `【待研究】${keeper.title}`,
            body: `${c.year}年度全国脱贫攻坚奖推荐材料已审核完毕，审核通过${passed}件，请在名额内研究确定推荐名单。`,
          });
        },
      },

      decideList: {
        check: (d) => {
          const named = [...d.selected, ...d.rejected.map((r) => r.nominationId)];
          if (new Set(named).size !== named.length) return '每个推荐对象只能列入名单或不予推荐之一';
          const unknown = named.filter((id) => this.summary(id)?.stage !== 'reviewed');
          if (unknown.length) return `不是待研究的推荐对象：${unknown.join('、')}`;
          const left = c.nominations.filter((n) => n.stage === 'reviewed' && !named.includes(n.nominationId));
          if (left.length)
            return `每个审核完毕的推荐对象都须列入名单或写明不予推荐的理由，尚缺：${left.map((n) => n.nominee.name).join('、')}`;
          const failed = d.selected.filter((id) => !this.summary(id)!.passed);
          if (failed.length)
            return `未通过审核的推荐对象不能列入推荐名单：${failed.map((id) => this.summary(id)!.nominee.name).join('、')}`;
          for (const a of awardKinds) {
            const n = d.selected.filter((id) => this.summary(id)!.award === a).length;
            if (n > c.quota[a]) return `${awardLabels[a]}推荐名额为${c.quota[a]}名，名单中有${n}名`;
          }
          const blank = d.rejected.find((r) => !r.reason.trim());
          return blank ? `不予推荐${this.summary(blank.nominationId)!.nominee.name}须写明理由` : undefined;
        },
        apply: async (d, by) => {
          const due = await deadlines.compute('award-publicity', '推荐对象公示期');
          const at = this.now();
          c.list = { selected: d.selected, rejected: d.rejected, at, by };
          c.publicity = { from: at, dueDate: due.deadline.dueDate, dueAt: due.deadline.dueAt, rule: due.rule };
          await Promise.all([
            ...d.selected.map((id) => this.tell(id, { status: 'selected', at, by })),
            ...d.rejected.map((r) => this.tell(r.nominationId, { status: 'not-selected', reason: r.reason, at, by })),
          ]);
          for (const id of d.selected) this.summary(id)!.stage = 'selected';
          for (const r of d.rejected) this.summary(r.nominationId)!.stage = 'not-selected';
          const counts = awardKinds
            .map((a) => [a, d.selected.filter((id) => this.summary(id)!.award === a).length] as const)
            .filter(([, n]) => n > 0)
            .map(([a, n]) => `${awardLabels[a]}${n}名`);
          keeper.note(
            'list',
            'list-decided',
            `确定推荐名单：${counts.join('、') || '无'}；不予推荐${d.rejected.length}名；公示至${chineseDate(due.deadline.dueDate)}`,
            { by },
          );
          // The public may now lodge objections (a step of its own, through the API).
          keeper.grant({ role: 'public' });
          keeper.moveTo('publicizing', []);
        },
      },

      lodgeObjection: {
        conflict: (d) =>
          c.publicity && Date.now() > Date.parse(c.publicity.dueAt)
            ? `公示期已于${chineseDate(c.publicity.dueDate)}结束，不再受理异议`
            : c.objections.some((o) => o.objectionId === d.objectionId)
              ? '这件异议已经受理'
              : c.objections.length >= maxObjections
                ? '异议数量已达上限，请与领导小组办公室联系'
                : undefined,
        check: (d) => {
          const n = this.summary(d.nominationId);
          return n?.stage === 'selected' ? undefined : '公示名单中没有这个推荐对象';
        },
        apply: (d) => {
          const n = this.summary(d.nominationId)!;
          c.objections.push({
            objectionId: d.objectionId,
            nominationId: d.nominationId,
            receivedAt: this.now(),
            receivedOn: d.receivedOn,
            account: d.account,
            identified: d.identified,
          });
          keeper.note('objections', 'objection-received', `公示期间收到对${n.nominee.name}的异议`);
          keeper.moveTo('publicizing', this.objectionAwaiting());
          this.notifier.send(`objection-${c.objections.length}`, {
            to: { role: 'office' },
            subject: `【公示异议】${keeper.title}`,
            body: `公示期间收到对推荐对象${n.nominee.name}（${awardLabels[n.award]}）的异议一件，请核查并报领导小组研究决定。`,
          });
        },
      },

      investigateObjection: {
        conflict: (d) => {
          const o = c.objections.find((x) => x.objectionId === d.objectionId);
          return !o ? '没有这件异议' : o.investigation ? '这件异议已核查' : undefined;
        },
        check: (d) => required(d.findings, '核查情况'),
        apply: (d, by) => {
          const o = c.objections.find((x) => x.objectionId === d.objectionId)!;
          o.investigation = { findings: d.findings, at: this.now(), by };
          const name = this.summary(o.nominationId)!.nominee.name;
          keeper.note('objections', 'objection-investigated', `对${name}的异议已核查，报领导小组研究`, { by });
          keeper.moveTo('publicizing', this.objectionAwaiting());
          this.notifier.send(`objection-investigated-${o.objectionId}`, {
            to: { role: 'leading-group' },
            subject: `【待决定】公示异议：${keeper.title}`,
            body: `对推荐对象${name}的异议已由领导小组办公室核查，请研究决定异议是否成立。`,
          });
        },
      },

      decideObjection: {
        conflict: (d) => {
          const o = c.objections.find((x) => x.objectionId === d.objectionId);
          return !o
            ? '没有这件异议'
            : !o.investigation
              ? '这件异议尚未经领导小组办公室核查'
              : o.decision
                ? '这件异议已有决定'
                : undefined;
        },
        check: (d) => required(d.reason, '理由'),
        apply: async (d, by) => {
          const o = c.objections.find((x) => x.objectionId === d.objectionId)!;
          const at = this.now();
          o.decision = { upheld: d.upheld, reason: d.reason, at, by };
          const n = this.summary(o.nominationId)!;
          keeper.note(
            'objections',
            d.upheld ? 'objection-upheld' : 'objection-dismissed',
            d.upheld ? `对${n.nominee.name}的异议成立，撤销推荐` : `对${n.nominee.name}的异议不成立`,
            { by, note: d.reason },
          );
          if (d.upheld && n.stage === 'selected') {
            await this.tell(n.nominationId, { status: 'withdrawn', reason: d.reason, at, by });
            n.stage = 'withdrawn';
          }
          keeper.moveTo('publicizing', this.objectionAwaiting());
        },
      },

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
      body: `${c.year}年度全国脱贫攻坚奖推荐材料已生成，请审签后报国家评选办公室：GET /award-rounds/${keeper.caseId}/documents`,
    });
    await condition(() => c.materials?.signed !== undefined);
    // Signed: the materials as sent (dated the day of signature), in the store before they go.
    c.materials.documents = await awardMaterials.executeWithOptions({ summary: '定稿推荐材料' }, [this.record()]);
    keeper.sync();
    await this.writer.flush();
    const sent = await sendAwardMaterials.executeWithOptions({ summary: '报送国家评选办公室' }, [
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
        ? `推荐材料已报国家评选办公室（${sent.to.join('、')}）`
        : '未配置国家评选办公室的报送渠道：推荐材料交领导小组办公室报送',
    );
    this.notifier.send('sent', {
      to: { role: 'office' },
      subject: `【${sent.channel === 'email' ? '已报送' : '请报送'}】${keeper.title}`,
      body:
        sent.channel === 'email'
          ? `${c.year}年度全国脱贫攻坚奖推荐材料（经领导小组审签）已报国家评选办公室。`
          : `${c.year}年度全国脱贫攻坚奖推荐材料已经领导小组审签，请下载后报国家评选办公室：GET /award-rounds/${keeper.caseId}/documents`,
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
