import { Writable } from 'node:stream';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { recordHistory } from '../helpers/histories';
import type { Payload } from '@temporalio/common';
import { SealingCodec, openOldStoreRow } from '../../lib/infra/codec';
import { openRow, reporterRow, sealedWith } from '../../lib/store/sealing';
import type { PatrolCaseRecord } from '../../workflows/patrol/contract';
import type { PublicReportRecord } from '../../workflows/public-report/contract';
import { routesFile, startSmtpServer } from '../helpers/channels';
import { multipart, pdf, proposePatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem, testCodecKeys, testStoreKeys } from '../helpers/system';

const reporterName = '举报人王秀英';
const reporterPhone = '13912345678';
const account = '娄烦县某村村干部截留危房改造补助资金，群众多次反映未果';

/** Every payload of a history opened with the key: what anyone with the codec server would read. */
async function openedHistory(sys: TestSystem, workflowId: string): Promise<string> {
  const history = await sys.env.client.workflow.getHandle(workflowId).fetchHistory();
  const codec = new SealingCodec(testCodecKeys, 'pass');
  const payloads: Payload[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (node instanceof Uint8Array) return;
    const o = node as Record<string, unknown>;
    if (o.metadata && typeof o.metadata === 'object' && o.data instanceof Uint8Array) payloads.push(o);
    for (const v of Object.values(o)) walk(v);
  };
  walk(history);
  const opened = await codec.decode(payloads);
  return opened.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n') + JSON.stringify(history);
}

describe('Art. 3, 5, 12: public reports — a receipt for anyone, a sealed reporter, the office decides (real Temporal, HTTP, SMTP)', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let logs = '';
  let receipt = '';
  let reportId = '';
  let patrolId = '';
  let forwardedId = '';

  const file = (payload: object) => sys.call(undefined, { method: 'POST', url: '/public-reports', payload });
  const status = (code: string) => sys.call(undefined, { method: 'GET', url: `/public-reports/${code}` });
  const step = async (who: (typeof people)[keyof typeof people], id: string, p: string, payload: object) => {
    const res = await sys.call(who, { method: 'POST', url: `/public-reports/${id}/${p}`, payload });
    if (res.statusCode !== 200) throw new Error(`${p}: ${res.statusCode} ${res.body}`);
    return res.json<PublicReportRecord>();
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const routes = routesFile([
      { role: 'office', email: ['duchaban@fpb.test'] },
      { role: 'leading-group', email: ['lingdaoxiaozu@fpb.test'] },
      { role: 'discipline', email: ['xinfang@sxjw.test'] },
      { role: 'unit', email: ['units@fpb.test'] },
    ]);
    sys = await startSystem({
      workerEnv: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, NOTIFICATION_ROUTES_FILE: routes },
      apiEnv: { PUBLIC_REPORTS_PER_HOUR: '12' },
      logSink: new Writable({
        write(chunk: Buffer, _enc, done) {
          logs += chunk.toString();
          done();
        },
      }),
    });
  });
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
  });

  test('Art. 5: an anonymous report gets an unguessable receipt (140 bits, in groups) and its status, with no token', async () => {
    const res = await file({ targetUnit: 'taiyuan', what: '某街道办扶贫项目资金去向不明' });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ receipt: string; status: string; message: string }>();
    expect(body.receipt).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(body).toMatchObject({ status: 'received' });
    expect(body.message).toContain(body.receipt);
    const seen = await status(body.receipt);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'received', statusLabel: '已收到，正在登记' });
    // Typed the way people type: lower case, without dashes, O for 0.
    const typed = body.receipt.replace(/-/g, '').toLowerCase().replace(/0/g, 'o');
    expect((await status(typed)).json()).toMatchObject({ status: 'received' });
    // The status says nothing of the case or the unit.
    expect(Object.keys(seen.json<object>()).sort()).toEqual(['receivedOn', 'status', 'statusLabel', 'updatedOn']);
  });

  test('a guessed or malformed receipt gets 404; a report id without a token gets 401', async () => {
    const guessed = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345';
    expect((await status(guessed)).statusCode).toBe(404);
    expect((await status('not-a-receipt')).statusCode).toBe(404);
    expect((await status('public-report-0123456789abcdef0123')).statusCode).toBe(401);
  });

  test('Art. 5: a named reporter files with an attachment (multipart); the office sees who, the leading group does not', async () => {
    const form = multipart(
      { targetUnit: 'taiyuan-loufan', what: account, when: '2026年10月', name: reporterName, contact: reporterPhone },
      [{ name: '照片说明.pdf', type: 'application/pdf', bytes: pdf }],
    );
    const res = await sys.call(undefined, { method: 'POST', url: '/public-reports', ...form });
    expect(res.statusCode).toBe(201);
    receipt = res.json<{ receipt: string }>().receipt;

    // Lists read the case store, which the report writes itself to a moment after it starts.
    const rows = await eventually(async () => {
      const list = await sys.call(people.office, { method: 'GET', url: '/public-reports?unit=taiyuan-loufan' });
      expect(list.statusCode).toBe(200);
      const r = list.json<Array<{ reportId: string; stage: string }>>();
      return r.length ? r : undefined;
    });
    expect(rows).toHaveLength(1);
    reportId = rows[0]!.reportId;
    expect(JSON.stringify(rows)).not.toContain(reporterName);

    const office = await eventually(async () => {
      const r = await sys.call(people.office, { method: 'GET', url: `/public-reports/${reportId}` });
      const v = r.json<
        PublicReportRecord & { reporter?: object; account?: object; files?: Array<{ url: string; sha256: string }> }
      >();
      return v.deadlines?.length ? v : undefined;
    });
    expect(office.reporter).toEqual({ name: reporterName, contact: reporterPhone });
    expect(office.account).toMatchObject({ what: account, when: '2026年10月' });
    expect(office.files).toHaveLength(1);
    // The file comes back as it went in, with the hash the record keeps.
    const download = await sys.call(people.office, { method: 'GET', url: office.files![0]!.url });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['x-content-sha256']).toBe(office.received.attachments[0]!.sha256);
    // Registration is due on the deadline engine: 5 working days, the office's task.
    expect(office.deadlines[0]).toMatchObject({ kind: 'public-report-registration', party: { role: 'office' } });
    const { tasks } = (await sys.call(people.office, { method: 'GET', url: '/my/tasks' })).json<{
      tasks: Array<{ step: string; url: string }>;
    }>();
    const task = tasks.find((t) => t.step === 'registerReport' && t.url.includes(reportId));
    expect(task?.url).toBe(`/public-reports/${reportId}/registration`);

    const lg = (
      await sys.call(people.leadingGroup, { method: 'GET', url: `/public-reports/${reportId}` })
    ).json<object>();
    expect(lg).toMatchObject({ account: { what: account } });
    expect(JSON.stringify(lg)).not.toContain(reporterName);
    expect(JSON.stringify(lg)).not.toContain(reporterPhone);
  });

  test("issue 30 item 5: the reporter is sealed with the store's own key, not the payload key, and /codec/decode does not open it", async () => {
    const sealed = (await sys.store.reporter(reportId))!;
    expect(sealedWith(sealed)).toBe(testStoreKeys.sealWith);
    expect(openRow(testStoreKeys, reporterRow(reportId), sealed)).toEqual({
      name: reporterName,
      contact: reporterPhone,
    });
    await expect(openOldStoreRow(testCodecKeys, sealed)).rejects.toThrow();
    // Handed to the codec server as a sealed payload under the payload key's id, it comes back as it went in.
    const asPayload = {
      metadata: {
        encoding: Buffer.from('binary/encrypted').toString('base64'),
        'encryption-key-id': Buffer.from(testCodecKeys.sealWith).toString('base64'),
      },
      data: sealed.toString('base64'),
    };
    const decoded = await sys.call(people.office, {
      method: 'POST',
      url: '/codec/decode',
      payload: { payloads: [asPayload] },
    });
    expect(decoded.statusCode).toBe(200);
    expect(decoded.json()).toEqual({ payloads: [asPayload] });
  });

  test('need to know: the target unit can neither list reports nor learn that one exists', async () => {
    const loufan = { sub: 'unit-lf', role: 'unit' as const, unit: 'taiyuan-loufan' };
    expect((await sys.call(loufan, { method: 'GET', url: '/public-reports' })).statusCode).toBe(403);
    const one = await sys.call(loufan, { method: 'GET', url: `/public-reports/${reportId}` });
    const none = await sys.call(loufan, { method: 'GET', url: '/public-reports/public-report-0123456789abcdef0123' });
    expect([one.statusCode, one.json()]).toEqual([none.statusCode, none.json()]);
    expect(one.statusCode).toBe(404);
    const download = await sys.call(people.discipline, {
      method: 'GET',
      url: `/documents/${(await sys.store.documents(reportId))[0]!.id}`,
    });
    expect(download.statusCode).toBe(404);
    for (const url of ['/cases', '/my/tasks', '/statistics']) {
      const res = await sys.call(loufan, { method: 'GET', url });
      expect([url, res.statusCode]).toEqual([url, 200]);
      expect(res.body).not.toContain('public-report');
      expect(res.body).not.toContain('举报');
    }
    // A step on the report is refused without telling whether it exists.
    const refused = await sys.call(loufan, {
      method: 'POST',
      url: `/public-reports/${reportId}/registration`,
      payload: { summary: 'x' },
    });
    expect(refused.statusCode).toBe(403);
  });

  test('Art. 5, 12: the office registers the report and links it to a patrol; the grounds cite it without the reporter', async () => {
    patrolId = await proposePatrol(sys, 'taiyuan-loufan', 1, {
      grounds: { sources: ['supervision-finding'], summary: '督查发现危房改造资金管理问题' },
    });

    const bad = await sys.call(people.office, {
      method: 'POST',
      url: `/public-reports/${reportId}/decision`,
      payload: { action: 'link', reason: '与巡查事项相关' },
    });
    expect(bad.statusCode).toBe(409); // not registered yet
    const registered = await step(people.office, reportId, 'registration', { summary: '反映危房改造补助资金被截留' });
    expect(registered).toMatchObject({ stage: 'registered', registration: { late: false } });

    const missingCase = await sys.call(people.office, {
      method: 'POST',
      url: `/public-reports/${reportId}/decision`,
      payload: { action: 'link', caseId: 'patrol-2026-datong-0099', reason: '相关' },
    });
    expect(missingCase.statusCode).toBe(422);
    const linked = await step(people.office, reportId, 'decision', {
      action: 'link',
      caseId: patrolId,
      reason: '所反映问题属于该巡查事项',
      reply: '您反映的问题已纳入省里的工作安排，感谢监督。',
    });
    expect(linked).toMatchObject({ stage: 'closed', decision: { action: 'link', caseId: patrolId } });

    const patrol = await eventually(async () => {
      const r = (await sys.call(people.office, { method: 'GET', url: `/cases/${patrolId}` })).json<PatrolCaseRecord>();
      return r.citedReports?.length ? r : undefined;
    });
    expect(patrol.citedReports![0]).toMatchObject({ reportId, summary: '反映危房改造补助资金被截留' });
    const text = JSON.stringify(patrol);
    expect(text).not.toContain(reporterName);
    expect(text).not.toContain(reporterPhone);
    expect(text).not.toContain(account);

    // The receipt tells the outcome in neutral words and the office's reply; nothing of the patrol. Issue 34: the
    // patrol awaits the committee's approval, so nothing is decided yet; once approved, the report is its grounds.
    const seen = (await status(receipt)).json<{ status: string; statusLabel: string; reply: string }>();
    expect(seen).toMatchObject({
      status: 'proposed',
      statusLabel: '已受理，正在研究处理',
      reply: '您反映的问题已纳入省里的工作安排，感谢监督。',
    });
    expect(JSON.stringify(seen)).not.toContain('patrol');
    const approved = await sys.call(people.committee, {
      method: 'POST',
      url: `/patrols/${patrolId}/approval`,
      payload: { decision: 'approve' },
    });
    expect(approved.statusCode).toBe(200);
    const after = await eventually(async () => {
      const x = (await status(receipt)).json<{ status: string; statusLabel: string }>();
      return x.status === 'accepted' ? x : undefined;
    });
    expect(after.statusLabel).toBe('已受理，作为督查巡查工作的依据');
    expect(JSON.stringify(after)).not.toContain('patrol');
  });

  test('the office forwards a report to the discipline commission, which sees it (not the reporter) and acknowledges', async () => {
    const res = await file({
      unitText: '某县民政局',
      what: '低保评定优亲厚友',
      name: reporterName,
      contact: reporterPhone,
    });
    const code = res.json<{ receipt: string }>().receipt;
    expect(code).toBeDefined();
    const id = await eventually(async () => {
      const rows = (await sys.call(people.office, { method: 'GET', url: '/public-reports?stage=received' })).json<
        Array<{ reportId: string; targetUnit: string }>
      >();
      return rows.find((r) => r.targetUnit === 'unnamed')?.reportId;
    });
    await eventually(async () =>
      (await sys.call(people.office, { method: 'GET', url: `/public-reports/${id}` })).json<PublicReportRecord>()
        .deadlines?.length
        ? true
        : undefined,
    );
    // The reporter named no unit of the registry: the office must name it.
    const noUnit = await sys.call(people.office, {
      method: 'POST',
      url: `/public-reports/${id}/registration`,
      payload: { summary: '反映低保评定问题' },
    });
    expect(noUnit.statusCode).toBe(422);
    const unknownUnit = await sys.call(people.office, {
      method: 'POST',
      url: `/public-reports/${id}/registration`,
      payload: { summary: '反映低保评定问题', targetUnit: 'nowhere' },
    });
    expect([unknownUnit.statusCode, unknownUnit.json<{ message: string }>().message]).toEqual([
      422,
      '单位名录中没有代码为“nowhere”的单位，请从名录中选择',
    ]);
    forwardedId = id;
    const reg = await step(people.office, id, 'registration', {
      summary: '反映低保评定问题',
      targetUnit: 'lvliang-linxian',
    });
    expect(reg.targetUnit).toMatchObject({ code: 'lvliang-linxian', name: '临县' });
    expect((await sys.call(people.discipline, { method: 'GET', url: `/public-reports/${id}` })).statusCode).toBe(404);

    const fwd = await step(people.office, id, 'decision', { action: 'forward', reason: '涉嫌违纪，按规定转交' });
    expect(fwd).toMatchObject({ stage: 'forwarded' });
    // Chased, never escalated: the policy has no escalation for it.
    expect(fwd.deadlines.find((d) => d.kind === 'forwarded-report-acknowledgement')).toBeDefined();

    const seen = await sys.call(people.discipline, { method: 'GET', url: `/public-reports/${id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({
      account: { what: '低保评定优亲厚友' },
      forwarding: { recipientName: '省纪委监委（纪检监察机关）' },
    });
    expect(seen.body).not.toContain(reporterName);
    expect(seen.body).not.toContain(reporterPhone);
    const procuratorate = { sub: 'proc-1', role: 'discipline' as const, unit: 'procuratorate' };
    expect((await sys.call(procuratorate, { method: 'GET', url: `/public-reports/${id}` })).statusCode).toBe(404);

    const ack = await step(people.discipline, id, 'forwarding/acknowledgement', { note: '已收到' });
    expect(ack).toMatchObject({ stage: 'closed', closed: true });
    expect((await status(code)).json()).toMatchObject({ status: 'forwarded', statusLabel: '已按规定转有关机关办理' });
  });

  test('a report much like an earlier one on the same unit is suggested as a duplicate, never merged', async () => {
    const res = await file({ targetUnit: 'taiyuan-loufan', what: `${account}。` });
    expect(res.statusCode).toBe(201);
    const rows = await eventually(async () => {
      const r = (await sys.call(people.office, { method: 'GET', url: '/public-reports?unit=taiyuan-loufan' })).json<
        Array<{ reportId: string; possibleDuplicates: string[] }>
      >();
      return r.length === 2 ? r : undefined;
    });
    const newest = rows.find((r) => r.reportId !== reportId)!;
    expect(newest.possibleDuplicates).toEqual([reportId]);
    // Paged: newest first.
    const page = (
      await sys.call(people.office, { method: 'GET', url: '/public-reports?unit=taiyuan-loufan&limit=1&offset=1' })
    ).json<Array<{ reportId: string }>>();
    expect(page.map((r) => r.reportId)).toEqual([rows[1]!.reportId]);
  });

  test('bad input gets a clear error and files nothing', async () => {
    const before = (await sys.call(people.office, { method: 'GET', url: '/public-reports?limit=200' })).json<object[]>()
      .length;
    const missing = await file({ targetUnit: 'taiyuan', what: '   ' });
    expect([missing.statusCode, missing.json<{ message: string }>().message]).toEqual([422, '请写明反映的问题']);
    expect((await file({ what: '没有写单位' })).statusCode).toBe(422);
    expect((await file({ targetUnit: 'nowhere', what: '单位不存在' })).statusCode).toBe(422);
    expect((await file({ targetUnit: 'taiyuan', what: 'x', extra: 1 })).statusCode).toBe(400);
    const exe = multipart({ targetUnit: 'taiyuan', what: '附件类型不对' }, [
      { name: 'a.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]) },
    ]);
    const refused = await sys.call(undefined, { method: 'POST', url: '/public-reports', ...exe });
    expect(refused.statusCode).toBe(415);
    const huge = multipart({ targetUnit: 'taiyuan', what: '附件太大' }, [
      { name: 'big.txt', type: 'text/plain', bytes: Buffer.alloc(11 * 1024 * 1024, 0x61) },
    ]);
    expect((await sys.call(undefined, { method: 'POST', url: '/public-reports', ...huge })).statusCode).toBe(413);
    const after = (await sys.call(people.office, { method: 'GET', url: '/public-reports?limit=200' })).json<object[]>()
      .length;
    expect(after).toBe(before);
  });

  test("need to know: the reporter's name and phone never appear in clear in any Temporal history, log line or notice", async () => {
    await eventually(() => Promise.resolve(smtp.mails.length >= 3 ? true : undefined), 20_000);
    const workflows: string[] = [];
    for await (const w of sys.env.client.workflow.list({ query: `TaskQueue = '${sys.taskQueue}'` })) {
      workflows.push(w.workflowId);
    }
    expect(workflows).toEqual(expect.arrayContaining([reportId, patrolId]));
    for (const id of workflows) {
      const text = await openedHistory(sys, id);
      expect([id, text.includes(reporterName) || text.includes(reporterPhone)]).toEqual([id, false]);
    }
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(reporterName);
    expect(logs).not.toContain(reporterPhone);
    // Receipts are keys: never in a log line either.
    expect(logs).not.toContain(receipt);
    const mails = smtp.mails.map((m) => m.subject + m.text).join('\n');
    expect(mails).toContain('群众举报');
    expect(mails).not.toContain(reporterName);
    expect(mails).not.toContain(reporterPhone);
    expect(mails).not.toContain(account);
    // In the store, the identity is sealed: its bytes do not hold the name.
    const sealed = await sys.store.reporter(reportId);
    expect(sealed!.includes(Buffer.from(reporterName))).toBe(false);

    if (process.env.RECORD_HISTORIES) {
      const save = async (id: string, file: string) =>
        recordHistory(file, historyToJSON(await sys.env.client.workflow.getHandle(id).fetchHistory()));
      await save(reportId, 'public-report-linked.json');
      await save(forwardedId, 'public-report-forwarded.json');
      await save(patrolId, 'patrol-citing-report.json');
    }
  });

  test('filing is rate-limited per address, with a refusal in Chinese', async () => {
    let res = await file({ targetUnit: 'datong', what: '第一次' });
    for (let i = 0; i < 13 && res.statusCode !== 429; i++) {
      res = await file({ targetUnit: 'datong', what: `第${i}次` });
    }
    expect(res.statusCode).toBe(429);
    expect(res.json<{ message: string }>().message).toMatch(/请求过于频繁/);
  });
});
