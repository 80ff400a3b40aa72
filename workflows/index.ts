// Every workflow the worker registers. Workflow code only: see workflows/README.md.
export { patrolCase } from './patrol/workflow';
export { supervisionCase } from './supervision/workflow';
export { supervisionRound } from './round/workflow';
export { supervisionPlan } from './plan/workflow';
export { publicReport } from './public-report/workflow';
export { patrolRectificationReport } from './yearly-report/workflow';
export { awardRound } from './award/round';
export { awardNomination } from './award/nomination';
