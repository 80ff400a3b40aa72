/**
 * Part 1 (ours): nominations come in (a child workflow each; late ones recorded as late), units with nobody to
 * nominate say so (零报告), and the office closes the review and puts the nominations to the leading group.
 */
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { CaseKind, CaseStage, TargetUnit as TargetUnitKey } from '../../search-attributes';
import { required } from '../../engine/texts';
import { awardLabels, conditionsOf } from '../../nomination/conditions';
import { awardNomination } from '../../nomination/workflow';
import type { NominationSummary } from '../contract';
import type { AwardRound, AwardRoundHandlers } from '../workflow';

/** Most nominations a round takes (its record travels with it). */
const maxNominations = 200;
/** A nomination not yet reviewed: the review cannot close. */
const pending: ReadonlyArray<NominationSummary['stage']> = ['late-pending', 'reviewing', 'more-requested'];

export function nominationHandlers(
  round: AwardRound,
): AwardRoundHandlers<'nominate' | 'declineNomination' | 'closeReview'> {
  const { keeper, c, deadlines } = round;
  const nominating = (unit: string | undefined) =>
    c.units.some((u) => u.code === unit) ? undefined : '只有接到推荐通知的市和省直单位可以推荐';
  return {
    nominate: {
      allow: (by) => nominating(by.unit),
      conflict: (d) =>
        round.summary(d.nominationId)
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
        const at = round.now();
        const late = Date.parse(at) > Date.parse(round.dueAt);
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
        c.declined.push({ unit, ...(d.note?.trim() ? { note: d.note } : {}), at: round.now(), by });
        keeper.note('declined', 'nomination-declined', `${round.unitName(unit)}报告无推荐对象`, {
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
        c.reviewClosed = { ...(d.note?.trim() ? { note: d.note } : {}), at: round.now(), by };
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
        round.notifier.send('deciding', {
          to: { role: 'leading-group' },
          subject: `【待研究】${keeper.title}`,
          body: `${c.year}年度全国脱贫攻坚奖推荐材料已审核完毕，审核通过${passed}件，请在名额内研究确定推荐名单。`,
        });
      },
    },
  };
}
