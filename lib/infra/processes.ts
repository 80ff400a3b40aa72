/**
 * Processes and ports of this machine: whether a process lives, what it runs, stopping one that a crashed start left
 * behind, and free local ports. Used by `npm start` (its dev server), `npm run cluster` (its parts), the PGlite folder
 * lock and the tests' servers.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it lives, as another user's process.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process (Linux /proc), its arguments joined by NUL; '' when it cannot be read. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Stop a process left by an earlier run, if it still lives and its command line holds every one of `expected` (so a
 * reused pid is never touched): `signal` first, SIGKILL after `graceMs`. Resolves to whether there was one to stop.
 */
export async function stopLeftover(
  pid: number,
  expected: string[],
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 10_000,
): Promise<boolean> {
  const cmdline = commandLine(pid);
  if (!isAlive(pid) || !expected.every((part) => part && cmdline.includes(part))) return false;
  process.kill(pid, signal);
  for (let waited = 0; isAlive(pid) && waited < graceMs; waited += 200) await sleep(200);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}

/** Whether `port` is free on 127.0.0.1. */
export async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port on 127.0.0.1, chosen by the system. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
