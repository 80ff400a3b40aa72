import { execFile } from 'node:child_process';
import { freePort } from '../../lib/infra/processes';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalCliPath } from '../../lib/infra/tools';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import { group, step } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { people, startDevServer, startSystem } from '../helpers/system';

const run = promisify(execFile);

/**
 * Sealed history (lib/infra/codec.ts): what people submit is encrypted before it leaves the API and the worker. Temporal's
 * database, the history the CLI shows and the execution's description hold ciphertext only; and whoever reaches the
 * Temporal port without the key cannot put a decision into a case.
 */
describe('Sealed history: no tip-off in clear outside the API, and no decision without the key', () => {
  const tipOff = '举报人王五手机13912345678反映村干部截留危房改造款';
  const id = 'patrol-2026-linfen-daning-0001';
  let dir: string;
  let port: number;
  let env: TestWorkflowEnvironment;
  let sys: TestSystem;
  const cli = (...args: string[]) =>
    run(temporalCliPath(), [...args, '--address', `127.0.0.1:${port}`], { maxBuffer: 64 * 2 ** 20 });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sealed-'));
    port = await freePort();
    env = await startDevServer({ dbFilename: path.join(dir, 'temporal.sqlite'), port });
    sys = await startSystem({ env });
    const res = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/patrols',
      payload: {
        year: 2026,
        serial: 1,
        targetUnit: 'linfen-daning',
        grounds: { sources: ['public-report'], summary: tipOff },
      },
    });
    expect(res.statusCode).toBe(201);
    await step(sys, people.committee, id, 'approval', { decision: 'approve', reason: `核实：${tipOff}` });
  });
  afterAll(async () => {
    await sys?.close();
    await env?.teardown();
  });

  test('the tip-off is read whole through the API, by those who may', async () => {
    const r = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<PatrolCaseRecord>();
    expect(r.grounds.summary).toBe(tipOff);
  });

  test('`temporal workflow show` and `describe` show ciphertext, never the tip-off', async () => {
    const shown = (await cli('workflow', 'show', '--workflow-id', id, '--output', 'json')).stdout;
    expect(shown).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(shown.includes(tipOff)).toBe(false);
    expect(shown.includes(Buffer.from(tipOff).toString('base64').slice(0, 24))).toBe(false);
    const described = (await cli('workflow', 'describe', '--workflow-id', id, '--output', 'json')).stdout;
    expect(described.includes(tipOff)).toBe(false);
    expect(described).toContain('CaseStage'); // the search attributes are plain, and hold no text of the case
  });

  test('the database files hold no tip-off in clear; a clear payload, by contrast, is found there', async () => {
    // The control: a start sent without the key (a forged one) rests in clear, and the scan finds it.
    const control = '未加密的对照文本';
    const clear = new Client({ connection: env.connection });
    await clear.workflow.start('patrolCase', {
      workflowId: 'patrol-2026-lvliang-0001',
      taskQueue: sys.taskQueue,
      args: [{ grounds: { summary: control } }],
    });
    // It fails at once: a workflow never acts on what was not sealed.
    await expect(clear.workflow.getHandle('patrol-2026-lvliang-0001').result()).rejects.toThrow();
    const files = readdirSync(dir).map((f) => readFileSync(path.join(dir, f)));
    const found = (text: string) => files.some((bytes) => bytes.includes(Buffer.from(text)));
    expect(found(control)).toBe(true);
    expect(found(tipOff)).toBe(false);
  });

  test('an Update forged with the Temporal CLI and a clear payload is refused, and the case is unchanged', async () => {
    const before = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<PatrolCaseRecord>();
    const forged = {
      by: { id: 'intruder', role: 'committee' },
      input: { group: { ...group, id: 'g-forged' } },
    };
    const attempt = cli(
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      id,
      '--name',
      'formGroup',
      '--input',
      JSON.stringify(forged),
    );
    // Refused by the step's validator, which gets a marker in place of what was not sealed (its reason travels sealed).
    const refused = await attempt.then(
      () => '',
      (err: { stderr: string }) => err.stderr,
    );
    expect(refused).toContain('InvalidStepInput');
    const after = (await sys.call(people.office, { method: 'GET', url: `/cases/${id}` })).json<PatrolCaseRecord>();
    expect(after).toEqual(before);
    // The case is as healthy as before: the real step goes through.
    const formed = await step(sys, people.office, id, 'group', { group });
    expect(formed.group?.id).toBe(group.id);
  });
});
