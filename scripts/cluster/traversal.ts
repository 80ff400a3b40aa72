/**
 * PostgreSQL runs as its own user (`postgres`) when the cluster is started as root (issue 37): it must pass through
 * every folder above its data, `.data/` included, which the project keeps 0700 (its local keys). The cluster's folder
 * and, within the checkout, each folder on the way get the execute bit for group and others (pass through, never list); a folder above the
 * checkout is not ours to loosen: when PostgreSQL cannot pass it, the start is refused, naming the folder.
 */
import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';

export class UnreachableDataDir extends Error {
  override name = 'UnreachableDataDir';
}

/** Make `dir` reachable for another user from `root` down; returns the folders whose mode changed. */
export function letPostgresThrough(dir: string, root: string): string[] {
  const changed: string[] = [];
  const own = path.resolve(dir);
  // The cluster's own folder (wherever it is) and the checkout's folders are ours to open for passing through.
  const ours = (d: string) => d === own || d === root || d.startsWith(`${root}${path.sep}`);
  for (let d = own; ; d = path.dirname(d)) {
    const mode = statSync(d).mode & 0o777;
    if (ours(d)) {
      if ((mode & 0o011) !== 0o011) {
        chmodSync(d, mode | 0o011);
        changed.push(d);
      }
    } else if ((mode & 0o001) === 0) {
      throw new UnreachableDataDir(
        `PostgreSQL runs as the user postgres and cannot pass through ${d} (mode ${mode.toString(8)}): ` +
          `put the checkout (or the cluster's data folder) where other users may pass, or allow it (chmod o+x ${d})`,
      );
    }
    if (d === path.dirname(d)) break;
  }
  return changed;
}
