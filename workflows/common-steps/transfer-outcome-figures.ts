/**
 * What the year's patrol rectification report says of the transfers (Art. 16 (1)) and what the discipline bodies and
 * the procuratorate reported back on them (issue 36 item 3, docs/transfer-outcomes.md): one sentence an official signs
 * as it is, from the store's figures (lib/store/transfer-outcomes.ts `outcomeSummary`). Pure.
 */
import type { OutcomeSummary } from '../../lib/store/transfer-outcomes';
import type { TransferRecipient } from '../domain';

/** The bodies as a report names them in general. */
const bodies: Record<TransferRecipient, string> = {
  'discipline-inspection': '纪检监察机关',
  procuratorate: '检察机关',
};

/**
 * `本年度巡查移交纪检监察机关和检察机关问题线索3件，已反馈办理结果2件，其中立案1件，处分2人，问责3人。` Undefined when
 * nothing was transferred.
 */
export function transferOutcomeSentence(
  transfers: ReadonlyArray<{ to: TransferRecipient }>,
  s: OutcomeSummary | undefined,
  scope = '本年度巡查',
): string | undefined {
  if (!transfers.length) return undefined;
  const to = (Object.keys(bodies) as TransferRecipient[]).filter((r) => transfers.some((t) => t.to === r));
  const head = `${scope}移交${to.map((r) => bodies[r]).join('和')}问题线索${transfers.length}件`;
  if (!s?.reported) return `${head}，尚未收到办理结果反馈。`;
  const persons = [
    s.disciplined ? `处分${s.disciplined}人` : '',
    s.heldAccountable ? `问责${s.heldAccountable}人` : '',
    s.prosecuted ? `移送司法机关${s.prosecuted}人` : '',
  ].filter(Boolean);
  const reported = s.reported >= transfers.length ? '均已反馈办理结果' : `已反馈办理结果${s.reported}件`;
  const filed = s.caseFiled ? `，其中立案${s.caseFiled}件` : '';
  return `${head}，${reported}${filed}${persons.length ? `，${persons.join('，')}` : ''}。`;
}
