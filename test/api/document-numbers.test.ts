import JSZip from 'jszip';
import type { CaseClaims } from '../../lib/infra/tokens';
import { rebuildStore } from '../../lib/store/rebuild';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { step, walkPatrol } from '../helpers/patrol';

interface Listed {
  id: string;
  number?: string;
  sha256?: string;
  href: string;
  html: string;
  draft?: boolean;
  awaitingNumber?: boolean;
}

const docxText = async (bytes: Buffer) => {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
};
/** `晋脱贫请〔2026〕7号` → 7. */
const seq = (number: string | undefined) => Number(/〔\d{4}〕(\d+)号$/.exec(number ?? '')?.[1] ?? NaN);

/**
 * Issue 30 item 8: a document's number (发文字号) is given when the document is issued or signed, by the case store's
 * write of the step that did it (activities/store.ts), never by a GET: a link on another site that makes a browser
 * read a document cannot change the order of the numbers. Real dev server, worker and store; HTTP through the API.
 */
describe('Issue 30 item 8: document numbers (发文字号) are given when a document is issued or signed, never by a GET', () => {
  let sys: TestSystem;
  const get = (who: CaseClaims, url: string) => sys.call(who, { method: 'GET', url });
  const numberOf = async (owner: string, key: string) => (await sys.store.givenNumber(owner, key))?.number;

  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  let a: string;
  let b: string;
  let issued: Record<string, string | undefined>;

  test('Issue 30 item 8: the step that issues a document numbers it; the store holds the number before anyone reads it', async () => {
    a = await walkPatrol(sys, 'taiyuan', 81, 'reported');
    // Nobody has read a document of this case: the proposal (请示, Art. 12) was numbered when the case was proposed.
    const proposal = await sys.store.givenNumber(a, 'proposal');
    expect(proposal?.number).toMatch(/^晋脱贫请〔\d{4}〕\d+号$/);
    expect(proposal?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await sys.store.givenNumber(a, 'request-1')).toBeUndefined();
    // Art. 16 (1): the leading group's request for instructions is numbered by the step's own write, before its answer.
    await step(sys, people.leadingGroup, a, 'request-for-instructions', { summary: '建议按处理意见办理' });
    expect(seq(await numberOf(a, 'request-1'))).toBe(seq(proposal?.number) + 1);
    // The reader sees the number the store holds, and the hash recorded when it was given.
    const listed = (await get(people.office, `/cases/${a}/documents`)).json<Listed[]>();
    expect(listed.find((d) => d.id === 'proposal')).toMatchObject({
      number: proposal!.number,
      sha256: proposal!.sha256,
    });
    expect(listed.some((d) => d.awaitingNumber)).toBe(false);
  });

  test('Issue 30 item 8: N GETs of the documents of two cases, in an order other than issuance, change no number; the numbers follow the order of issuance', async () => {
    b = await walkPatrol(sys, 'yangquan', 82, 'reported');
    // Issued in this order: a's proposal, a's request (test above), b's proposal, then b's request.
    await step(sys, people.leadingGroup, b, 'request-for-instructions', { summary: '建议按处理意见办理' });
    issued = {
      aProposal: await numberOf(a, 'proposal'),
      aRequest: await numberOf(a, 'request-1'),
      bProposal: await numberOf(b, 'proposal'),
      bRequest: await numberOf(b, 'request-1'),
    };
    const order = [issued.aProposal, issued.aRequest, issued.bProposal, issued.bRequest].map(seq);
    expect(order).toEqual([order[0], order[0]! + 1, order[0]! + 2, order[0]! + 3]);

    // Read them the other way round, in every form, by several people, several times.
    for (let round = 0; round < 3; round++) {
      for (const [caseId, key] of [
        [b, 'request-1'],
        [a, 'request-1'],
        [b, 'proposal'],
        [a, 'proposal'],
      ] as const) {
        for (const who of [people.committee, people.office, people.leadingGroup]) {
          expect((await get(who, `/cases/${caseId}/documents/${key}`)).statusCode).toBe(200);
          expect((await get(who, `/cases/${caseId}/documents/${key}?format=html`)).statusCode).toBe(200);
        }
      }
      for (const caseId of [b, a])
        expect((await get(people.committee, `/cases/${caseId}/documents`)).statusCode).toBe(200);
    }
    expect({
      aProposal: await numberOf(a, 'proposal'),
      aRequest: await numberOf(a, 'request-1'),
      bProposal: await numberOf(b, 'proposal'),
      bRequest: await numberOf(b, 'request-1'),
    }).toEqual(issued);
    const asListed = (await get(people.office, `/cases/${b}/documents`)).json<Listed[]>();
    expect(asListed.filter((d) => d.number).map((d) => [d.id, d.number])).toEqual([
      ['proposal', issued.bProposal],
      ['request-1', issued.bRequest],
    ]);
    expect(await docxText((await get(people.office, `/cases/${b}/documents/request-1`)).rawPayload)).toContain(
      issued.bRequest,
    );
  });

  test('Issue 30 item 8: a GET of a draft gives it no number; the plan is numbered by the write that stores its approval, with no GET in between', async () => {
    const drafted = await sys.call(people.office, {
      method: 'POST',
      url: '/supervision-plans',
      payload: { year: 2027, month: 12, crossInspection: false, specialTopics: [] },
    });
    expect(drafted.statusCode).toBe(201);
    for (const format of ['docx', 'html', 'docx']) {
      const res = await get(people.leadingGroup, `/supervision-plans/2027/document?format=${format}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-document-number']).toBeUndefined(); // a draft is not awaiting a number: it has none
    }
    expect(await sys.store.givenNumber('supervision-plan-2027', 'plan')).toBeUndefined();

    const approved = await sys.call(people.leadingGroup, {
      method: 'POST',
      url: '/supervision-plans/2027/approval',
      payload: { decision: 'approve' },
    });
    expect(approved.statusCode).toBe(200);
    // The plan stores itself once the step's notices are sent; nobody reads the document meanwhile.
    const given = await eventually(() => sys.store.givenNumber('supervision-plan-2027', 'plan'), 20_000);
    expect(given.number).toMatch(/^晋脱贫报〔\d{4}〕\d+号$/);
    const doc = await get(people.committee, '/supervision-plans/2027/document?format=html');
    expect(doc.body).toContain(given.number);
    expect(doc.headers['x-content-sha256']).toBe(given.sha256);
    expect(await sys.store.givenNumber('supervision-plan-2027', 'plan')).toEqual(given);
  });

  test('Issue 30 item 8: a document issued before numbers were given at issuance is served awaiting its number, never numbered by reading it; npm run store:rebuild numbers it', async () => {
    // As a document issued before this change and never read: no number in the store.
    await sys.store.db.deleteFrom('document_numbers').where('owner', '=', a).where('key', '=', 'request-1').execute();
    for (let i = 0; i < 3; i++) {
      const listed = (await get(people.office, `/cases/${a}/documents`)).json<Listed[]>();
      const request = listed.find((d) => d.id === 'request-1')!;
      expect(request).toMatchObject({ awaitingNumber: true });
      expect(request.number).toBeUndefined();
      const docx = await get(people.committee, request.href);
      expect([docx.statusCode, docx.headers['x-document-number']]).toEqual([200, 'awaiting']);
      expect(await docxText(docx.rawPayload)).not.toContain('晋脱贫请');
    }
    expect(await sys.store.givenNumber(a, 'request-1')).toBeUndefined();

    const rebuilt = await rebuildStore(sys.env.client, sys.store);
    expect(rebuilt).toMatchObject({ failed: [], numbered: 1 });
    const renumbered = await numberOf(a, 'request-1');
    // The next number of its series and year: after every number already given.
    expect(seq(renumbered)).toBe(Math.max(...Object.values(issued).map(seq)) + 1);
    const listed = (await get(people.office, `/cases/${a}/documents`)).json<Listed[]>();
    expect(listed.find((d) => d.id === 'request-1')).toMatchObject({ number: renumbered });
    expect(listed.some((d) => d.awaitingNumber)).toBe(false);
    // Again: nothing left to number, nothing numbered twice.
    expect(await rebuildStore(sys.env.client, sys.store)).toMatchObject({ failed: [], numbered: 0 });
    expect(await numberOf(a, 'request-1')).toBe(renumbered);
  }, 120_000);
});
