/** The annual supervision plan (Art. 6, 8) as one module of the registry (workflows/kinds.ts): steps, no case record. */
import { defineKind } from '../engine/kind';
import { planContract } from './contract';

export const supervisionPlan = defineKind({
  kind: 'supervision-plan',
  label: '年度督查计划',
  tag: 'annual plan',
  contract: planContract,
});
