// The history of one whole patrol (proposal and the 14 steps of its main path), as Temporal keeps it.
import type { Bench } from './requests';

export async function patrolHistory({ target, secret, post }: Bench) {
  const { signToken } = await import('../../lib/infra/tokens');
  const { historyFigures, historyPerStep, patrolMainPath, proposal, walkPeople } = await import('../patrol-walk');
  const walkers = walkPeople('xinzhou-wuzhai', 'g-bench');
  const tokenOf = (who: keyof typeof walkers) => `Bearer ${signToken(secret, walkers[who])}`;
  const proposed = await post('/patrols', tokenOf('leadingGroup'), proposal(2096, 1, 'xinzhou-wuzhai'));
  const { caseId } = (await proposed.json()) as { caseId: string };
  for (const [who, url, body] of patrolMainPath('g-bench')) {
    const res = await post(`/patrols/${caseId}/${url}`, tokenOf(who), body);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  }
  const handle = target.client.workflow.getHandle(caseId);
  await handle.result();
  const fetched = await handle.fetchHistory();
  return { ...historyFigures(fetched), perStep: historyPerStep(fetched) };
}

export type PatrolHistory = Awaited<ReturnType<typeof patrolHistory>>;
