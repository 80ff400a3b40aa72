// Build B of the upgrade test (test/workflows/upgrade.test.ts): the released workflows with one change to the patrol,
// made the way docs/upgrades.md says. A patrol now records in its memo the build it started on: a new command, so it
// is guarded by patched(): a case started on build A replays unchanged (patched() is false where its history has no
// marker), and a case started on B takes the new path. Workflow code (bundled for the worker).
import { patched, upsertMemo } from '@temporalio/workflow';
import { patrolCase as released } from '../../workflows';

export * from '../../workflows';

export async function patrolCase(...args: Parameters<typeof released>): ReturnType<typeof released> {
  if (patched('upgrade-test-started-on-build')) upsertMemo({ startedOnBuild: 'B' });
  return released(...args);
}
