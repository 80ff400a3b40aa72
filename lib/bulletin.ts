import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from './local-secret';

/** One public notice of rectification (Art. 16 (3): 整改情况能公开的要及时公开，接受社会监督). */
export interface BulletinEntry {
  caseId: string;
  unitName: string;
  title: string;
  text: string;
  publishedAt: string;
}

/** Folder of the public bulletin (`BULLETIN_DIR`, default .data/bulletin); the worker writes, the API reads. */
export function bulletinDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BULLETIN_DIR ?? path.join(dataDir(env), 'bulletin');
}

const fileOf = (dir: string, caseId: string) => path.join(dir, `${caseId}.json`);

/** Publish once per case: a retried publication returns the entry already written. */
export function publishEntry(dir: string, entry: Omit<BulletinEntry, 'publishedAt'>, now: Date): BulletinEntry {
  mkdirSync(dir, { recursive: true });
  const existing = readEntry(dir, entry.caseId);
  if (existing) return existing;
  const full: BulletinEntry = { ...entry, publishedAt: now.toISOString() };
  const tmp = `${fileOf(dir, entry.caseId)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(full, null, 2));
  renameSync(tmp, fileOf(dir, entry.caseId));
  return full;
}

export function readEntry(dir: string, caseId: string): BulletinEntry | undefined {
  try {
    return JSON.parse(readFileSync(fileOf(dir, caseId), 'utf8')) as BulletinEntry;
  } catch {
    return undefined;
  }
}

/** Newest first. */
export function listEntries(dir: string): BulletinEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((f) => readEntry(dir, f.slice(0, -'.json'.length)))
    .filter((e): e is BulletinEntry => e !== undefined)
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
}
