/** Part 1 (ours): the leading group decides the list within the quota per award; the list goes to 公示. */
import { chineseDate } from '../../engine/texts';
import { awardKinds, awardLabels } from '../../nomination/conditions';
import type { AwardRound, AwardRoundHandlers } from '../workflow';

export function listHandlers(round: AwardRound): AwardRoundHandlers<'decideList'> {
  const { keeper, c, deadlines } = round;
  return {
    decideList: {
      check: (d) => {
        const named = [...d.selected, ...d.rejected.map((r) => r.nominationId)];
        if (new Set(named).size !== named.length) return '每个推荐对象只能列入名单或不予推荐之一';
        const unknown = named.filter((id) => round.summary(id)?.stage !== 'reviewed');
        if (unknown.length) return `不是待研究的推荐对象：${unknown.join('、')}`;
        const left = c.nominations.filter((n) => n.stage === 'reviewed' && !named.includes(n.nominationId));
        if (left.length)
          return `每个审核完毕的推荐对象都须列入名单或写明不予推荐的理由，尚缺：${left.map((n) => n.nominee.name).join('、')}`;
        const failed = d.selected.filter((id) => !round.summary(id)!.passed);
        if (failed.length)
          return `未通过审核的推荐对象不能列入推荐名单：${failed.map((id) => round.summary(id)!.nominee.name).join('、')}`;
        for (const a of awardKinds) {
          const n = d.selected.filter((id) => round.summary(id)!.award === a).length;
          if (n > c.quota[a]) return `${awardLabels[a]}推荐名额为${c.quota[a]}名，名单中有${n}名`;
        }
        const blank = d.rejected.find((r) => !r.reason.trim());
        return blank ? `不予推荐${round.summary(blank.nominationId)!.nominee.name}须写明理由` : undefined;
      },
      apply: async (d, by) => {
        const due = await deadlines.compute('award-publicity', '推荐对象公示期');
        const at = round.now();
        c.list = { selected: d.selected, rejected: d.rejected, at, by };
        c.publicity = { from: at, dueDate: due.deadline.dueDate, dueAt: due.deadline.dueAt, rule: due.rule };
        await Promise.all([
          ...d.selected.map((id) => round.tell(id, { status: 'selected', at, by })),
          ...d.rejected.map((r) => round.tell(r.nominationId, { status: 'not-selected', reason: r.reason, at, by })),
        ]);
        for (const id of d.selected) round.summary(id)!.stage = 'selected';
        for (const r of d.rejected) round.summary(r.nominationId)!.stage = 'not-selected';
        const counts = awardKinds
          .map((a) => [a, d.selected.filter((id) => round.summary(id)!.award === a).length] as const)
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
  };
}
