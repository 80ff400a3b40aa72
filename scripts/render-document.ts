// `npm run render:document`: one official document (the proposal of an example patrol, 提请巡查的请示) as .docx, turned
// into a PDF by LibreOffice headless and its first page into docs/images/document-proposal.png by pdftoppm, so docs/documents.md
// shows it as Word, WPS or LibreOffice lays it out. Needs Debian's libreoffice-writer (or -nogui) and poppler-utils, and
// a CJK font (fonts-wqy-zenhei; the GB/T 9704 fonts are named in the file and used where installed). Not part of the tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { patrolDocuments } from '../workflows/patrol/documents';
import { renderDocx } from '../lib/documents/official-document';
import { projectRoot } from '../lib/infra/tools';
import type { PatrolCaseRecord } from '../workflows/patrol/contract';

async function main(): Promise<void> {
  const at = '2026-11-27T02:00:00Z';
  // An example patrol as the record keeps it once the leading group has proposed it (Art. 12).
  const example = {
    kind: 'patrol',
    caseId: 'patrol-2026-taiyuan-0001',
    targetUnit: { code: 'taiyuan', name: '太原市', kind: 'city' },
    events: [{ action: 'proposed', at, by: { id: 'lg-1', role: 'leading-group', name: '赵强' } }],
    grounds: {
      sources: ['public-report', 'supervision-finding'],
      summary: '群众反映部分村扶贫项目资金拨付滞后，2026年度综合督查发现产业扶贫资金使用不规范。',
    },
    citedReports: [{ reportId: 'public-report-0', summary: '资金拨付滞后', receivedOn: '2026-10-08', at, by: {} }],
    findings: [],
    suggestions: [],
    requests: [],
  } as unknown as PatrolCaseRecord;
  const out = path.join(projectRoot, '.data', 'render');
  mkdirSync(out, { recursive: true });
  const docx = path.join(out, 'proposal.docx');
  writeFileSync(docx, await renderDocx(patrolDocuments(example)[0]!.build('晋脱贫请〔2026〕1号')));
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, docx], { stdio: 'inherit' });
  const png = path.join(projectRoot, 'docs', 'images', 'document-proposal');
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '72',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    path.join(out, 'proposal.pdf'),
    png,
  ]);
  process.stdout.write(`${docx}\n${png}.png\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
