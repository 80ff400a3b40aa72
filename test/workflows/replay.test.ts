import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { sealedDataConverter } from '../../lib/codec';
import { testCodecKeys } from '../helpers/system';

/**
 * Workflow code must stay deterministic: histories recorded from earlier runs (test/histories/, written by
 * `RECORD_HISTORIES=1 npx jest test/api/patrol-approval.test.ts`) must replay against the current code.
 * A change that alters the commands of a running case fails here; guard it with `patched()`.
 */
const dir = path.join(__dirname, '../histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('Recorded case histories replay against the current workflow code', () => {
  test('there are recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  test.each(files)('%s replays without nondeterminism', async (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    await expect(
      Worker.runReplayHistory(
        {
          workflowsPath: require.resolve('../../workflows'),
          dataConverter: sealedDataConverter(testCodecKeys, 'mark'),
        },
        history,
        file.replace(/\.json$/, ''),
      ),
    ).resolves.toBeUndefined();
  });
});
