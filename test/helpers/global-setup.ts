/**
 * Once per `npm test`: the workflow code bundled once (webpack, as `npm run build` does), for every test system's worker
 * (test/helpers/system.ts) instead of each bundling it again at start. Tests that run other workflow code (upgrades,
 * the toy kind) or trace it bundle their own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWorkflowBundle } from '../../scripts/bundle-workflows';

export default async function globalSetup(): Promise<void> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'workflow-bundle-')), 'workflow-bundle.js');
  writeFileSync(file, await buildWorkflowBundle());
  // Read by the test workers, which start after this.
  process.env.TEST_WORKFLOW_BUNDLE = file;
}
