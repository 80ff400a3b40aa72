/**
 * The documents of a use of results (issue 36 item 2), from its record: the 通报 of a 通报批评; the 约谈通知 and the
 * 约谈记录 of a 约谈; the 挂牌督办通知 of a 挂牌督办 (its term as the deadline engine set it). Pure
 * (workflows/engine/documents.ts); lib/documents numbers and serves them.
 */
import type { Block } from '../../lib/documents/official-document';
import type { CaseDocument } from '../engine/documents';
import { documentDate, issuedDocument, office } from '../engine/documents';
import { chineseDate, partyOrgan, youUnit } from '../engine/texts';
import type { ResultUseRecord } from './contract';
import { allUnits, chineseTime, people } from './texts';

const basis = '按照《山西省脱贫攻坚督查巡查工作办法》第十一条第（一）项规定';
/** A text as a sentence of the document: it ends with its full stop. */
const sentence = (text: string) => (/[。！？；]$/.test(text.trim()) ? text.trim() : `${text.trim()}。`);
const paragraphs = (text: string): Block[] =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => ({ text: l.trim() }));

/** 通报批评: to every unit of the registry, or to those the leading group chose. */
function circular(r: ResultUseRecord): CaseDocument[] {
  const c = r.circular;
  if (!c?.units.length) return [];
  const unit = r.targetUnit.name;
  return [
    issuedDocument({
      key: 'circular',
      kind: '通报',
      title: `关于对${unit}予以通报批评的通报`,
      section: 'circular',
      series: 'circular',
      at: c.circulatedAt ?? r.decision.at,
      addressee: c.circulateTo === 'all' ? allUnits : c.units.map(partyOrgan).join('，'),
      body: [
        { text: `${basis}，经省脱贫攻坚领导小组研究，决定对${unit}予以通报批评。现将有关情况通报如下：` },
        { heading: 1, text: '基本情况' },
        { text: sentence(`${r.subject.description}中发现，${r.decision.reason}`) },
        { heading: 1, text: '通报内容' },
        ...paragraphs(c.text),
        { heading: 1, text: '有关要求' },
        {
          text: `${unit}要深刻汲取教训，认真整改，并将整改情况及时报送省脱贫攻坚领导小组办公室。各地各部门要引以为戒，举一反三，认真对照检查，切实抓好问题整改。`,
        },
      ],
    }),
  ];
}

/** 约谈: the notice to the unit, and once the talk is held, its record. */
function interview(r: ResultUseRecord): CaseDocument[] {
  const i = r.interview;
  if (!i) return [];
  const unit = r.targetUnit;
  const docs = [
    issuedDocument({
      key: 'interview-notice',
      kind: '通知',
      title: `关于约谈${unit.name}有关负责同志的通知`,
      section: 'interview',
      series: 'notice',
      at: r.decision.at,
      addressee: partyOrgan(unit),
      body: [
        {
          text: `${basis}，经省脱贫攻坚领导小组研究，决定约谈${youUnit(unit)}有关负责同志。现将有关事项通知如下：`,
        },
        { heading: 1, text: '约谈事由' },
        { text: sentence(`${r.subject.description}中发现，${r.decision.reason}`) },
        { heading: 1, text: '约谈时间和地点' },
        { text: `${chineseTime(i.scheduledAt)}，${i.place}。` },
        { heading: 1, text: '被约谈人' },
        { text: `${people(i.leaders)}。` },
        { heading: 1, text: '有关要求' },
        {
          text: '请被约谈人准时参加，如实说明有关情况，提出整改措施。因故不能参加的，须提前向省脱贫攻坚领导小组办公室书面说明。',
        },
      ],
    }),
  ];
  const rec = r.interviewRecord;
  if (rec) {
    const title = `约谈${unit.name}有关负责同志的记录`;
    // A record of the office, without a head or a number, sent to the unit for what it promised.
    docs.push({
      key: 'interview-record',
      kind: '约谈记录',
      title,
      section: 'interviewRecord',
      issuedAt: rec.at,
      build: () => ({
        issuer: office,
        printer: office,
        draft: false,
        title,
        addressee: partyOrgan(unit),
        body: [
          {
            text: `${chineseTime(rec.heldAt)}，省脱贫攻坚领导小组在${i.place}约谈了${unit.name}有关负责同志。现将约谈情况记录如下：`,
          },
          { heading: 1, text: '参加人员' },
          { text: `${people(rec.attendees)}。` },
          { heading: 1, text: '约谈情况' },
          ...paragraphs(rec.text),
          { heading: 1, text: '承诺事项' },
          ...rec.commitments.map((text) => ({ heading: 2 as const, text })),
          { text: `请${youUnit(unit)}认真落实上述承诺事项，并将落实情况及时报送省脱贫攻坚领导小组办公室。` },
        ],
        date: documentDate(rec.at),
      }),
    });
  }
  return docs;
}

/** 挂牌督办: the notice, once its term is set (the date the leading group gave, or the policy's). */
function listing(r: ResultUseRecord): CaseDocument[] {
  const l = r.listing;
  const term = r.deadlines.find((d) => d.key === 'listing-term');
  if (!l || !term) return [];
  const unit = r.targetUnit;
  return [
    issuedDocument({
      key: 'listing-notice',
      kind: '通知',
      title: `关于对${unit.name}有关问题挂牌督办的通知`,
      section: 'listing',
      series: 'notice',
      at: term.issuedAt,
      addressee: partyOrgan(unit),
      body: [
        {
          text: `${basis}，经省脱贫攻坚领导小组研究，决定对${youUnit(unit)}以下问题挂牌督办。现将有关事项通知如下：`,
        },
        { heading: 1, text: '督办问题' },
        { text: sentence(`${r.subject.description}中发现，${r.decision.reason}`) },
        { heading: 1, text: '督办事项' },
        ...paragraphs(l.requirement),
        { heading: 1, text: '办结时限' },
        { text: `${chineseDate(term.deadline.dueDate)}前整改到位。` },
        { heading: 1, text: '责任领导' },
        { text: `${people([l.responsibleLeader])}。` },
        { heading: 1, text: '有关要求' },
        {
          text: `请${youUnit(unit)}高度重视，责任领导亲自负责，逐项抓好整改，及时报送整改进展。整改到位后，经省脱贫攻坚领导小组核查同意，予以摘牌。逾期未完成整改的，由省脱贫攻坚领导小组督办。`,
        },
      ],
    }),
  ];
}

/** Every document a use of results has at the stage it has reached. */
export function resultUseDocuments(r: ResultUseRecord): CaseDocument[] {
  return [...circular(r), ...interview(r), ...listing(r)];
}
