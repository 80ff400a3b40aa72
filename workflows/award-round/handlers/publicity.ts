/**
 * Part 1 (ours): during the publicity period (公示) anyone may object; the office investigates each objection and the
 * leading group decides it (upheld, the nominee is withdrawn).
 */
import { chineseDate, required } from '../../engine/texts';
import { awardLabels } from '../../nomination/conditions';
import type { AwardRound, AwardRoundHandlers } from '../workflow';

const maxObjections = 200;

export function publicityHandlers(
  round: AwardRound,
): AwardRoundHandlers<'lodgeObjection' | 'investigateObjection' | 'decideObjection'> {
  const { keeper, c } = round;
  return {
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
        const n = round.summary(d.nominationId);
        return n?.stage === 'selected' ? undefined : '公示名单中没有这个推荐对象';
      },
      apply: (d) => {
        const n = round.summary(d.nominationId)!;
        c.objections.push({
          objectionId: d.objectionId,
          nominationId: d.nominationId,
          receivedAt: round.now(),
          receivedOn: d.receivedOn,
          account: d.account,
          identified: d.identified,
        });
        keeper.note('objections', 'objection-received', `公示期间收到对${n.nominee.name}的异议`);
        keeper.moveTo('publicizing', round.objectionAwaiting());
        round.notifier.send(`objection-${c.objections.length}`, {
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
        o.investigation = { findings: d.findings, at: round.now(), by };
        const name = round.summary(o.nominationId)!.nominee.name;
        keeper.note('objections', 'objection-investigated', `对${name}的异议已核查，报领导小组研究`, { by });
        keeper.moveTo('publicizing', round.objectionAwaiting());
        round.notifier.send(`objection-investigated-${o.objectionId}`, {
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
        const at = round.now();
        o.decision = { upheld: d.upheld, reason: d.reason, at, by };
        const n = round.summary(o.nominationId)!;
        keeper.note(
          'objections',
          d.upheld ? 'objection-upheld' : 'objection-dismissed',
          d.upheld ? `对${n.nominee.name}的异议成立，撤销推荐` : `对${n.nominee.name}的异议不成立`,
          { by, note: d.reason },
        );
        if (d.upheld && n.stage === 'selected') {
          await round.tell(n.nominationId, { status: 'withdrawn', reason: d.reason, at, by });
          n.stage = 'withdrawn';
        }
        keeper.moveTo('publicizing', round.objectionAwaiting());
      },
    },
  };
}
