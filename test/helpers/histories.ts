/**
 * Recorded workflow histories, one folder per released version (test/histories/v<version>/): the replay test replays
 * every folder against the current code and the built bundle, so a change that would break a case started on any
 * release still running fails before it ships (docs/upgrades.md). Recording (`RECORD_HISTORIES=1`) writes into the
 * folder of package.json's version; older folders are never rewritten.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { version } from '../../package.json';

export const historiesRoot = path.join(__dirname, '..', 'histories');

/** Write a history as JSON into the current version's folder. */
export function recordHistory(file: string, json: string): void {
  const dir = path.join(historiesRoot, `v${version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), json);
}
