/**
 * The API's settings: the API section of the one configuration (lib/config), `app.config` at run time. Parsed at the
 * entry point (api/server.ts, scripts/start.ts) or by `buildApp` when none is handed in.
 */
export { apiSection as configSchema } from '../lib/config/api';
export type { ApiConfig } from '../lib/config/api';

/** The largest request body the API takes (the longest step, a report with its opinions, is well under it). */
export const BODY_LIMIT = 1024 * 1024;
