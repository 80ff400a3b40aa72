// Every workflow the worker registers. Workflow code only: see workflows/README.md.
export { patrolCase } from './patrol';
export { supervisionCase } from './supervision';
export { supervisionRound } from './supervision-round';
export { supervisionPlan } from './supervision-plan';
