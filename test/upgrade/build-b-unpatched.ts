// The same change as build-b.ts without its patched() guard: what the upgrade procedure forbids. A case started on
// build A does not replay on it (nondeterminism), which the upgrade test proves, so that the test can fail.
import { upsertMemo } from '@temporalio/workflow';
import { patrolCase as released } from '../../workflows';

export * from '../../workflows';

export async function patrolCase(...args: Parameters<typeof released>): ReturnType<typeof released> {
  upsertMemo({ startedOnBuild: 'B' });
  return released(...args);
}
