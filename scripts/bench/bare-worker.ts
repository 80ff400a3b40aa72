// The bare worker of `npm run bench`, in a process of its own (as the system's workers are on the cluster), so that it
// never waits for the bench's own process, which on the dev server is also the system's API, worker and PGlite; and
// so that its memory is the bare floor of a worker in the same run. Started by compare.ts with BARE_ADDRESS,
// BARE_NAMESPACE, BARE_TASK_QUEUE, BARE_BUNDLE (the bare workflow code, bundled) and BARE_TLS (the cluster's mutual TLS as JSON); prints "ready" once it runs;
// SIGTERM stops it (the SDK's own signal handling).
import { NativeConnection, Worker } from '@temporalio/worker';
import type { NativeConnectionOptions } from '@temporalio/worker';

/** JSON of the TLS options with their buffers (certificates, key) as `{ type: 'Buffer', data }`. */
const revive = (_: string, value: unknown) =>
  value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer'
    ? Buffer.from((value as { data: number[] }).data)
    : value;

async function main(): Promise<void> {
  const { BARE_ADDRESS, BARE_NAMESPACE, BARE_TASK_QUEUE, BARE_TLS, BARE_BUNDLE } = process.env;
  const tls = BARE_TLS ? (JSON.parse(BARE_TLS, revive) as NativeConnectionOptions['tls']) : undefined;
  const connection = await NativeConnection.connect({ address: BARE_ADDRESS!, tls });
  const worker = await Worker.create({
    connection,
    namespace: BARE_NAMESPACE!,
    taskQueue: BARE_TASK_QUEUE!,
    // Bundled by the bench beforehand, as the system's workers load the build's bundle: no webpack in this process.
    workflowBundle: { codePath: BARE_BUNDLE! },
    activities: {
      bareWork: (n: number) => Promise.resolve(n),
      // How late the notice is, measured where it runs.
      bareNotice: (dueAt: number) => Promise.resolve(Date.now() - dueAt),
    },
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  await connection.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
