import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { sealedDataConverter } from '../../lib/infra/codec';
import { buildWorkflowBundle } from '../../scripts/bundle-workflows';
import { historiesRoot } from '../helpers/histories';
import { testCodecKeys } from '../helpers/system';

/**
 * Workflow code must stay deterministic for every case still running on any release (docs/upgrades.md): the histories
 * recorded by each release (test/histories/v<version>/, written by `RECORD_HISTORIES=1 npx jest …`) replay against the
 * current code from source and against the bundle `npm run build` ships. A change that alters the commands of a
 * running case fails here; guard it with `patched()`.
 */
const versions = readdirSync(historiesRoot).filter((d) => /^v\d+\.\d+\.\d+$/.test(d));
const histories = versions.flatMap((v) =>
  readdirSync(path.join(historiesRoot, v))
    .filter((f) => f.endsWith('.json'))
    .map((f) => [`${v}/${f}`, path.join(historiesRoot, v, f)] as const),
);

describe('Recorded case histories of every release replay against the current workflow code', () => {
  // The workflow code bundled as `npm run build` bundles it, which is also what every test system's worker runs
  // (test/helpers/global-setup.ts): once, not once per history.
  let bundle: string;
  beforeAll(async () => {
    // The bundle `npm test` made once as `npm run build` makes it (test/helpers/global-setup.ts), else made here.
    const shared = process.env.TEST_WORKFLOW_BUNDLE;
    bundle = shared && existsSync(shared) ? readFileSync(shared, 'utf8') : await buildWorkflowBundle();
  }, 120_000);

  test('there are recorded histories of at least one release to replay', () => {
    expect(versions.length).toBeGreaterThanOrEqual(1);
    expect(histories.length).toBeGreaterThanOrEqual(8);
  });

  test.each(histories)('%s replays without nondeterminism in the built bundle', async (name, file) => {
    const history: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const dataConverter = sealedDataConverter(testCodecKeys, 'mark');
    const id = path.basename(name, '.json');
    await expect(
      Worker.runReplayHistory({ workflowBundle: { code: bundle }, dataConverter }, history, id),
    ).resolves.toBeUndefined();
  });
});
