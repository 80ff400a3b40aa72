import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../workflows/domain';
import { patrolContract } from '../../workflows/patrol/contract';
import { supervisionContract } from '../../workflows/supervision/contract';
import { statisticsSections } from '../../api/routes/statistics';
import { fullPatrol, fullPublicReport, fullSupervision, secret } from '../helpers/records';
import { publicReportContract } from '../../workflows/public-report/contract';

/**
 * Need to know (docs/need-to-know.md), without a server: the views of the kinds' contracts, field by field and role
 * by role, against the table of the project's own docs, and the DOMAIN.md rules that must never bend.
 */
const viewers: Record<string, Actor> = {
  office: { id: 'o', role: 'office' },
  'leading-group': { id: 'lg', role: 'leading-group' },
  committee: { id: 'c', role: 'committee' },
  'group-leader': { id: 'gl', role: 'group-leader', group: 'g-1' },
  unit: { id: 'u', role: 'unit', unit: 'taiyuan' },
  discipline: { id: 'd', role: 'discipline', unit: 'discipline-commission' },
};
const procuratorate: Actor = { id: 'p', role: 'discipline', unit: 'procuratorate' };

/** The table under a heading of docs/need-to-know.md: section → role → '✓' | '—' | 'own'. */
function table(heading: string): Map<string, Record<string, string>> {
  const doc = readFileSync(path.join(__dirname, '../../docs/need-to-know.md'), 'utf8');
  const start = doc.indexOf(heading) + heading.length;
  const part = doc.slice(start, doc.indexOf('\n#', start));
  const rows = new Map<string, Record<string, string>>();
  for (const line of part.split('\n').filter((l) => l.startsWith('| `'))) {
    const cells = line.split('|').map((c) => c.trim());
    rows.set(
      cells[1]!.replace(/`/g, ''),
      Object.fromEntries(Object.keys(viewers).map((role, i) => [role, cells[i + 2]!])),
    );
  }
  return rows;
}

const kinds = [
  { name: 'Patrol', heading: '### Patrol', record: fullPatrol, contract: patrolContract },
  { name: 'Supervision', heading: '### Supervision', record: fullSupervision, contract: supervisionContract },
  { name: 'Public report', heading: '### Public report', record: fullPublicReport, contract: publicReportContract },
] as const;

describe.each(kinds)('Need to know: what each role sees of a $name (docs/need-to-know.md)', (kind) => {
  const rows = table(kind.heading);
  const record = kind.record();
  const view = (who: Actor) =>
    (kind.contract.view as unknown as (r: unknown, a: Actor) => Record<string, unknown>)(record, who);

  test('the table in the docs names every field of the record', () => {
    const fields = Object.keys(kind.contract.viewSchema.properties).filter(
      (f) => !['caseId', 'kind', 'targetUnit', 'stage', 'stageLabel', 'closed', 'revision'].includes(f),
    );
    const shared = ['awaiting', 'events', 'deadlines', 'notifications'];
    expect([...rows.keys()].sort()).toEqual(fields.filter((f) => !shared.includes(f)).sort());
  });

  test.each(Object.keys(viewers))('field by field, %s sees what the table gives it', (role) => {
    const seen = view(viewers[role]!);
    for (const [section, grants] of rows) {
      const grant = grants[role];
      const value = record[section as keyof typeof record];
      // `own`: only the items addressed to the viewer (a receiving body's own transfers; the comments whose audience
      // includes the viewer: a group leader those to the group (and older ones to the unit); the unit none, issue 34).
      const own: Record<string, (item: { to?: string; audience?: string }) => boolean> = {
        transfers: (t) => t.to === 'discipline-inspection',
        comments: (c) => role !== 'unit' && ['group', 'unit'].includes(c.audience!),
      };
      const expected =
        grant === '✓'
          ? value
          : grant === 'own'
            ? (value as unknown as Array<{ to?: string; audience?: string }>).filter(own[section]!)
            : undefined;
      expect([section, seen[section]]).toEqual([section, expected]);
    }
  });

  test('the public role sees none of the kind’s fields and no event', () => {
    const seen = view({ id: 'x', role: 'public' });
    for (const section of rows.keys()) expect([section, seen[section]]).toEqual([section, undefined]);
    expect(seen.events).toEqual([]);
  });
});

describe('Need to know: statistics (docs/need-to-know.md, Art. 11 (1)(3), 16 (3))', () => {
  test('each role counts the sections the table gives it, and nobody else gets figures', () => {
    const rows = table('### Statistics');
    expect([...rows.keys()].sort()).toEqual(['cases', 'findings', 'overdueNow', 'submissions', 'transfers']);
    for (const role of Object.keys(viewers)) {
      const granted = [...rows].filter(([, grants]) => grants[role] !== '—').map(([section]) => section);
      expect([role, [...(statisticsSections[role as keyof typeof statisticsSections] ?? [])].sort()]).toEqual([
        role,
        granted.sort(),
      ]);
    }
    expect(statisticsSections.public).toBeUndefined();
  });
});

describe('Need to know: the rules of DOMAIN.md for a patrol, whatever the table says', () => {
  const record = fullPatrol();
  const view = (who: Actor) => JSON.stringify(patrolContract.view(record, who));

  test('the unit never reads the grounds, findings, report, requests, remarks, transfers or the report upwards', () => {
    const seen = view(viewers.unit!);
    for (const text of [
      secret.grounds,
      secret.approvalReason,
      secret.workPlan,
      secret.finding,
      secret.report,
      secret.request,
      secret.remarks,
      secret.transferCommission,
      secret.transferProcuratorate,
      secret.summaryToCommittee,
    ]) {
      expect([text, seen.includes(text)]).toEqual([text, false]);
    }
    // What concerns it, it reads.
    for (const text of [secret.suggestion, secret.feedback, secret.rectification]) expect(seen).toContain(text);
  });

  test('the unit sees the internal steps of the leading group and the committee as one neutral stage', () => {
    const seen = patrolContract.view(record, viewers.unit!);
    expect(seen).toMatchObject({ stage: 'under-study', stageLabel: '领导小组研究' });
    expect(seen.events.every((e) => !['awaiting-instructions', 'issuing-feedback'].includes(e.stage))).toBe(true);
    expect(seen.events.map((e) => e.section)).toEqual([
      'stationing',
      'suggestions',
      'feedback',
      'rectification',
      'publication',
    ]);
  });

  test('the unit sees only its own deadlines, awaited steps and notices', () => {
    const seen = patrolContract.view(record, viewers.unit!);
    expect(seen.deadlines.map((t) => t.key)).toEqual(['suggestion-1', 'rectification']);
    expect(seen.awaiting.map((a) => a.step)).toEqual(['submitRectificationReport']);
    expect(seen.notifications.map((n) => n.notificationId)).toEqual(['n2']);
  });

  test('a receiving body sees only its own transfer: not the other body’s, not the grounds or the findings', () => {
    const commission = patrolContract.view(record, viewers.discipline!);
    expect(commission.transfers?.map((t) => t.id)).toEqual([1]);
    // Asked, not given a date (DOMAIN.md, Art. 16): the transfer awaits its acknowledgement, with no deadline shown.
    expect(commission.deadlines).toEqual([]);
    expect(commission.events.map((e) => e.note)).toEqual([secret.transferCommission]);
    const other = JSON.stringify(patrolContract.view(record, procuratorate));
    expect(other).toContain(secret.transferProcuratorate);
    for (const text of [secret.transferCommission, secret.grounds, secret.finding, secret.request, secret.feedback]) {
      expect([text, other.includes(text)]).toEqual([text, false]);
    }
  });

  test("a group leader works on the grounds but never reads the committee's deliberations or the transfers", () => {
    const seen = view(viewers['group-leader']!);
    expect(seen).toContain(secret.grounds);
    expect(seen).toContain(secret.finding);
    for (const text of [secret.approvalReason, secret.request, secret.remarks, secret.transferCommission]) {
      expect([text, seen.includes(text)]).toEqual([text, false]);
    }
    const record2 = patrolContract.view(record, viewers['group-leader']!);
    expect(record2.stage).toBe('awaiting-instructions');
    expect(record2.notifications.map((n) => n.notificationId)).toEqual(['n4']);
  });

  test('the overseers see the whole record', () => {
    for (const role of ['office', 'leading-group', 'committee']) {
      expect(patrolContract.view(record, viewers[role]!)).toEqual(record);
    }
  });
});
