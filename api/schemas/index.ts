/**
 * The HTTP-only schemas, by area: refusals and headers (common), a case's id, links, list rows and tasks (cases), and
 * the bodies and answers that the routes and the workbench's pages share (patrols, comments, public reports, awards,
 * statistics). What a case kind's steps take and its records look like is declared once, in the kind's contract
 * (workflows/{kind}/contract.ts).
 */
export * from './common';
export * from './cases';
export * from './patrols';
export * from './comments';
export * from './documents';
export * from './public-reports';
export * from './awards';
export * from './statistics';
export * from './ledger';
export * from './referrals';
export * from './result-uses';
