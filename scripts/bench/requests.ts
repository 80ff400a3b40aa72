// How `npm run bench` sends its requests and times them: one operation `n` times, one at a time, with the people's
// bearer tokens and a workbench session.
import { performance } from 'node:perf_hooks';
import type { Target } from './targets';

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A row of the latency table: its label and each request's milliseconds, sorted. */
export interface Timed {
  label: string;
  ms: number[];
}

export type Post = (url: string, auth: string, body: object) => Promise<Response>;

/** What every part of the bench needs: the target, its API, the secret its tokens are signed with, the people. */
export interface Bench {
  target: Target;
  api: string;
  secret: string;
  /** Requests per row. */
  n: number;
  leadingGroup: string;
  committee: string;
  post: Post;
}

export async function benchOn(target: Target, n: number): Promise<Bench> {
  const { signToken } = await import('../../lib/infra/tokens');
  const secret = target.secret;
  const api = target.api;
  return {
    target,
    api,
    secret,
    n,
    // Art. 12: the leading group proposes a patrol (one the office starts waits for the leading group as a draft).
    leadingGroup: `Bearer ${signToken(secret, { sub: 'bench-lg', role: 'leading-group' })}`,
    committee: `Bearer ${signToken(secret, { sub: 'bench-committee', role: 'committee' })}`,
    post: (url, auth, body) =>
      fetch(`${api}${url}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}

export async function timed(label: string, n: number, op: (i: number) => Promise<Response>): Promise<Timed> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await op(i);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${label} #${i}: ${res.status}`);
    ms.push(performance.now() - t0);
  }
  return { label, ms: ms.sort((a, b) => a - b) };
}

/** A session of the workbench, signed in on the local sign-in page (sessions are kept by the server, issue 30). */
export async function workbenchSession(api: string, person: Record<string, string>): Promise<string> {
  const page = await fetch(`${api}/workbench/signin`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const signedIn = await fetch(`${api}/workbench/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: csrf, next: '/workbench/', ...person }),
  });
  const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('workbench_session='));
  if (!session) throw new Error(`local sign-in to the workbench failed (${signedIn.status}): the inbox is not timed`);
  return session.split(';')[0]!;
}
