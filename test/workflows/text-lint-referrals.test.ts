/**
 * The house rules of the Chinese the system writes (issues 14, 34; test/helpers/text-lint.ts), for referrals (交办核查,
 * issue 36 item 1): a public report referred to a county, signed for, sent back, replied 部分属实 and accepted with a
 * problem for the ledger and a proposal to the leading group, on a real server with a real SMTP server receiving every
 * notice. Every text people read is linted: the referral's and the report's events, awaited steps, deadlines and
 * notices, the mails (the 交办函's notice among them), the refusals, the documents, the receipt and Temporal UI.
 * (Its own file: text-lint.test.ts is near the 500-line limit.)
 */
import type { CaseClaims } from '../../lib/infra/tokens';
import type { CaseRecord } from '../../workflows/engine/record';
import type { startSmtpServer } from '../helpers/channels';
import type { MailedSystem } from '../helpers/mailed-system';
import { startMailedSystem } from '../helpers/mailed-system';
import { multipart, pdf } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people } from '../helpers/system';
import { lintTexts as lint, textsOfRecord } from '../helpers/text-lint';

const jingle = { sub: 'unit-jl', role: 'unit', unit: 'xinzhou-jingle', name: '静乐县 赵敏' } satisfies CaseClaims;

describe('Issue 36 item 1: the texts of a referral (交办核查) follow the house rules', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const texts: Array<[string, string]> = [];
  const seen = (where: string, text: string | undefined) => {
    if (text) texts.push([where, text]);
  };

  let mailed: MailedSystem | undefined;
  beforeAll(async () => {
    mailed = await startMailedSystem();
    ({ sys, smtp } = mailed);
  }, 120_000);
  afterAll(async () => {
    await mailed?.close();
  });

  test('Issue 36 item 1: events, awaited steps, deadlines, notices and mails, refusals, documents, the receipt and Temporal UI', async () => {
    const post = async (who: CaseClaims, url: string, body: object, expected = 200) => {
      const r = await sys.call(who, { method: 'POST', url, payload: body });
      expect([url, r.statusCode, r.statusCode === expected ? '' : r.body]).toEqual([url, expected, '']);
      if (expected !== 200 && expected !== 201)
        seen(`refusal ${url.replace(/^.*\//, '')}`, r.json<{ message: string }>().message);
      return r;
    };
    const filed = await sys.call(undefined, {
      method: 'POST',
      url: '/public-reports',
      payload: { targetUnit: 'xinzhou-jingle', what: '低保评定不公，有关系户' },
    });
    const receipt = filed.json<{ receipt: string }>().receipt;
    const [{ reportId }] = await eventually(async () => {
      const list = (await sys.call(people.office, { method: 'GET', url: '/public-reports' })).json<
        Array<{ reportId: string }>
      >();
      return list.length ? (list as [{ reportId: string }]) : undefined;
    });
    const body = {
      source: { kind: 'public-report', publicReportId: reportId },
      unit: 'xinzhou-jingle',
      matter: '核查该县低保评定是否公平公正，有无关系保、人情保问题',
    };
    await post(people.office, '/referrals', body, 409);
    await post(people.office, `/public-reports/${reportId}/registration`, { summary: '反映低保评定不公' });
    await post(people.office, '/referrals', { ...body, matter: ' ' }, 422);
    await post(people.office, '/referrals', { ...body, unit: 'nowhere' }, 422);
    const id = (await post(people.office, '/referrals', body, 201)).json<{ referralId: string }>().referralId;
    const at = (p: string) => `/referrals/${id}/${p}`;
    await eventually(async () => {
      const r = (await sys.call(people.office, { method: 'GET', url: `/referrals/${id}` })).json<CaseRecord>();
      return r.deadlines.length ? r : undefined;
    }, 30_000);
    const reply = { verdict: 'untrue', findings: '经逐户核查，评定程序基本规范', actions: '已重新公示' };
    await post(jingle, at('reply'), reply, 409);
    await post(jingle, at('sign'), {});
    await post(jingle, at('sign'), {}, 409);
    await post(jingle, at('reply'), reply);
    await post(people.office, at('review'), { decision: 'accept', reason: '同意' }, 422);
    const problems = [{ requirement: '清理不符合条件的低保对象', term: { kind: 'immediate' } }];
    await post(people.office, at('review'), { decision: 'accept', reason: '同意', publicReply: '答复', problems }, 422);
    await post(people.office, at('review'), { decision: 'send-back', reason: '核查不深入' });
    const form = multipart({}, [{ name: '核查记录.pdf', type: 'application/pdf', bytes: pdf }], 'files');
    expect((await sys.call(jingle, { method: 'POST', url: at('files'), ...form })).statusCode).toBe(200);
    await post(jingle, at('reply'), { ...reply, verdict: 'partly-true' });
    await post(people.office, at('review'), {
      decision: 'accept',
      reason: '同意办结',
      publicReply: '经核查，您反映的问题部分属实，有关县已整改。',
      problems,
      proposePatrol: true,
    });
    await post(people.office, at('review'), { decision: 'send-back', reason: '再查' }, 409);

    const record = (await sys.call(people.office, { method: 'GET', url: `/referrals/${id}` })).json<CaseRecord>();
    expect(record.closed).toBe(true);
    for (const [where, text] of textsOfRecord(record)) seen(where, text);
    const reportRecord = await eventually(async () => {
      const r = (
        await sys.call(people.office, { method: 'GET', url: `/public-reports/${reportId}` })
      ).json<CaseRecord>();
      return r.closed ? r : undefined;
    }, 30_000);
    for (const [where, text] of textsOfRecord(reportRecord)) seen(`report ${where}`, text);
    const status = (await sys.call(undefined, { method: 'GET', url: `/public-reports/${receipt}` })).json<
      Record<string, string>
    >();
    seen('receipt status', status.statusLabel);
    seen('receipt reply', status.reply);
    const docs = (await sys.call(people.office, { method: 'GET', url: `/referrals/${id}/documents` })).json<
      Array<{ title: string; html: string }>
    >();
    expect(docs).toHaveLength(3);
    for (const d of docs) {
      const html = (await sys.call(people.office, { method: 'GET', url: d.html })).body;
      seen(`document ${d.title}`, html.replace(/<[^>]+>/g, ' '));
    }
    const handle = sys.env.client.workflow.getHandle(id);
    seen('Temporal UI summary', await (await handle.describe()).staticSummary());
    const mails = await eventually(() => {
      const m = smtp.mails.filter((x) => x.notificationId?.startsWith(`${id}:`));
      return Promise.resolve(m.length >= record.notifications.length ? m : undefined);
    }, 30_000);
    for (const m of mails) {
      seen(`mail ${m.notificationId} subject`, m.subject);
      seen(`mail ${m.notificationId}`, m.text);
    }
    // Every kind of text a referral writes was read: its start, 签收, replies, evidence, send-back and acceptance.
    const where = texts.map(([w]) => w).join('\n');
    for (const action of [
      'referral-started',
      'signed-for',
      'referral-replied',
      'evidence-attached',
      'referral-sent-back',
      'referral-accepted',
      'referral-problems-listed',
      'report-answered',
      'patrol-proposed',
    ]) {
      expect([action, where.includes(`event ${action}`)]).toEqual([action, true]);
    }
    // The 交办函's notice names what to verify, and no mail to the county speaks of a report.
    const toCounty = mails.filter(
      (m) => record.notifications.find((n) => n.notificationId === m.notificationId)?.to.role === 'unit',
    );
    expect(toCounty.some((m) => m.text.includes(body.matter))).toBe(true);
    expect(toCounty.map((m) => m.text).join('\n')).not.toMatch(/群众举报|举报人/);
    expect(lint(texts)).toEqual([]);
  }, 300_000);
});
