/**
 * Issue 37, the defect first: started as root, the cluster's PostgreSQL (run as the user postgres) must pass through
 * `.data/` (0700, the project's local keys) down to its own folder; a folder above the checkout that it cannot pass
 * refuses the start, naming the folder. Real folders, real modes; the walk is the one `npm run cluster` does.
 */
import { chmodSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { letPostgresThrough } from '../../scripts/cluster/traversal';

const mode = (d: string) => statSync(d).mode & 0o777;

test('Issue 37: the checkout’s folders down to the cluster’s data are opened for passing through (never listing); nothing else changes', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'traversal-'));
  chmodSync(base, 0o755);
  const checkout = path.join(base, 'checkout');
  const data = path.join(checkout, '.data');
  const cluster = path.join(data, 'cluster');
  mkdirSync(cluster, { recursive: true, mode: 0o700 });
  chmodSync(checkout, 0o755);
  chmodSync(data, 0o700);
  chmodSync(cluster, 0o700);
  const keys = path.join(data, 'keys');
  mkdirSync(keys, { mode: 0o700 });

  expect(letPostgresThrough(cluster, checkout).sort()).toEqual([cluster, data].sort());
  expect([mode(data), mode(cluster)]).toEqual([0o711, 0o711]);
  // A sibling keeps its mode; a second start changes nothing.
  expect(mode(keys)).toBe(0o700);
  expect(letPostgresThrough(cluster, checkout)).toEqual([]);
});

test('Issue 37: a folder above the checkout that others may not pass refuses the start, naming it and the way out', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'traversal-'));
  const home = path.join(base, 'home');
  const cluster = path.join(home, 'checkout', '.data', 'cluster');
  mkdirSync(cluster, { recursive: true });
  chmodSync(base, 0o755);
  chmodSync(home, 0o700);
  expect(() => letPostgresThrough(cluster, path.join(home, 'checkout'))).toThrow(
    new RegExp(`cannot pass through ${home} .*chmod o\\+x ${home}`),
  );
  // The cluster's own folder outside the checkout (the suite's temporary one) is ours to open.
  const elsewhere = path.join(base, 'elsewhere');
  mkdirSync(elsewhere, { mode: 0o700 });
  expect(letPostgresThrough(elsewhere, path.join(home, 'checkout'))).toEqual([elsewhere]);
  expect(mode(elsewhere)).toBe(0o711);
});
