/** A special supervision of a plan topic (Art. 6, 8) as one module of the registry (workflows/kinds.ts): steps, no case record. */
import { defineKind } from '../engine/kind';
import { topicContract } from './contract';

export const specialTopic = defineKind({
  kind: 'special-topic',
  label: '专项督查',
  tag: 'annual plan',
  contract: topicContract,
});
