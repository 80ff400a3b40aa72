/**
 * The type check of an upload runs off the event loop: file-type parses the bytes in a small pool of worker threads
 * (piscina), and a sniff that runs past its budget ends its thread (a fresh one takes its place). A parser bug such as
 * file-type 16's ASF loop (issue 30) then costs one thread for one budget, never the API.
 */
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';

/** What the pool's thread is handed (sniff-worker.mts): the bytes, and a port to say when it begins. */
export interface SniffTask {
  bytes: ArrayBuffer;
  started: MessagePort;
}

/** Why a sniff gave no answer: it ran past its budget, its thread failed, or no thread was free in time. */
export class SniffFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'crashed' | 'busy',
    options?: ErrorOptions,
  ) {
    super(`type sniff ${reason}`, options);
    this.name = 'SniffFailure';
  }
}

/**
 * How long a sniff may wait for a thread to be free and started (two slow files ahead of it, a thread starting after one
 * was ended): the budget counts only from the moment the parser begins, so a cold start never refuses a good file.
 */
const THREAD_WAIT_MS = 30_000;
/** Threads at most; an idle one ends after a minute, so an API nobody uploads to keeps none. */
const THREADS = 2;
const IDLE_MS = 60_000;

/**
 * The worker's module: its TypeScript source when api/ runs from sources (the tests; Node strips the types), the ES
 * module tsc compiles it to in dist/. Being an ES module, it loads file-type (ESM only) with a real `import()`.
 */
const workerFile = path.join(__dirname, path.extname(__filename) === '.ts' ? 'sniff-worker.mts' : 'sniff-worker.mjs');

export interface SnifferOptions {
  /** A module with file-type's `fileTypeFromBuffer` to use instead (tests: a parser that never returns). */
  parser?: string;
}

export class TypeSniffer {
  private pool?: Piscina;

  constructor(private readonly options: SnifferOptions = {}) {}

  /**
   * The MIME type file-type reads from the bytes (undefined: none it knows), within `budgetMs` of parsing; otherwise a
   * SniffFailure. The bytes are copied for the thread, the caller's stay as they are.
   *
   * @example
   * const mime = await new TypeSniffer().sniff(bytes, 1000); // 'application/pdf'
   */
  async sniff(bytes: Uint8Array, budgetMs: number): Promise<string | undefined> {
    const pool = (this.pool ??= this.startPool());
    const copy = new Uint8Array(bytes).buffer;
    const { port1, port2 } = new MessageChannel();
    const stop = new AbortController();
    let started = false;
    let budget: NodeJS.Timeout | undefined;
    const waiting = setTimeout(() => stop.abort(), THREAD_WAIT_MS);
    port1.once('message', () => {
      started = true;
      clearTimeout(waiting);
      budget = setTimeout(() => stop.abort(), budgetMs);
    });
    try {
      const task: SniffTask = { bytes: copy, started: port2 };
      // Aborting a running task terminates its thread; piscina starts another for the next task.
      return (await pool.run(task, { transferList: [copy, port2], signal: stop.signal })) as string | undefined;
    } catch (err) {
      throw new SniffFailure(stop.signal.aborted ? (started ? 'timeout' : 'busy') : 'crashed', { cause: err });
    } finally {
      clearTimeout(waiting);
      clearTimeout(budget);
      port1.close();
    }
  }

  /** End the threads (the next sniff starts new ones). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }

  private startPool(): Piscina {
    if (workerFile.endsWith('.mts') && !(process.features as { typescript?: unknown }).typescript) {
      throw new Error(
        'api/ from its TypeScript sources needs Node 22.18 or later: the type check’s thread runs a .mts',
      );
    }
    const pool = new Piscina({
      filename: workerFile,
      minThreads: 0,
      maxThreads: THREADS,
      idleTimeout: IDLE_MS,
      // A parser that allocates without end ends its own thread, not the API.
      resourceLimits: { maxOldGenerationSizeMb: 64 },
      workerData: { parser: this.options.parser ?? 'file-type' },
      // An idle thread runs its event loop (not piscina's Atomics.wait), so a parser's forgotten promise fails then, not
      // in the next file's parse.
      atomics: 'disabled',
    });
    // A thread that fails between files is replaced like any other; unheard, piscina's 'error' would stop the API.
    pool.on('error', () => {});
    return pool;
  }
}

/** The API's sniffer; its threads start with the first upload. */
export const typeSniffer = new TypeSniffer();
