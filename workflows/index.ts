// Every workflow the worker registers. Workflow code only: see workflows/README.md.
export { patrolCase } from './patrol/workflow';
export { supervisionCase } from './supervision/workflow';
export { supervisionRound } from './supervision-round/workflow';
export { supervisionPlan } from './supervision-plan/workflow';
export { specialTopic } from './special-topic/workflow';
export { publicReport } from './public-report/workflow';
export { patrolRectificationReport } from './patrol-rectification-report/workflow';
export { awardRound } from './award-round/workflow';
export { awardNomination } from './nomination/workflow';
export { retention } from './retention/workflow';
export { auditAlert } from './audit-alert/workflow';
export { auditWatch } from './audit-alert/watch';
export { rectificationProblem } from './problem/workflow';
export { referralCase } from './referral/workflow';
export { resultUse } from './result-use/workflow';
