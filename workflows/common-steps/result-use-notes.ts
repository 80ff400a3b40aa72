/**
 * A use of results (结果运用, issue 36 item 2: 通报批评, 约谈, 挂牌督办) is its own workflow; the case or the problem of
 * the ledger it rests on records it as an event of its own (an event-only section, `resultUses`, that the overseers
 * see), so its history and the ledger's page say what came of it. A subject that has ended is not told; the use of
 * results keeps the subject's id either way.
 */
import { defineSignal } from '@temporalio/workflow';
import type { Actor, ResultUseType, TargetUnit } from '../domain';

export interface ResultUseNote {
  resultUseId: string;
  type: ResultUseType;
  unit: TargetUnit;
  by: Actor;
}

export const resultUseNotedSignal = defineSignal<[ResultUseNote]>('resultUseNoted');

/** The event's words, as the case's history says them. */
export const resultUseNoteText = (n: ResultUseNote): string =>
  n.type === 'criticism'
    ? `领导小组决定对${n.unit.name}予以通报批评`
    : n.type === 'interview'
      ? `领导小组决定约谈${n.unit.name}负责同志`
      : `领导小组决定对${n.unit.name}的有关问题挂牌督办`;
