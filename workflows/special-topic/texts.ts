/**
 * What a special supervision of a plan topic writes for people (pure, tested without a server): its notices and the
 * topic report (专项督查报告) the leading group signs and sends to 省委、省政府. Names, never ids.
 */
import { chineseDate, chineseNumber } from '../engine/texts';
import type { SpecialTopicRecord } from './contract';

type Topic = Pick<SpecialTopicRecord, 'year' | 'topic' | 'units' | 'groups' | 'progress' | 'approval'>;

const nameOf = (t: Pick<Topic, 'units'>, code: string) => t.units.find((u) => u.code === code)?.name ?? code;

export const topicTexts = {
  /** `2026年易地扶贫搬迁专项督查`: how texts name the topic's supervision. */
  named: (t: Pick<Topic, 'year' | 'topic'>) => `${t.year}年${t.topic}专项督查`,
  caseSummary: (t: Pick<Topic, 'year' | 'topic'>, unit: string, group: string) =>
    `${topicTexts.named(t)} ${unit}（${group}）`,

  approvalRequest: (t: Topic) => ({
    subject: `【待批准】${topicTexts.named(t)}`,
    body: `按照年度督查计划，拟对${t.units.map((u) => u.name).join('、')}共${t.units.length}个单位开展${t.topic}专项督查，分${t.groups.length}个督查组。妥否，请批示。`,
  }),
  approved: (t: Topic) => ({
    subject: `【专项督查获批】${topicTexts.named(t)}`,
    body: `${topicTexts.named(t)}已获领导小组批准，${t.units.length}个单位的督查已启动，请分别组建督查组（${t.groups.map((g) => `${g.name}：${g.units.map((u) => nameOf(t, u)).join('、')}`).join('；')}）。`,
  }),
  reportDrafted: (title: string) => ({
    subject: `【待审签】${title}`,
    body: `${title}（系统起草稿）已生成，请在工作台审核后签发报送。`,
  }),

  reportTitle: (t: Pick<Topic, 'year' | 'topic'>) => `关于${topicTexts.named(t)}情况的报告`,

  /**
   * Art. 11 (1): the topic report, from where each case ended: per unit its findings, commendation and rectification
   * requirements (the cases come approved with the topic).
   */
  report(t: Topic, at: string): string {
    const cases = [...t.progress].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    const found = (c: (typeof cases)[number]) =>
      Object.values(c.findingsByContent).reduce((a, b) => a + b, 0) + (c.findingsOther ?? 0);
    const findings = cases.reduce((a, c) => a + found(c), 0);
    const requirements = cases.reduce((a, c) => a + c.rectificationRequirements.length, 0);
    const commended = cases.filter((c) => c.commended).map((c) => c.unit.name);
    const lines = [
      '省委、省政府：',
      `按照${t.year}年度全省脱贫攻坚督查计划，省脱贫攻坚领导小组${t.approval ? `于${chineseDate(t.approval.at.slice(0, 10))}批准` : ''}对${t.units.length}个单位开展了${t.topic}专项督查，组成${t.groups.length}个督查组。现将有关情况报告如下：`,
      '一、基本情况',
      `共发现问题${findings}个，提出整改要求${requirements}条${commended.length ? `，对${commended.join('、')}予以通报表扬` : ''}。`,
      '二、各单位情况',
      ...cases.map(
        (c, i) =>
          `（${chineseNumber(i + 1)}）${c.unit.name}：发现问题${found(c)}个，${c.rectificationRequirements.length ? `提出整改要求${c.rectificationRequirements.length}条，整改情况已${c.rectificationLate ? '逾期' : '按期'}反馈` : '未提出整改要求'}。`,
      ),
      '特此报告。',
      '省脱贫攻坚领导小组',
      chineseDate(at.slice(0, 10)),
    ];
    return lines.join('\n');
  },
  reportUp: (title: string, text: string) => ({ subject: `【报告】${title}`, body: text }),
};
