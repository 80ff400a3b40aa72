import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '../..');

export interface StartPorts {
  temporal: number;
  ui: number;
  api: number;
}

/**
 * `npm start`'s program (dist/scripts/start.js, built beforehand) as a user runs it, on its own ports and data folder:
 * resolves once it says it is running, with the process and everything it printed so far; rejects if it exits first.
 */
export function npmStart(
  dataDir: string,
  ports: StartPorts,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [path.join(root, 'dist/scripts/start.js')], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: '',
      DATA_DIR: dataDir,
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      PORT: String(ports.api),
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('is running')) {
        clearInterval(timer);
        resolve({ child, output: () => out });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`start exited early:\n${out}`));
      }
    }, 200);
  });
}

/** Ctrl-C, and its exit code. */
export async function stopStart(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}
