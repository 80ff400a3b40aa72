/**
 * Issue 30, item 2: uploads that no parser bug can hang. The file that stopped the API on file-type 16 over real HTTP;
 * the worker threads' budget with a parser that never returns; and a fuzz of every allowed kind.
 */
import path from 'node:path';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Document, Packer, Paragraph } from 'docx';
import fc from 'fast-check';
import JSZip from 'jszip';
import { HttpRefusal } from '../../api/refusal';
import { SniffFailure, TypeSniffer } from '../../api/sniff';
import { allowedTypes, checkedType } from '../../api/uploads';
import { multipart, pdf } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

/**
 * The file that hung the API on file-type 16.5.4 (issue 30): ASF's header object, then a sub-object whose size is 0.
 * 16.5.4 read a sub-object's size, skipped (size − 24) bytes, that is 24 back, and read the same sub-object again for
 * ever. 200 bytes, so its loop's `position + 24 < size` always held.
 */
function asfThatHung16(): Buffer {
  const file = Buffer.alloc(200);
  // ASF Header Object: GUID 75B22630-668E-11CF-A6D9-00AA0062CE6C, size, number of header objects, two reserved bytes.
  Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex').copy(file, 0);
  file.writeBigUInt64LE(200n, 16);
  file.writeUInt32LE(1, 24);
  file.writeUInt8(1, 28);
  file.writeUInt8(2, 29);
  // A sub-object (the Padding Object's GUID) whose size field is 0.
  Buffer.from('74d40618dfca0945a4ba9aabcb96aae8', 'hex').copy(file, 30);
  file.writeBigUInt64LE(0n, 46);
  return file;
}

const mime = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  text: 'text/plain',
} as const;

/** A small file of each allowed kind, made here (the docx by the `docx` package, the xlsx by jszip). */
async function samples(): Promise<Array<{ kind: keyof typeof mime; name: string; bytes: Buffer }>> {
  const docx = await Packer.toBuffer(
    new Document({ sections: [{ children: [new Paragraph('关于娄烦县危房改造补助资金的情况说明')] }] }),
  );
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="整改台账" sheetId="1"/></sheets></workbook>',
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
  );
  const xlsx = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const files: Array<{ kind: keyof typeof mime; name: string; bytes: Buffer }> = [
    { kind: 'pdf', name: '情况说明.pdf', bytes: pdf },
    {
      kind: 'jpeg',
      name: '现场照片.jpg',
      bytes: Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb004300' + '01'.repeat(64) + 'ffd9', 'hex'),
    },
    {
      kind: 'png',
      name: '截图.png',
      bytes: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        'base64',
      ),
    },
    { kind: 'docx', name: '整改报告.docx', bytes: docx },
    { kind: 'xlsx', name: '整改台账.xlsx', bytes: xlsx },
    { kind: 'text', name: '补充说明.txt', bytes: Buffer.from('补充说明：\n村里2026年的补助资金至今未发放。\n') },
  ];
  return files;
}

/** The answer of the type check: an allowed type, or "refused" for a 415; anything else is thrown on. */
async function typeOrRefusal(bytes: Buffer, sniffer: TypeSniffer, budgetMs = 1000): Promise<string> {
  try {
    return await checkedType(bytes, '附件', { budgetMs, sniffer });
  } catch (err) {
    if (err instanceof HttpRefusal && err.statusCode === 415) return 'refused';
    throw err;
  }
}

/** A real HTTP request to the listening API; resolves when its answer has arrived. */
function send(
  base: string,
  method: string,
  url: string,
  body?: { payload: Buffer; headers: Record<string, string> },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url, base), { method, headers: body?.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body?.payload);
  });
}

/** A public report's multipart body; every file claims to be a PDF (the check reads the bytes, not the claim). */
const form = (fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer }>) =>
  multipart(
    fields,
    files.map((f) => ({ ...f, type: 'application/pdf' })),
  );

describe('Issue 30, item 2: no upload can stop the API (real Temporal dev server, real HTTP on a port)', () => {
  let sys: TestSystem;
  let base = '';
  const reports = async () =>
    (await sys.call(people.office, { method: 'GET', url: '/public-reports?limit=200' })).json<object[]>().length;

  beforeAll(async () => {
    sys = await startSystem({ apiEnv: { PUBLIC_REPORTS_PER_HOUR: '50', ATTACHMENTS_PER_UPLOAD: '6' } });
    await sys.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(sys.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await sys?.close();
  });

  test('the ASF file that hung file-type 16, named report.pdf and sent with no token, is refused with 415 within 1 s while /health/live answers; nothing is filed', async () => {
    const before = await reports();
    const upload = form({ targetUnit: 'taiyuan', what: '附件是伪装成PDF的ASF文件' }, [
      { name: 'report.pdf', bytes: asfThatHung16() },
    ]);
    const sent = Date.now();
    const refused = send(base, 'POST', '/public-reports', upload).then((res) => ({ ...res, ms: Date.now() - sent }));
    // Asked while the upload is in flight: on file-type 16 neither this nor the upload ever answered.
    const live = await send(base, 'GET', '/health/live');
    expect([live.status, JSON.parse(live.body)]).toEqual([200, { status: 'ok' }]);
    const res = await refused;
    expect(res.status).toBe(415);
    expect(res.ms).toBeLessThan(1000);
    expect(JSON.parse(res.body)).toMatchObject({
      code: 'UnsupportedAttachment',
      message: `不接受文件“report.pdf”的类型；可以上传：${Object.values(allowedTypes).join('、')}`,
    });
    expect(await reports()).toBe(before);
  });

  test('Art. 5: a report with one file of each allowed kind is filed, each stored with the type read from its bytes; a plain ZIP is refused, naming its type', async () => {
    const files = await samples();
    const filed = await send(
      base,
      'POST',
      '/public-reports',
      form({ targetUnit: 'taiyuan-loufan', what: '补助资金未发放，附材料六份' }, files),
    );
    expect(filed.status).toBe(201);
    const [row] = await eventually(async () => {
      const list = await sys.call(people.office, { method: 'GET', url: '/public-reports?unit=taiyuan-loufan' });
      const r = list.json<Array<{ reportId: string }>>();
      return r.length ? r : undefined;
    });
    const record = (await sys.call(people.office, { method: 'GET', url: `/public-reports/${row!.reportId}` })).json<{
      received: { attachments: Array<{ name: string; contentType: string }> };
    }>();
    expect(record.received.attachments.map((a) => [a.name, a.contentType])).toEqual(
      files.map((f) => [f.name, mime[f.kind]]),
    );

    const zip = new JSZip();
    zip.file('说明.txt', '不是Word也不是Excel');
    const plainZip = await zip.generateAsync({ type: 'nodebuffer' });
    const before = await reports();
    const res = await send(
      base,
      'POST',
      '/public-reports',
      form({ targetUnit: 'taiyuan', what: '压缩包' }, [{ name: '材料.docx', bytes: plainZip }]),
    );
    expect([res.status, (JSON.parse(res.body) as { message: string }).message]).toEqual([
      415,
      `不接受文件“材料.docx”的类型（application/zip）；可以上传：${Object.values(allowedTypes).join('、')}`,
    ]);
    expect(await reports()).toBe(before);
  });
});

describe('Issue 30, item 2: the type check runs in a worker thread within its budget', () => {
  /** Threads whose parser has bugs on purpose (test/helpers/looping-file-type.mjs); otherwise it is file-type. */
  const buggy = new TypeSniffer({
    parser: pathToFileURL(path.join(__dirname, '../helpers/looping-file-type.mjs')).href,
  });
  const sniffer = new TypeSniffer();
  afterAll(async () => {
    await buggy.close();
    await sniffer.close();
  });

  test('file-type 22 itself reads the ASF file that hung 16.5.4 and answers (no type it knows)', async () => {
    await expect(sniffer.sniff(asfThatHung16(), 1000)).resolves.toBeUndefined();
  });

  test('a parse that never returns is ended after its budget; its thread is ended and replaced, and the next file is read', async () => {
    // Three loops on a pool of two threads: had the first two threads not been ended, the third and the PNG after it
    // would wait for a free thread for ever.
    for (let i = 0; i < 3; i++) {
      const failure = await buggy.sniff(asfThatHung16(), 300).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(SniffFailure);
      expect((failure as SniffFailure).reason).toBe('timeout');
    }
    const png = (await samples()).find((s) => s.kind === 'png')!.bytes;
    await expect(buggy.sniff(png, 1000)).resolves.toBe('image/png');
  });

  test('a thread that dies mid-parse is a refusal, not an error of the API, and the next file is read', async () => {
    const failure = await buggy.sniff(Buffer.from('%PDF-1.4 exit-thread'), 1000).catch((err: unknown) => err);
    expect((failure as SniffFailure).reason).toBe('crashed');
    await expect(buggy.sniff(pdf, 1000)).resolves.toBe('application/pdf');
  });

  test('a parser that fails after it has answered ends only its thread, never the API', async () => {
    await expect(buggy.sniff(Buffer.from('%PDF-1.4 stray-rejection'), 1000)).resolves.toBe('application/pdf');
    // The thread fails a moment later (a timer of its own); the pool replaces it and the API goes on.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await expect(buggy.sniff(pdf, 1000)).resolves.toBe('application/pdf');
  });

  test('the upload check answers 415 when the parse runs over or its thread dies, saying so in Chinese', async () => {
    const allowed = Object.values(allowedTypes).join('、');
    // Behind a PDF's first bytes the ASF header passes the first-bytes check and reaches the (looping) parser.
    const looping = Buffer.concat([Buffer.from('%PDF-1.4\n'), asfThatHung16()]);
    await expect(checkedType(looping, '报告.pdf', { budgetMs: 300, sniffer: buggy })).rejects.toMatchObject({
      statusCode: 415,
      code: 'UnsupportedAttachment',
      message: `未能在0.3秒内识别文件“报告.pdf”的类型（文件可能已损坏），未保存任何内容；可以上传：${allowed}`,
    });
    await expect(
      checkedType(Buffer.from('%PDF-1.4 exit-thread'), '报告.pdf', { budgetMs: 300, sniffer: buggy }),
    ).rejects.toMatchObject({
      statusCode: 415,
      message: `无法识别文件“报告.pdf”的类型（文件可能已损坏），未保存任何内容；可以上传：${allowed}`,
    });
    // On its own the ASF file never reaches a parser: its first bytes are none of an allowed kind's.
    await expect(checkedType(asfThatHung16(), 'report.pdf', { budgetMs: 300, sniffer: buggy })).rejects.toMatchObject({
      statusCode: 415,
      message: `不接受文件“report.pdf”的类型；可以上传：${allowed}`,
    });
  });
});

describe('Issue 30, item 2: fuzz — truncated, altered and random files settle as an allowed type or a 415', () => {
  const sniffer = new TypeSniffer();
  afterAll(() => sniffer.close());

  test('every prefix of a file of each allowed kind: its own type, text, or 415', async () => {
    const all = await samples();
    for (const sample of all) {
      // The whole file is read as its kind.
      expect(await typeOrRefusal(sample.bytes, sniffer)).toBe(mime[sample.kind]);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: sample.bytes.length }), async (length) => {
          const answer = await typeOrRefusal(sample.bytes.subarray(0, length), sniffer);
          expect(['refused', mime[sample.kind], 'text/plain']).toContain(answer);
        }),
        { numRuns: 40 },
      );
    }
  });

  test('files of each kind with bytes changed, and random bytes behind each signature: an allowed type or 415', async () => {
    const all = await samples();
    const edits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...all), edits, async (sample, changes) => {
        const bytes = Buffer.from(sample.bytes);
        for (const [at, value] of changes) bytes[at % bytes.length] = value;
        expect([...Object.keys(allowedTypes), 'refused']).toContain(await typeOrRefusal(bytes, sniffer));
      }),
      { numRuns: 150 },
    );
    const heads = all.map((s) => s.bytes.subarray(0, 8));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...heads),
        fc.uint8Array({ minLength: 0, maxLength: 4096 }),
        async (head, rest) => {
          const answer = await typeOrRefusal(Buffer.concat([head, rest]), sniffer);
          expect([...Object.keys(allowedTypes), 'refused']).toContain(answer);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('random bytes: text, an allowed type by chance, or 415', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (bytes) => {
        const answer = await typeOrRefusal(Buffer.from(bytes), sniffer);
        expect([...Object.keys(allowedTypes), 'refused']).toContain(answer);
      }),
      { numRuns: 200 },
    );
  });
});
