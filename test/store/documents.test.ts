import { createHash } from 'node:crypto';
import type { StoredDocument } from '../../lib/store/case-store';
import { record, storeEngines, useStore } from './store-fixtures';

/** A document as a route stores it, with its SHA-256. */
function doc(id: string, owner: string, text: string, o: Partial<StoredDocument> = {}) {
  const bytes = Buffer.from(text, 'utf8');
  return {
    id,
    owner,
    section: 'attachments',
    name: `${id}.txt`,
    contentType: 'text/plain',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    createdAt: '2026-12-01T02:00:00.000Z',
    createdBy: 'unit:taiyuan',
    ...o,
    bytes,
  };
}

/** lib/store/documents.ts: files and long texts kept by id (claim check), a public report's account among them. */
describe.each(storeEngines())('The documents (lib/store/documents.ts) on %s', (_engine, location) => {
  const store = useStore(location);

  test('claim check: a document is stored once; a retried save answers false and keeps what was stored first', async () => {
    expect(await store().saveDocument(doc('doc-0001', 'patrol-2026-taiyuan-0001', '整改报告'))).toBe(true);
    expect(await store().saveDocument(doc('doc-0001', 'patrol-2026-taiyuan-0001', '另一份'))).toBe(false);
    const stored = await store().document('doc-0001');
    expect(stored?.bytes.toString('utf8')).toBe('整改报告');
    expect(stored).toMatchObject({ owner: 'patrol-2026-taiyuan-0001', size: Buffer.byteLength('整改报告') });
    expect(stored?.sha256).toBe(createHash('sha256').update('整改报告').digest('hex'));
  });

  test("need to know: an owner's documents are listed oldest first with their section, without their bytes; a deletion removes only those named", async () => {
    const owner = 'supervision-2026-datong-0001';
    await store().saveDocument(doc('doc-b', owner, '二', { createdAt: '2026-12-02T00:00:00.000Z', section: 'report' }));
    await store().saveDocument(doc('doc-a', owner, '一', { createdAt: '2026-12-01T00:00:00.000Z' }));
    await store().saveDocument(doc('doc-c', owner, '三', { createdAt: '2026-12-03T00:00:00.000Z' }));
    await store().saveDocument(doc('doc-x', 'supervision-2026-datong-0002', '别的'));
    const listed = await store().documents(owner);
    expect(listed.map((d) => [d.id, d.section])).toEqual([
      ['doc-a', 'attachments'],
      ['doc-b', 'report'],
      ['doc-c', 'attachments'],
    ]);
    expect(listed[0]).toEqual({
      id: 'doc-a',
      owner,
      section: 'attachments',
      name: 'doc-a.txt',
      contentType: 'text/plain',
      size: Buffer.byteLength('一'),
      sha256: createHash('sha256').update('一').digest('hex'),
      createdAt: '2026-12-01T00:00:00.000Z',
      createdBy: 'unit:taiyuan',
    });
    const queries = store().queries;
    await store().deleteDocuments([]);
    expect(store().queries).toBe(queries);
    await store().deleteDocuments(['doc-a', 'doc-c']);
    expect((await store().documents(owner)).map((d) => d.id)).toEqual(['doc-b']);
    expect(await store().document('doc-a')).toBeUndefined();
    expect(await store().document('doc-x')).toBeDefined();
  });

  test("Art. 5, 12: the accounts of public reports on a unit since a time, newest first: the duplicates' candidates, nothing else", async () => {
    const report = async (id: string, unit: string, at: string, account: string) => {
      await store().saveCase({ record: record(id, { kind: 'public-report', year: 2026, unit }), viewers: [] });
      await store().saveDocument(
        doc(`${id}-account`, id, account, { section: 'account', createdAt: at, createdBy: 'public' }),
      );
    };
    await report('public-report-00000000000000000001', 'lvliang', '2026-10-01T00:00:00.000Z', '村里的路没修');
    await report('public-report-00000000000000000002', 'lvliang', '2026-11-01T00:00:00.000Z', '补贴没发到户');
    await report('public-report-00000000000000000003', 'lvliang', '2026-01-01T00:00:00.000Z', '去年的事');
    await report('public-report-00000000000000000004', 'xinzhou', '2026-11-02T00:00:00.000Z', '别的县');
    // An attachment of a report, and a patrol's document, are not accounts of reports.
    await store().saveDocument(
      doc('photo-1', 'public-report-00000000000000000002', '照片', { createdAt: '2026-11-03T00:00:00.000Z' }),
    );
    await store().saveCase({ record: record('patrol-2026-lvliang-0001', { unit: 'lvliang' }), viewers: [] });
    await store().saveDocument(
      doc('patrol-account', 'patrol-2026-lvliang-0001', '巡查', {
        section: 'account',
        createdAt: '2026-11-04T00:00:00.000Z',
      }),
    );
    expect(await store().reportAccounts('lvliang', '2026-06-01T00:00:00.000Z')).toEqual([
      { reportId: 'public-report-00000000000000000002', text: '补贴没发到户' },
      { reportId: 'public-report-00000000000000000001', text: '村里的路没修' },
    ]);
    expect(await store().reportAccounts('lvliang', '2026-06-01T00:00:00.000Z', 1)).toHaveLength(1);
  });
});
