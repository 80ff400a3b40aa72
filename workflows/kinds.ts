/**
 * The registry of kinds (issue 31): one line a kind. Each module (`workflows/<kind>/index.ts`) declares its contract,
 * id scheme, stages, view, key items and documents; the API, the store's lists, the statistics, the workbench and the
 * documents iterate this list and name no kind themselves. Workflow functions are listed apart, in `index.ts`, for the
 * worker's bundle.
 */
import { KindRegistry } from './engine/kind';
import { auditAlert } from './audit-alert';
import { awardRound } from './award-round';
import { nomination } from './nomination';
import { patrol } from './patrol';
import { problem } from './problem';
import { publicReport } from './public-report';
import { referral } from './referral';
import { resultUse } from './result-use';
import { specialTopic } from './special-topic';
import { supervision } from './supervision';
import { supervisionPlan } from './supervision-plan';

export const kinds = new KindRegistry([
  patrol,
  supervision,
  supervisionPlan,
  specialTopic,
  publicReport,
  awardRound,
  nomination,
  auditAlert,
  problem,
  referral,
  resultUse,
]);
