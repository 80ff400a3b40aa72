/**
 * The thread that reads an upload's type (api/sniff.ts runs it in a pool and ends it when it runs over its budget). An
 * ES module: tsc emits it as dist/api/sniff-worker.mjs, so its `import()` of file-type (ESM only) stays a real import.
 */
import { workerData } from 'node:worker_threads';
import type * as FileType from 'file-type' with { 'resolution-mode': 'import' };
import type { SniffTask } from './sniff';

// file-type, or a module with the same function (tests). The specifier is a variable: tsc's "moduleResolution": "node"
// cannot read file-type's package exports, so the types come from the type-only import above.
const parser: string = (workerData as { parser: string }).parser;

/** Loaded before the thread says it is ready (piscina awaits this export), so no budget pays for loading the parser. */
export default (import(parser) as Promise<typeof FileType>).then(
  ({ fileTypeFromBuffer }) =>
    async ({ bytes, started }: SniffTask): Promise<string | undefined> => {
      started.postMessage('started');
      started.close();
      return (await fileTypeFromBuffer(new Uint8Array(bytes)))?.mime;
    },
);
