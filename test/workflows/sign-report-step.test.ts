import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Actor } from '../../workflows/domain';
import { roleLabels } from '../../workflows/domain';
import type { StepAck } from '../../workflows/engine/contract';
import { applicationFailureOf, refusalTypes } from '../../workflows/engine/failures';
import type { RoundProgress } from '../../workflows/supervision-round/contract';
import { roundProgressQuery, roundSteps, signRoundReportUpdate } from '../../workflows/supervision-round/contract';
import type { YearlyReport } from '../../workflows/patrol-rectification-report/contract';
import {
  signYearlyReportUpdate,
  yearlyReportQuery,
  yearlyReportSteps,
} from '../../workflows/patrol-rectification-report/contract';
import type { CaseClaims } from '../../lib/infra/tokens';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';

/**
 * Issue 31, item 3 (one workflow shape): `signReport` of the comprehensive round (Art. 11) and of the year's patrol
 * rectification report (Art. 16 (3)) is a step of their tables, registered like every other kind's. It takes the step
 * call (`{ by, input }`, answered with the step's ack, refused by the table's checks) and, for running cases and until
 * the API sends the step call, the Update's old shape (`{ by, …input }`, answered with the report as before). The
 * recorded histories that carry the old shape replay (test/workflows/replay.test.ts).
 */
describe('Issue 31 item 3: signReport of the round and of the yearly report is a table step that still takes its old call', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys?.close());

  const leadingGroup: Actor = { id: 'lg-1', role: 'leading-group', name: '领导小组 赵强' };
  const office: Actor = { id: 'office-1', role: 'office', name: '办公室 李明' };
  const onlyLeadingGroup = `只有${roleLabels['leading-group']}可以办理这一步`;

  /** The refusal an Update met: its type (the API's HTTP status) and its Chinese message. */
  const refusal = async (update: Promise<unknown>) => {
    const err = await update.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return applicationFailureOf((err as WorkflowUpdateFailedError).cause);
  };
  const call = async (who: CaseClaims, method: 'GET' | 'POST', url: string, payload?: object, expected = 200) => {
    const res = await sys.call(who, { method, url, ...(payload ? { payload } : {}) });
    expect([url, res.statusCode, res.statusCode === expected ? '' : res.body]).toEqual([url, expected, '']);
    return res;
  };

  test("Art. 16 (3): the year's report is signed by the step call, answered with the step's ack; the table refuses others", async () => {
    await call(people.office, 'POST', '/patrol-rectification-reports', { year: 2031 }, 201);
    const handle = sys.env.client.workflow.getHandle('patrol-rectification-report-2031');
    const draft = await eventually(() => handle.query(yearlyReportQuery).catch(() => undefined));
    const input = { version: 'report', sha256: draft.draftSha256, publish: false, note: '同意' };
    const update = yearlyReportSteps.signReport.update;

    // The table's checks, in its order: who may (403), what fits (422); nothing is signed.
    expect(await refusal(handle.executeUpdate(update, { args: [{ by: office, input }] }))).toEqual({
      type: refusalTypes.notAllowed,
      message: onlyLeadingGroup,
    });
    expect(
      await refusal(handle.executeUpdate(update, { args: [{ by: leadingGroup, input: { ...input, sha256: 'x' } }] })),
    ).toMatchObject({ type: refusalTypes.invalid });
    expect((await handle.query(yearlyReportQuery)).signed).toBeUndefined();

    const ack: StepAck = await handle.executeUpdate(update, { args: [{ by: leadingGroup, input }] });
    expect(ack).toEqual({ revision: 1, stage: 'awaiting-signature', closed: false });
    const sent = await eventually(async () => {
      const r = await handle.query(yearlyReportQuery);
      return r.status === 'sent' ? r : undefined;
    });
    expect(sent.signed).toMatchObject({
      by: leadingGroup,
      edited: false,
      version: 'report',
      note: '同意',
      publish: false,
    });
    expect(sent.notifications.some((n) => n.to.role === 'committee')).toBe(true);

    // Signed and sent, the report's workflow ends with it (a further signature is refused by the API from the store).
    expect(((await handle.result()) as YearlyReport).status).toBe('sent');
  });

  test('Art. 16 (3): the old call (`{ by, version, sha256, publish }`) still signs, answered with the report as before', async () => {
    await call(people.office, 'POST', '/patrol-rectification-reports', { year: 2032 }, 201);
    const handle = sys.env.client.workflow.getHandle('patrol-rectification-report-2032');
    const draft = await eventually(() => handle.query(yearlyReportQuery).catch(() => undefined));
    const old = { by: leadingGroup, version: 'report', sha256: draft.draftSha256, publish: false };
    const answer: YearlyReport = await handle.executeUpdate(signYearlyReportUpdate, { args: [old] });
    expect(answer).toMatchObject({
      reportId: 'patrol-rectification-report-2032',
      status: 'awaiting-signature',
      signed: { by: leadingGroup, edited: false, version: 'report', publish: false },
    });
    expect(answer.signed!.note).toBeUndefined();
    await eventually(async () => ((await handle.query(yearlyReportQuery)).status === 'sent' ? true : undefined));
  });

  test("Art. 11: a round's reports are signed by the step call or by the old call; the step is refused out of turn", async () => {
    // A round of one unit, approved with the year's plan and started now.
    await call(
      people.office,
      'POST',
      '/supervision-plans',
      { year: 2031, month: 12, units: ['taiyuan'], crossInspection: false, specialTopics: [] },
      201,
    );
    await call(people.leadingGroup, 'POST', '/supervision-plans/2031/approval', { decision: 'approve' });
    await call(people.leadingGroup, 'POST', '/supervision-plans/2031/round', undefined, 202);
    const progress = async () => {
      const res = await sys.call(people.leadingGroup, { method: 'GET', url: '/supervision-rounds/2031' });
      return res.statusCode === 200 ? res.json<RoundProgress>() : undefined;
    };
    const started = await eventually(async () => {
      const r = await progress();
      return r?.status === 'field-work' ? r : undefined;
    }, 30_000);
    const round = sys.env.client.workflow.getHandle(started.workflowId);
    const update = roundSteps.signReport.update;
    const sign = (kind: 'consolidated' | 'rectification' | 'national', r: RoundProgress) => ({
      kind,
      version: kind,
      sha256: r.reports.find((x) => x.kind === kind)!.draftSha256!,
    });

    // Nothing drafted yet: out of stage for the table (409), whatever the shape.
    const early = { kind: 'consolidated' as const, version: 'consolidated', sha256: 'a'.repeat(64) };
    expect(await refusal(round.executeUpdate(update, { args: [{ by: leadingGroup, input: early }] }))).toEqual({
      type: refusalTypes.outOfOrder,
      message: '该报告尚未起草',
    });

    // Its one case is walked to its results (no rectification required: it closes).
    const caseId = 'supervision-2031-taiyuan-0001';
    const leader = { sub: 'gl-r1', role: 'group-leader' as const, group: 'sg-2031-01', name: '组长 刘强' };
    const step = (who: CaseClaims, path: string, body: object) =>
      call(who, 'POST', `/supervisions/${caseId}/${path}`, body);
    await eventually(async () =>
      (await sys.call(people.office, { method: 'GET', url: `/cases/${caseId}` })).statusCode === 200 ? true : undefined,
    );
    await step(people.office, 'group', {
      group: {
        id: 'sg-2031-01',
        leader: { name: '刘强', rank: 'department', unit: 'dept-poverty-alleviation' },
        members: [{ name: '赵敏', unit: 'dept-finance' }],
      },
    });
    await step(leader, 'work-plan', { summary: '实施方案' });
    await step(leader, 'report', { situation: '情况', problems: '问题', opinions: '意见', suggestions: '建议' });
    await step(people.leadingGroup, 'results', { summary: '督查结果', rectificationRequirements: [] });

    const drafted = await eventually(async () => {
      const r = await round.query(roundProgressQuery);
      return r.reports.some((x) => x.kind === 'consolidated') ? r : undefined;
    }, 30_000);
    // Only the leading group; only a drafted report (`national` is not drafted yet).
    expect(
      await refusal(round.executeUpdate(update, { args: [{ by: office, input: sign('consolidated', drafted) }] })),
    ).toEqual({ type: refusalTypes.notAllowed, message: onlyLeadingGroup });
    const national = { ...sign('consolidated', drafted), kind: 'national' as const };
    expect(await refusal(round.executeUpdate(update, { args: [{ by: leadingGroup, input: national }] }))).toEqual({
      type: refusalTypes.outOfOrder,
      message: '该报告尚未起草',
    });

    // The step call, with a request key: answered with the ack; the same request again gets the same answer.
    const consolidated = {
      by: leadingGroup,
      input: { ...sign('consolidated', drafted), note: '同意报送' },
      idempotency: { key: 'sign-consolidated-2031', fingerprint: 'f1' },
    };
    const ack: StepAck = await round.executeUpdate(update, { args: [consolidated] });
    expect(ack).toMatchObject({ stage: 'field-work', closed: false });
    expect(await round.executeUpdate(update, { args: [consolidated] })).toEqual(ack);
    expect(
      await refusal(
        round.executeUpdate(update, {
          args: [{ ...consolidated, idempotency: { key: 'sign-consolidated-2031', fingerprint: 'f2' } }],
        }),
      ),
    ).toMatchObject({ type: refusalTypes.keyReused });

    // The rectification report, by the old call: answered with the report as signed.
    const second = await eventually(async () => {
      const r = await round.query(roundProgressQuery);
      return r.reports.some((x) => x.kind === 'rectification') ? r : undefined;
    }, 30_000);
    // A signed report is not signed again (the round waits for the rectification report's signature meanwhile).
    expect(
      await refusal(
        round.executeUpdate(signRoundReportUpdate, { args: [{ by: leadingGroup, ...sign('consolidated', drafted) }] }),
      ),
    ).toEqual({
      type: refusalTypes.outOfOrder,
      message: '该报告已签发',
    });
    const signed = await round.executeUpdate(signRoundReportUpdate, {
      args: [{ by: leadingGroup, ...sign('rectification', second) }],
    });
    expect(signed).toMatchObject({
      kind: 'rectification',
      status: 'signed',
      signed: { by: leadingGroup, edited: false },
    });

    // Then the round closes, every report signed and sent (issue 34: the report to the national leading group is the
    // year's, not the round's).
    const closed = await eventually(async () => {
      const r = await round.query(roundProgressQuery);
      return r.status === 'closed' ? r : undefined;
    }, 30_000);
    expect(closed.reports.map((r) => [r.kind, r.status, r.signed?.note])).toEqual([
      ['consolidated', 'signed', '同意报送'],
      ['rectification', 'signed', undefined],
    ]);
    expect(closed.notifications.filter((n) => n.to.role === 'committee')).toHaveLength(2);
  });
});
