/** A case's official documents (公文) as the API lists them: the route answers with it, the workbench reads it. */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** One document of `GET /cases/{caseId}/documents`. */
export const DocumentSchema = Type.Object({
  id: Type.String({ description: 'Within the case: proposal, report, request-1 …' }),
  kind: Type.String({ description: '文种: 请示, 报告 …' }),
  title: Type.String(),
  number: Type.Optional(Type.String({ description: '发文字号, e.g. 晋脱贫请〔2026〕3号' })),
  date: Type.String({ description: '成文日期, e.g. 2026年11月27日' }),
  href: Type.String({ description: 'The .docx' }),
  html: Type.String({ description: 'The same document as a page for the browser' }),
  draft: Type.Optional(Type.Boolean({ description: 'Drafted, not yet signed: it has no number and says so' })),
  awaitingNumber: Type.Optional(
    Type.Boolean({
      description:
        'Issued, its number not given yet: the store write that gives it has not run, or it was issued before numbers were given at issuance (`npm run store:rebuild` numbers those)',
    }),
  ),
  sha256: Type.Optional(
    Type.String({ description: 'SHA-256 of its content as recorded when it was issued (also `X-Content-SHA256`)' }),
  ),
});
export type ListedDocument = Static<typeof DocumentSchema>;
