// Part of `npm run build`: bundle the workflow code once (webpack, as the worker would at start-up) into
// dist/workflow-bundle.js, so a production worker starts without bundling and runs exactly the code that was built.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { sharedWorkflowModules } from '../worker/shared-modules';

export const workflowBundlePath = path.resolve(__dirname, '..', 'workflow-bundle.js');

/** The workflow bundle exactly as `npm run build` makes it (the replay test replays released histories against it). */
export async function buildWorkflowBundle(workflowsPath = require.resolve('../workflows')): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    preloadModules: sharedWorkflowModules(workflowsPath),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: console.warn,
      error: console.error,
    },
  });
  return code;
}

async function main(): Promise<void> {
  const code = await buildWorkflowBundle();
  writeFileSync(workflowBundlePath, code);
  process.stderr.write(
    `[build] workflow bundle: ${path.relative(process.cwd(), workflowBundlePath)} (${(code.length / 2 ** 20).toFixed(2)} MiB)\n`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
