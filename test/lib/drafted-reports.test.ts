import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMarkdown, renderMarkdown } from '../../lib/documents/markdown';
import { issuedRoundReports } from '../../lib/documents/numbers';
import { documentCss, renderHtml } from '../../lib/documents/official-document';
import { canonicalModel, modelSha256, readReport, saveDraft, signedVersion } from '../../lib/documents/reports';
import { CaseStore } from '../../lib/store/case-store';
import type { RoundProgress } from '../../workflows/supervision-round/contract';
import type { RoundReportData } from '../../workflows/supervision-round/documents';
import { roundReportModel } from '../../workflows/supervision-round/documents';

const before = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/documents-69abdd1.json'), 'utf8')) as {
  rounds: Array<{ data: RoundReportData; markdown: string }>;
};
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const owner = 'supervision-round-2026';
/** A round whose requirement a person typed with `**`: its Markdown does not read back as its model. */
const data: RoundReportData = {
  ...before.rounds[0]!.data,
  cases: before.rounds[0]!.data.cases.map((c) =>
    c.unit.code === 'linfen' ? { ...c, rectificationRequirements: ['**扶贫资金**拨付滞后'] } : c,
  ),
};
const signer = { id: 'lg-1', role: 'leading-group' as const, name: '领导小组 赵强' };

/**
 * lib/documents/reports.ts on a real case store (PGlite): a drafted report kept as its model beside its Markdown, read
 * back as the model, and signed as drafted or as the leading group edited it.
 */
describe('Issue 31 item 7: drafted reports in the case store', () => {
  let store: CaseStore;
  beforeAll(async () => {
    store = await CaseStore.open('pglite:memory');
  });
  afterAll(async () => store?.close());

  test("a draft is stored as its model beside its Markdown; the record's hash is the SHA-256 of the model's canonical form", async () => {
    const model = roundReportModel(data);
    const saved = await saveDraft(store, { owner, kind: 'consolidated', model, at: data.at });
    expect(saved.text).toBe(renderMarkdown(model));
    expect(await store.report(owner, 'consolidated')).toBe(saved.text);
    expect(await store.report(owner, 'consolidated#model')).toBe(canonicalModel(model));
    expect(saved.sha256).toBe(sha256(canonicalModel(model)));
    // Canonical: the order in which a builder wrote the keys does not count; what the document says does.
    const reordered = {
      body: model.body,
      particulars: model.particulars,
      addressee: model.addressee,
      title: model.title,
    };
    expect(modelSha256(reordered)).toBe(saved.sha256);
    expect(modelSha256({ ...model, title: `${model.title}（修改）` })).not.toBe(saved.sha256);
    // The document comes from the stored model: the requirement as typed, `**` and all, which the text cannot give back.
    const read = await readReport(store, owner, 'consolidated');
    expect(read).toEqual({ text: saved.text, model });
    expect(parseMarkdown(saved.text)).not.toEqual(model);
    expect(JSON.stringify(read!.model)).toContain('1. **扶贫资金**拨付滞后');
  });

  test('a draft stored before models were (its Markdown only) is read from its text; a version that is not stored is none', async () => {
    const old = before.rounds[1]!.markdown;
    await store.saveReport({
      roundId: 'supervision-round-2025',
      kind: 'rectification',
      title: 't',
      text: old,
      at: data.at,
    });
    expect(await readReport(store, 'supervision-round-2025', 'rectification')).toEqual({
      text: old,
      model: parseMarkdown(old),
    });
    expect(await readReport(store, 'supervision-round-2025', 'national')).toBeUndefined();
  });

  test('Art. 11 (ours): signing as drafted keeps the draft; an edit is stored under its own name, known by the hash of the model read from it, the draft unchanged', async () => {
    const draft = (await store.report(owner, 'consolidated'))!;
    const draftSha256 = modelSha256(roundReportModel(data));
    const sign = (text: string | undefined, kind = 'consolidated', hash = draftSha256) =>
      signedVersion(store, { owner, kind, title: '报告', draftSha256: hash, text });
    const asDrafted = { version: 'consolidated', sha256: draftSha256 };
    expect(await sign(undefined)).toEqual(asDrafted);
    // The draft's own text (which here does not read back as its model), and the same document typed again.
    expect(await sign(draft)).toEqual(asDrafted);
    const plain = roundReportModel(before.rounds[0]!.data);
    await saveDraft(store, { owner, kind: 'national', model: plain, at: data.at });
    expect(await sign(`${renderMarkdown(plain)}\n\n`, 'national', modelSha256(plain))).toEqual({
      version: 'national',
      sha256: modelSha256(plain),
    });

    const edited = `${draft}\n领导小组审签补充：请各市举一反三。\n`;
    const signed = await sign(edited);
    const hash = modelSha256(parseMarkdown(edited));
    expect(signed).toEqual({ version: `consolidated@${hash.slice(0, 16)}`, sha256: hash });
    expect(await store.report(owner, signed.version)).toBe(edited);
    expect(await store.report(owner, 'consolidated')).toBe(draft);
    // The edit's document is read from what the person typed, not from the draft's model.
    const read = await readReport(store, owner, signed.version);
    expect(read!.model.body.at(-1)).toEqual({ text: '领导小组审签补充：请各市举一反三。' });

    // A draft of before (its record kept the SHA-256 of its text): its text signs as drafted, an edit does not.
    const oldText = before.rounds[1]!.markdown;
    const oldKind = {
      owner: 'supervision-round-2025',
      kind: 'rectification',
      title: 't',
      draftSha256: sha256(oldText),
    };
    expect(await signedVersion(store, { ...oldKind, text: oldText })).toEqual({
      version: 'rectification',
      sha256: sha256(oldText),
    });
    expect((await signedVersion(store, { ...oldKind, text: `${oldText}\n补充。` })).version).toMatch(
      /^rectification@[0-9a-f]{16}$/,
    );
  });

  test('Art. 11: the signed report the store numbers is made from the stored model, as signed by the leading group', async () => {
    const progress = {
      roundId: owner,
      reports: [
        {
          kind: 'consolidated',
          status: 'signed',
          at: data.at,
          signed: { at: '2026-12-03T00:00:00Z', by: signer, edited: false, sha256: 'x', version: 'consolidated' },
        },
      ],
    } as unknown as RoundProgress;
    const [doc] = await issuedRoundReports(store, progress);
    const page = renderHtml(doc!.build('晋脱贫报〔2026〕5号')).replace(documentCss, '');
    expect(doc).toMatchObject({ owner, key: 'consolidated', series: 'report', draft: false });
    expect(page).toContain('<p class="number">晋脱贫报〔2026〕5号　　　　签发人：赵强</p>');
    expect(page).toContain('<p class="date">2026年12月3日</p>');
    expect(page).toContain('<p class="l0">临汾市：1. **扶贫资金**拨付滞后</p>');
  });
});
