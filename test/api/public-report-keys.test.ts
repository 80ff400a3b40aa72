/**
 * Issue 32 item 2, Art. 5: a public report sent with an `Idempotency-Key` is filed once. A replay (a double submit on a
 * bad connection, or two at once) answers the same receipt and files nothing again; the same key with another report
 * is refused and keeps nothing. Real Temporal dev server, real HTTP (app.inject on the built app), the real case store.
 */
import { reportIdOf } from '../../lib/public-reports/receipts';
import type { PublicReportRecord } from '../../workflows/public-report/contract';
import { multipart, pdf } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { browserOf, csrfOf, keyOf } from '../helpers/workbench';

jest.setTimeout(120_000);

let sys: TestSystem;
const since = new Date(Date.now() - 3_600_000).toISOString();

beforeAll(async () => {
  sys = await startSystem({ apiEnv: { PUBLIC_REPORTS_PER_HOUR: '100', ATTACHMENT_MAX_BYTES: String(1024 * 1024) } });
});
afterAll(async () => {
  await sys?.close();
});

/** POST /public-reports as multipart (fields and files), with a key or none. */
const file = (fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer }>, key?: string) => {
  const body = multipart(fields, files);
  return sys.call(undefined, {
    method: 'POST',
    url: '/public-reports',
    headers: { ...body.headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body.payload,
  });
};

/**
 * The reports on `unit` in the store, once there are at least `n` (a case writes itself to the store a moment after it
 * starts): a report filed twice would be there by the time the later ones are.
 */
const reportsOn = (unit: string, n: number) =>
  eventually(async () => {
    const ids = new Set((await sys.store.reportAccounts(unit, since)).map((r) => r.reportId));
    return ids.size >= n ? ids : undefined;
  });

test('Issue 32 item 2, Art. 5: a replayed POST /public-reports with the same key files one report and answers the same receipt', async () => {
  const fields = { targetUnit: 'jinzhong', what: '某乡扶贫车间补贴被冒领', name: '举报人赵敏', contact: '13800000001' };
  const files = [{ name: '补贴发放表.pdf', bytes: pdf }];
  const first = await file(fields, files, 'report-key-0001');
  expect(first.statusCode).toBe(201);
  const receipt = first.json<{ receipt: string }>().receipt;

  // The double submit: the same key and body again, once after the first and twice at the same time.
  const replays = await Promise.all([
    file(fields, files, 'report-key-0001'),
    file(fields, files, 'report-key-0001'),
    file(fields, files, 'report-key-0001'),
  ]);
  for (const res of replays) {
    expect(res.statusCode).toBe(201);
    expect(res.json<{ receipt: string }>().receipt).toBe(receipt);
  }
  const reportId = reportIdOf(receipt);
  expect([...(await reportsOn('jinzhong', 1))]).toEqual([reportId]);
  // One account, one file, one sealed reporter: nothing stored twice, nothing of the first taken back.
  const docs = await sys.store.documents(reportId);
  expect(docs.map((d) => d.section).sort()).toEqual(['account', 'attachments']);
  expect((await sys.store.reporter(reportId)) !== undefined).toBe(true);
  const report = await eventually(async () => {
    const res = await sys.call(people.office, { method: 'GET', url: `/public-reports/${reportId}` });
    return res.statusCode === 200 ? res.json<PublicReportRecord & { reporter?: { name: string } }>() : undefined;
  });
  expect(report.received.attachments).toHaveLength(1);
  expect(report.reporter?.name).toBe('举报人赵敏');
  const download = await sys.call(people.office, {
    method: 'GET',
    url: `/documents/${docs.find((d) => d.section === 'attachments')!.id}`,
  });
  expect(download.rawPayload.equals(pdf)).toBe(true);
});

test('Issue 32 item 2: two reports filed at once under one new key are one report (the race of a double submit)', async () => {
  const fields = { targetUnit: 'yuncheng', what: '某县易地搬迁安置房分配不公' };
  const files = [{ name: '名单.txt', bytes: Buffer.from('安置名单\n') }];
  const both = await Promise.all([file(fields, files, 'report-key-race-1'), file(fields, files, 'report-key-race-1')]);
  expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
  expect(both[0].json<{ receipt: string }>().receipt).toBe(both[1].json<{ receipt: string }>().receipt);
  const reportId = reportIdOf(both[0].json<{ receipt: string }>().receipt);
  expect([...(await reportsOn('yuncheng', 1))]).toEqual([reportId]);
  const docs = await sys.store.documents(reportId);
  expect(docs.map((d) => d.section).sort()).toEqual(['account', 'attachments']);
});

test('Issue 32 item 2: the same key with another report is refused (422) and files nothing; another key files another report', async () => {
  const fields = { targetUnit: 'xinzhou', what: '某村低保评定优亲厚友' };
  const first = await file(fields, [], 'report-key-0002');
  expect(first.statusCode).toBe(201);
  const reused = await file({ ...fields, what: '某村低保评定优亲厚友，村干部亲属全部纳入' }, [], 'report-key-0002');
  expect(reused.statusCode).toBe(422);
  expect(reused.json<{ code: string; message: string }>()).toMatchObject({
    code: 'IdempotencyKeyReused',
    message: expect.stringContaining('已用于另一份举报') as string,
  });
  const withFile = await file(fields, [{ name: 'a.pdf', bytes: pdf }], 'report-key-0002');
  expect(withFile.statusCode).toBe(422);
  expect((await reportsOn('xinzhou', 1)).size).toBe(1);
  // A key names a request, not its content: the same account under another key (or none) is another report.
  expect((await file(fields, [], 'report-key-0003')).statusCode).toBe(201);
  expect((await file(fields, [])).statusCode).toBe(201);
  expect((await reportsOn('xinzhou', 3)).size).toBe(3);
});

test('Issue 32 item 2: the public form carries a key, so the same form sent twice (a double submit) files one report', async () => {
  const visitor = browserOf(sys);
  const page = await visitor.get('/workbench/public/report');
  expect(page.body).toContain('enctype="multipart/form-data"');
  const fields = {
    _csrf: csrfOf(page.body),
    _key: keyOf(page.body),
    targetUnit: 'linfen',
    what: '某县光伏扶贫电站收益未按规定分配',
  };
  const files = [{ name: '收益台账.pdf', bytes: pdf }];
  const sent = await Promise.all([
    visitor.upload('/workbench/public/report', fields, files),
    visitor.upload('/workbench/public/report', fields, files),
  ]);
  const again = await visitor.upload('/workbench/public/report', fields, files);
  const receipts = [...sent, again].map((res) => {
    expect(res.statusCode).toBe(201);
    return /<p class="receipt mono">([^<]+)<\/p>/.exec(res.body)![1]!;
  });
  expect(new Set(receipts).size).toBe(1);
  const reportId = reportIdOf(receipts[0]!);
  expect([...(await reportsOn('linfen', 1))]).toEqual([reportId]);
  expect((await sys.store.documents(reportId)).filter((d) => d.section === 'attachments')).toHaveLength(1);
  // A new page is a new request: its key is another.
  expect(keyOf((await visitor.get('/workbench/public/report')).body)).not.toBe(fields._key);
});

test('Issue 32 item 2: the public form takes files within the API’s limits and types: a file too large or of another type is refused, what was typed kept, nothing filed', async () => {
  const visitor = browserOf(sys);
  const page = await visitor.get('/workbench/public/report');
  const fields = {
    _csrf: csrfOf(page.body),
    _key: keyOf(page.body),
    targetUnit: 'shuozhou',
    what: '某乡危房改造验收弄虚作假',
  };
  const tooLarge = await visitor.upload('/workbench/public/report', fields, [
    { name: '照片.txt', bytes: Buffer.alloc(1024 * 1024 + 10, 'a') },
  ]);
  expect(tooLarge.statusCode).toBe(413);
  expect(tooLarge.body).toContain('单个文件不能超过1MB，最多5个文件');
  expect(tooLarge.body).toContain('某乡危房改造验收弄虚作假');
  // A program is not a document: the API checks each file's type from its bytes, as it does for every upload.
  const program = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(64)]);
  const wrongType = await visitor.upload('/workbench/public/report', fields, [{ name: 'setup.exe', bytes: program }]);
  expect(wrongType.statusCode).toBe(415);
  expect(wrongType.body).toContain('不接受文件“setup.exe”的类型');
  expect(wrongType.body).toContain('某乡危房改造验收弄虚作假');
  // Without the page's CSRF token nothing is passed on.
  const forged = await visitor.upload('/workbench/public/report', { ...fields, _csrf: 'forged' }, []);
  expect(forged.statusCode).toBe(403);
  expect((await sys.store.reportAccounts('shuozhou', since)).length).toBe(0);
});
