/**
 * Issue 33 item 4 (alerts): a person who reads more identities and files in an hour than `AUDIT_ALERT_READS_PER_HOUR`
 * raises an office task and a notice; a Temporal workflow watches the counts. On a real dev server, with the real API
 * writing the audit trail, a real SMTP server, and the threshold and interval compressed (3 reads, every second).
 */
import type { AuditAlertRecord } from '../../workflows/audit-alert/contract';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { recordHistory } from '../helpers/histories';
import { auditWatchQuery } from '../../workflows/audit-alert/watch';
import { auditWatchId, startAuditWatch } from '../../worker/audit-watch';
import { routesFile, startSmtpServer } from '../helpers/channels';
import { multipart, pdf } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { browserOf, formOf } from '../helpers/workbench';

const reporterName = '举报人钱桂芳';
const reporterPhone = '13912345678';
const auditor = { sub: 'auditor-1', role: 'auditor', name: '审计员 周敏' } as const;

interface Task {
  caseId: string;
  kind: string;
  label: string;
  url: string;
}

describe('Issue 33 item 4: audit alerts — a watcher workflow counts the trail, the office gets a task and a notice', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let reportId = '';
  let fileUrl = '';
  let alertId = '';

  const alertTasks = async (who: (typeof people)[keyof typeof people]) => {
    const res = await sys.call(who, { method: 'GET', url: '/my/tasks' });
    expect(res.statusCode).toBe(200);
    return res.json<{ tasks: Task[] }>().tasks.filter((t) => t.kind === 'audit-alert');
  };
  /** The alerts' own notices (the public report's go to the office too). */
  const alertMails = () => smtp.mails.filter((m) => m.notificationId?.startsWith('audit-alert-'));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const routes = routesFile([
      { role: 'office', email: ['duchaban@fpb.test'] },
      { role: 'leading-group', email: ['lingdaoxiaozu@fpb.test'] },
      { role: 'unit', email: ['units@fpb.test'] },
    ]);
    sys = await startSystem({
      workerEnv: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        NOTIFICATION_ROUTES_FILE: routes,
        AUDIT_ALERT_READS_PER_HOUR: '3',
        AUDIT_ALERT_CHECK_SECONDS: '1',
      },
    });
    const form = multipart(
      { targetUnit: 'taiyuan', what: '某村扶贫资金被挪用', name: reporterName, contact: reporterPhone },
      [{ name: '照片.pdf', type: 'application/pdf', bytes: pdf }],
    );
    expect((await sys.call(undefined, { method: 'POST', url: '/public-reports', ...form })).statusCode).toBe(201);
    reportId = await eventually(async () => {
      const list = await sys.call(people.leadingGroup, { method: 'GET', url: '/public-reports' });
      return list.json<Array<{ reportId: string }>>()[0]?.reportId;
    });
    fileUrl = await eventually(async () => {
      const r = await sys.call(people.leadingGroup, { method: 'GET', url: `/public-reports/${reportId}` });
      return r.json<{ files?: Array<{ url: string }> }>().files?.[0]?.url;
    });
  });
  afterAll(async () => {
    await sys?.close();
    await smtp?.close();
  });

  test('item 4: four identities read in an hour raise exactly one alert (the office’s task and notice); three files read raise none; later counts within the hour, across a new run of the watcher, raise nothing more', async () => {
    // The office opens the reporter's identity four times (over 3); the leading group downloads the file three times
    // (not over 3) and reads the report (a read, not an identity).
    for (let i = 0; i < 4; i++) {
      const res = await sys.call(people.office, { method: 'GET', url: `/public-reports/${reportId}` });
      expect(res.json<{ reporter?: object }>().reporter).toEqual({ name: reporterName, contact: reporterPhone });
    }
    for (let i = 0; i < 3; i++) {
      expect((await sys.call(people.leadingGroup, { method: 'GET', url: fileUrl })).statusCode).toBe(200);
    }

    // As the worker starts it (worker/main.ts), with a new run every two counts.
    const watch = await startAuditWatch(sys.env.client, sys.taskQueue, undefined, { checksPerRun: 2 });
    expect(watch.workflowId).toBe(auditWatchId(sys.taskQueue));
    // Started again (another worker, a restart): the running watcher is kept.
    expect((await startAuditWatch(sys.env.client, sys.taskQueue)).firstExecutionRunId).toBe(watch.firstExecutionRunId);

    const [task] = await eventually(async () => {
      const found = await alertTasks(people.office);
      return found.length ? found : undefined;
    }, 30_000);
    alertId = task!.caseId;
    expect(alertId).toMatch(/^audit-alert-[0-9]{4}-office-[0-9a-f]{8}$/);
    expect(task).toMatchObject({ label: '审计预警核查情况' });
    expect(task!.url).toMatch(new RegExp(`/audit-alerts/${alertId}/check$`));

    const mail = await eventually(() =>
      Promise.resolve(alertMails().find((m) => m.notificationId === `${alertId}:check:issued`)),
    );
    expect(mail.to).toEqual(['duchaban@fpb.test']);
    expect(mail.subject).toMatch(/^【审计预警核查情况】对领导小组办公室人员（office-1）的审计预警（.+前）$/);
    expect(mail.text).toContain('领导小组办公室人员（office-1）在');
    expect(mail.text).toContain('查阅举报人或异议人身份4次，共4次，超过每小时3次的预警阈值');
    expect(mail.text).toContain('/workbench/audit?person=office-1');
    expect(mail.text).not.toContain(reporterName);
    expect(mail.text).not.toContain(reporterPhone);

    // Three more counts (so at least one new run of the watcher): still one alert, one notice, nobody else alerted.
    const { checks } = await watch.query(auditWatchQuery);
    const later = await eventually(async () => {
      const state = await sys.env.client.workflow.getHandle(watch.workflowId).query(auditWatchQuery);
      return state.checks >= checks + 3 ? state : undefined;
    }, 30_000);
    expect(Object.keys(later.alerted)).toEqual([people.office.sub]);
    const described = await sys.env.client.workflow.getHandle(watch.workflowId).describe();
    expect(described.runId).not.toBe(watch.firstExecutionRunId);
    expect((await alertTasks(people.office)).map((t) => t.caseId)).toEqual([alertId]);
    expect(alertMails().filter((m) => m.notificationId.endsWith(':check:issued'))).toHaveLength(1);
    // The leading group, under the threshold, raised none, and sees no alert among its tasks.
    expect(await alertTasks(people.leadingGroup)).toEqual([]);
  }, 90_000);

  test('item 4, need to know: only the office reads and checks an alert, in the API and the workbench; its check closes it, and the auditor finds the check in the trail', async () => {
    for (const who of [people.leadingGroup, people.committee, people.taiyuan, auditor]) {
      const read = await sys.call(who, { method: 'GET', url: `/audit-alerts/${alertId}` });
      expect([who.role, read.statusCode]).toEqual([who.role, 403]);
      const step = await sys.call(who, {
        method: 'POST',
        url: `/audit-alerts/${alertId}/check`,
        payload: { note: '已核查' },
      });
      expect([who.role, step.statusCode]).toEqual([who.role, 403]);
    }
    expect(await alertTasks(people.taiyuan)).toEqual([]);

    const office = await sys.call(people.office, { method: 'GET', url: `/audit-alerts/${alertId}` });
    expect(office.statusCode).toBe(200);
    const alert = office.json<AuditAlertRecord>();
    expect(alert).toMatchObject({ kind: 'audit-alert', stage: 'raised', stageLabel: '待核查', closed: false });
    expect(alert.alert).toMatchObject({ person: people.office.sub, role: 'office', total: 4, threshold: 3 });
    expect(alert.alert.reads).toEqual([
      { access: 'identity', label: '查阅举报人或异议人身份', count: 4 },
      { access: 'file', label: '下载文件', count: 0 },
    ]);
    expect(JSON.stringify(alert)).not.toContain(reporterName);

    // The workbench: the alert in the office's 待办, its page with the event and the form of the check.
    const browser = browserOf(sys, people.office);
    const inbox = await browser.get('/workbench/');
    expect(inbox.body).toContain('对领导小组办公室人员（office-1）的审计预警');
    const page = await browser.get(`/workbench/cases/${alertId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('查阅举报人或异议人身份4次');
    expect(formOf(page.body, 'checkAuditAlert').html).toContain('name="note"');

    const empty = await sys.call(people.office, {
      method: 'POST',
      url: `/audit-alerts/${alertId}/check`,
      payload: { note: ' ' },
    });
    expect([empty.statusCode, empty.json<{ message: string }>().message]).toEqual([422, '审计预警核查情况不能为空']);
    const checked = await sys.call(people.office, {
      method: 'POST',
      url: `/audit-alerts/${alertId}/check`,
      payload: { note: '经核实，系登记群众举报时正常查阅' },
    });
    expect(checked.statusCode).toBe(200);
    expect(checked.json<AuditAlertRecord>()).toMatchObject({
      stage: 'checked',
      closed: true,
      check: { note: '经核实，系登记群众举报时正常查阅', late: false, by: { id: people.office.sub } },
    });
    expect(await alertTasks(people.office)).toEqual([]);

    // Newest first: the office's check, its refused empty note, and the four refused steps of the others.
    const trail = await sys.call(auditor, { method: 'GET', url: `/audit?case=${alertId}&access=step` });
    const entries = trail.json<{ entries: Array<{ person: string; outcome: string; status: number }> }>().entries;
    expect(entries.map((e) => [e.person, e.outcome, e.status])).toEqual([
      [people.office.sub, 'allowed', 200],
      [people.office.sub, 'refused', 422],
      ...[auditor, people.taiyuan, people.committee, people.leadingGroup].map((who) => [who.sub, 'refused', 403]),
    ]);

    if (process.env.RECORD_HISTORIES) {
      const save = async (id: string, file: string) =>
        recordHistory(file, historyToJSON(await sys.env.client.workflow.getHandle(id).fetchHistory()));
      await save(alertId, 'audit-alert-checked.json');
      await save(auditWatchId(sys.taskQueue), 'audit-watch.json');
    }
  }, 60_000);
});
