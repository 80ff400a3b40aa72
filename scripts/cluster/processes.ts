// The cluster's processes: set-up scripts run to their end, managed children it can stop, crash and start again, the
// parts an earlier cluster left running, and a range of free ports.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { portFree, stopLeftover } from '../../lib/infra/processes';
import { projectRoot } from '../../lib/infra/tools';
import type { ClusterProcess, Env } from './types';

/**
 * A base port with 40 free ports after it (tests run clusters side by side with other servers), below 32768: Temporal
 * keeps membership ports in a PostgreSQL smallint.
 */
export async function freePortRange(from = 10_000 + Math.floor(Math.random() * 20_000)): Promise<number> {
  for (let base = from; base < 32_700; base += 50) {
    const checks = await Promise.all(Array.from({ length: 40 }, (_, i) => portFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('no 40 free consecutive ports');
}

export function runScript(script: string, env: Env, log: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [path.join(projectRoot, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
      log.write(d);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} failed (exit ${code}):\n${output}`)),
    );
  });
}

/** A child process the cluster can stop, crash and start again; its output goes to a log file. */
export function managed(
  name: string,
  command: string,
  args: string[],
  env: Env,
  logDir: string,
  /** Resolves once it is up; `since`: how long its log file was before this start. */
  ready: (since: number) => Promise<void>,
): ClusterProcess {
  let child: ChildProcess | undefined;
  const running = () => !!child && child.exitCode === null && child.signalCode === null;
  return {
    name,
    env,
    running,
    pid: () => (running() ? child?.pid : undefined),
    async start() {
      if (running()) return;
      const logFile = path.join(logDir, `${name}.log`);
      const since = existsSync(logFile) ? statSync(logFile).size : 0;
      const log = createWriteStream(logFile, { flags: 'a' });
      child = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      // Its pid, so that a cluster that was killed before it could stop its parts has them stopped by the next start.
      const pidFile = path.join(logDir, `${name}.pid`);
      writeFileSync(pidFile, `${child.pid}\n${command}\n${args[0] ?? ''}\n`);
      child.once('exit', () => rmSync(pidFile, { force: true }));
      const started = child;
      const exited = new Promise<never>((_, reject) =>
        started.once('exit', (code, signal) =>
          reject(
            new Error(
              `${name} exited during start (${code ?? signal}); the end of ${logFile}:\n` +
                readFileSync(logFile, 'utf8').slice(since).slice(-1500),
            ),
          ),
        ),
      );
      exited.catch(() => undefined);
      await Promise.race([ready(since), exited]);
    },
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      const current = child;
      if (!current || !running()) return;
      const exited = new Promise((r) => current.once('exit', r));
      current.kill(signal);
      const timer = setTimeout(() => current.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Parts left running by a cluster process that was killed (kill -9, a crash) before it could stop them: found by their
 * pid files (and PostgreSQL's own postmaster.pid), checked to be the same program, stopped on purpose (SIGTERM, then
 * SIGKILL after 10 s). The next start then owns its ports and its data folder again.
 */
export async function stopLeftovers(dataDir: string, logDir: string, say: (line: string) => void): Promise<void> {
  // Each part's pid file: its pid, its program and first argument (checked against the process before it is stopped).
  const parts = (existsSync(logDir) ? readdirSync(logDir).filter((f) => f.endsWith('.pid')) : []).map((file) => {
    const [pid, ...expected] = readFileSync(path.join(logDir, file), 'utf8').split('\n');
    rmSync(path.join(logDir, file), { force: true });
    return {
      name: path.basename(file, '.pid'),
      pid: Number(pid),
      expected: expected.filter(Boolean),
      signal: 'SIGTERM',
    };
  });
  const postmaster = path.join(dataDir, 'postgres', 'data', 'postmaster.pid');
  if (existsSync(postmaster)) {
    const pid = Number(readFileSync(postmaster, 'utf8').split('\n')[0]);
    parts.push({ name: 'postgres', pid, expected: ['postgres'], signal: 'SIGINT' });
  }
  for (const part of parts) {
    if (await stopLeftover(part.pid, part.expected, part.signal as NodeJS.Signals)) {
      say(`stopped a part of an earlier cluster that had not stopped cleanly (${part.name}, pid ${part.pid})`);
    }
  }
}

export async function until(what: string, check: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up in ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
