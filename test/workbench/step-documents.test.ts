/**
 * Issue 32 item 2, the document inside the card: the 请示 beside 批准/退回, the latest 请示 beside 批示, the draft
 * beside 审签, found by the kind's `stepDocuments` among the documents the reader may read; shown with its links and in
 * a frame the pages' CSP allows (the workbench frames its own document page, and nobody else may).
 */
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import type { CaseRecord } from '../../workflows/engine/record';
import type { Actor } from '../../workflows/domain';
import { kinds } from '../../workflows/kinds';
import { patrol } from '../../workflows/patrol';
import { supervision } from '../../workflows/supervision';
import { documentsForStep } from '../../api/workbench/cases/step-documents';
import { StepDocuments } from '../../api/workbench/cases/step-documents-view';
import { fullPatrol, fullSupervision } from '../helpers/records';
import { proposePatrol, step, walkPatrol } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';
import { browserOf } from '../helpers/workbench';

const at = '2026-12-02T00:00:00.000Z';
const lg: Actor = { id: 'lg', role: 'leading-group', name: '领导小组 赵强' };
const draft = {
  subject: '【待审签】关于对太原市巡查工作情况的报告',
  body: '省委、省政府：\n巡查已结束。\n省脱贫攻坚领导小组',
};

/** A patrol proposed, its request sent back and sent again, and its final report drafted for 审签. */
function patrolRecord() {
  const r = fullPatrol();
  r.events.unshift({ at, stage: 'awaiting-approval', action: 'proposed', summary: '提请', section: 'grounds', by: lg });
  r.requests.push({ summary: '再次请示', by: lg, at });
  r.reportsUp = [{ key: 'final-report', to: 'committee', status: 'awaiting-signature', draft, draftedAt: at }];
  return r;
}
const asRecord = (r: unknown) => r as CaseRecord;
const href = (key: string) => `/workbench/cases/patrol-2026-taiyuan-0001/documents/${key}`;

describe('which documents a step is read with (pure)', () => {
  test('issue 32 item 2: the committee deciding a patrol reads the 请示 it decides on', () => {
    expect(documentsForStep(patrol, 'decideApproval', asRecord(patrolRecord()))).toEqual([
      {
        key: 'proposal',
        title: '关于对太原市开展巡查的请示',
        kind: '请示',
        draft: false,
        html: `${href('proposal')}?format=html`,
        docx: href('proposal'),
      },
    ]);
  });

  test('issue 32 item 2: 批示 beside the latest 请示 (the one sent again after a send-back), not the first', () => {
    const docs = documentsForStep(patrol, 'decideInstructions', asRecord(patrolRecord()));
    expect(docs.map((d) => [d.key, d.title])).toEqual([
      ['request-2', '关于对太原市巡查情况及处理意见的请示（第二次）'],
    ]);
    // The leading group studying the group's report drafts its 请示 with the report beside it.
    expect(documentsForStep(patrol, 'sendRequestForInstructions', asRecord(patrolRecord())).map((d) => d.key)).toEqual([
      'report',
    ]);
  });

  test('issue 32 item 2: 审签 beside the draft the step signs (named by the step’s key), marked as a draft', () => {
    const docs = documentsForStep(patrol, 'signReport', asRecord(patrolRecord()), { key: 'final-report' });
    expect(docs).toEqual([
      expect.objectContaining({
        key: 'final-report',
        title: '关于对太原市巡查工作情况的报告',
        kind: '报告',
        draft: true,
      }),
    ]);
    expect(documentsForStep(patrol, 'signReport', asRecord(patrolRecord()), { key: 'other-report' })).toEqual([]);
    expect(documentsForStep(patrol, 'signReport', asRecord(patrolRecord()))).toEqual([]);
  });

  test('issue 32 item 2: a supervision’s results and commendation beside the group’s report; a step without any, none', () => {
    const r = asRecord(fullSupervision());
    for (const s of ['notifyResults', 'commendUnit']) {
      expect(documentsForStep(supervision, s, r).map((d) => [d.key, d.kind])).toEqual([['report', '报告']]);
    }
    // The supervision's approval has no 请示 (the item is the plan's); the unit's report has no document to read.
    expect(documentsForStep(supervision, 'decideApproval', r)).toEqual([]);
    expect(documentsForStep(patrol, 'submitRectificationReport', asRecord(patrolRecord()))).toEqual([]);
    // A document not made yet (the proposal before it is submitted) is not offered.
    expect(documentsForStep(patrol, 'decideApproval', asRecord(fullPatrol()))).toEqual([]);
  });

  test('issue 32 item 2, need to know: a reader whose view lacks the document’s section gets none', () => {
    const leader: Actor = { id: 'gl', role: 'group-leader', group: 'g-1' };
    const unit: Actor = { id: 'u', role: 'unit', unit: 'taiyuan' };
    for (const viewer of [leader, unit]) {
      const view = asRecord(patrol.contract.view(patrolRecord(), viewer));
      for (const s of ['decideApproval', 'decideInstructions', 'sendRequestForInstructions']) {
        expect(documentsForStep(patrol, s, view)).toEqual([]);
      }
    }
  });

  test('issue 32 item 2: every kind names only its own steps and keys of the three forms', () => {
    for (const kind of kinds.all) {
      for (const [s, keys] of Object.entries(kind.stepDocuments ?? {})) {
        expect(Object.keys(kind.contract.steps)).toContain(s);
        for (const key of keys) expect(key).toMatch(/^(:[a-zA-Z]+|[a-z]+(-[a-z]+)*(-\*)?)$/);
      }
    }
    expect(Object.keys(patrol.stepDocuments ?? {})).toEqual(
      expect.arrayContaining(['decideApproval', 'decideInstructions', 'signReport']),
    );
  });
});

describe('the card’s block', () => {
  test('issue 32 item 2: 办理前请阅 with the title, the page and the Word file, and the document in a titled frame', () => {
    const [doc] = documentsForStep(patrol, 'decideApproval', asRecord(patrolRecord()));
    const html = render(h(StepDocuments, { documents: [doc!] }));
    expect(html).toContain('办理前请阅：<strong>关于对太原市开展巡查的请示</strong>');
    expect(html).toContain(`<a href="${doc!.html}" target="_blank" rel="noopener">在线查看（新窗口）</a>`);
    expect(html).toContain(`<a href="${doc!.docx}">下载 Word</a>`);
    expect(html).toMatch(
      new RegExp(
        `<iframe class="step-document-frame" src="${doc!.html.replace(/[?]/g, '\\?')}" title="请示全文：关于对太原市开展巡查的请示" loading="lazy" sandbox="allow-same-origin"`,
      ),
    );
    expect(html).not.toMatch(/\sstyle=/);
    const signing = documentsForStep(patrol, 'signReport', asRecord(patrolRecord()), { key: 'final-report' });
    expect(render(h(StepDocuments, { documents: signing }))).toContain('（征求意见稿，未签发）');
    expect(render(h(StepDocuments, { documents: [] }))).toBe('');
  });
});

describe('the documents through the workbench, on a real patrol', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => {
    await sys?.close();
  });

  const viewOf = async (caseId: string) => {
    const res = await sys.call(people.committee, { method: 'GET', url: `/cases/${caseId}` });
    expect(res.statusCode).toBe(200);
    return res.json<CaseRecord>();
  };
  /** The effective source list of a CSP directive, with the fall-backs browsers use. */
  const directive = (csp: string, ...names: string[]) => {
    const parts = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
        .map(([n, ...v]) => [n, v]),
    );
    for (const n of names) if (parts.has(n)) return parts.get(n)!;
    return undefined;
  };

  test('issue 32 item 2: the committee’s 批准 card frames the 请示; the pages’ CSP allows that frame and no other site', async () => {
    const caseId = await proposePatrol(sys, 'taiyuan', 31);
    const [doc, ...more] = documentsForStep(patrol, 'decideApproval', await viewOf(caseId));
    expect(more).toEqual([]);
    expect(doc!.title).toBe('关于对太原市开展巡查的请示');
    const committee = browserOf(sys, people.committee);
    const page = await committee.get(doc!.html);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(`<h1>${doc!.title}</h1>`);
    // The document may be framed by its own origin only.
    const docCsp = String(page.headers['content-security-policy']);
    expect(directive(docCsp, 'frame-ancestors')).toEqual(["'self'"]);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    // The case page, where the frame sits, may frame its own origin.
    const casePage = await committee.get(`/workbench/cases/${caseId}`);
    expect(casePage.statusCode).toBe(200);
    expect(
      directive(String(casePage.headers['content-security-policy']), 'frame-src', 'child-src', 'default-src'),
    ).toContain("'self'");
    const word = await committee.get(doc!.docx);
    expect(word.statusCode).toBe(200);
    expect(word.headers['content-type']).toContain('wordprocessingml');
    // Need to know: the unit, which may not read the 请示, gets no document at that address.
    expect((await browserOf(sys, people.taiyuan).get(doc!.html)).statusCode).toBe(404);
  });

  test('issue 32 item 2: the committee’s 批示 card holds the leading group’s 请示 as sent', async () => {
    const caseId = await walkPatrol(sys, 'taiyuan', 32, 'reported');
    await step(sys, people.leadingGroup, caseId, 'request-for-instructions', { summary: '建议移交并反馈' });
    const view = await viewOf(caseId);
    expect(view.stage).toBe('awaiting-instructions');
    const docs = documentsForStep(patrol, 'decideInstructions', view);
    expect(docs.map((d) => d.key)).toEqual(['request-1']);
    const page = await browserOf(sys, people.committee).get(docs[0]!.html);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('建议移交并反馈');
  });
});
