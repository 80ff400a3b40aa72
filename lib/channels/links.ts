/**
 * Where people open a case, for the API (api/workbench) and the notices that link to it (activities/notifications.ts):
 * the case's page in the workbench, and the short link an SMS carries, which the API redirects to that page.
 */
export const workbenchBase = '/workbench';

/** The case's page in the workbench. */
export const casePagePath = (caseId: string): string => `${workbenchBase}/cases/${encodeURIComponent(caseId)}`;

/** A case's short link is this prefix and the case's id. */
export const shortCasePrefix = '/c';
