/**
 * The document inside the card of the step it is read for (issue 32 item 2): 办理前请阅 with its links, and the
 * document itself in a frame. The frame is the workbench's own page of the document (documents.tsx), allowed by the
 * CSP: the pages' `default-src 'self'` (no `frame-src` of their own) lets a page frame its own origin, and the
 * document's `frame-ancestors 'self'` and `X-Frame-Options: SAMEORIGIN` (helmet's) let it be framed there only. The
 * frame is sandboxed without scripts, forms or navigation of the page; `allow-same-origin` keeps the session cookie
 * and the document's style.
 */
import type { StepDocument } from './step-documents';

export function StepDocuments({ documents }: { documents: StepDocument[] }) {
  if (!documents.length) return null;
  return (
    <div class="step-documents">
      {documents.map((d) => (
        <div class="step-document" key={d.key}>
          <p>
            办理前请阅：<strong>{d.title}</strong>
            {d.draft ? '（征求意见稿，未签发）' : ''}（
            <a href={d.html} target="_blank" rel="noopener">
              在线查看（新窗口）
            </a>{' '}
            / <a href={d.docx}>下载 Word</a>）
          </p>
          <iframe
            class="step-document-frame"
            src={d.html}
            title={`${d.kind}全文：${d.title}`}
            loading="lazy"
            sandbox="allow-same-origin"
          />
        </div>
      ))}
    </div>
  );
}
