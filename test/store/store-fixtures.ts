/**
 * What the store's tests share: the two engines each area runs on (PGlite, and a throwaway PostgreSQL server started
 * once per test file), a store opened for a `describe`, and case records with only what the store reads filled in.
 */
import type { CaseSnapshot } from '../../lib/store/case-store';
import { CaseStore } from '../../lib/store/case-store';
import type { RecordKind } from '../../workflows/domain';
import type { DeadlineTrack } from '../../workflows/engine/schemas';
import type { PostgresServer } from '../helpers/postgres';
import { startPostgres } from '../helpers/postgres';

/**
 * PGlite in memory and a new database on a real PostgreSQL server, for `describe.each`; the server stops after the
 * file's tests.
 */
export function storeEngines(): Array<[string, () => Promise<string>]> {
  let server: PostgresServer | undefined;
  afterAll(async () => server?.stop());
  return [
    ['PGlite (embedded)', () => Promise.resolve('pglite:memory')],
    ['PostgreSQL (a real server)', async () => (server ??= await startPostgres()).createDatabase()],
  ];
}

/** A store opened before the `describe`'s tests and closed after them. */
export function useStore(location: () => Promise<string>): () => CaseStore {
  let store: CaseStore | undefined;
  beforeAll(async () => {
    store = await CaseStore.open(await location());
  }, 60_000);
  afterAll(async () => store?.close());
  return () => store!;
}

/** An event as the record holds it: its action, who did it, when. */
export type EventSpec = string | { action: string; by?: string; at?: string };

/** A record as a case writes it, with only what the store reads filled in. */
export function record(
  caseId: string,
  o: {
    kind?: RecordKind;
    year?: number;
    revision?: number;
    stage?: string;
    closed?: boolean;
    unit?: string;
    events?: EventSpec[];
    /** Party tags (`unit:taiyuan`), each with the end of its term if it has one. */
    awaiting?: Array<string | { tag: string; dueAt: string }>;
    deadlines?: Array<Partial<DeadlineTrack> & Pick<DeadlineTrack, 'key' | 'kind' | 'status'>>;
    findings?: Array<number | { keyItem: number; thirdPartyAssessment: string }>;
    transfers?: Array<{ to: string; acknowledged?: boolean }>;
    commended?: boolean;
    followUp?: { of: string };
  } = {},
): CaseSnapshot['record'] {
  const at = '2026-12-01T02:00:00.000Z';
  const unit = o.unit ?? 'taiyuan';
  return {
    caseId,
    kind: o.kind ?? (caseId.startsWith('patrol') ? 'patrol' : 'supervision'),
    ...(o.year !== undefined ? { year: o.year } : {}),
    targetUnit: { code: unit, name: `${unit}市`, kind: 'city' },
    stage: o.stage ?? 'field-work',
    stageLabel: '',
    closed: o.closed ?? false,
    revision: o.revision ?? 1,
    awaiting: (o.awaiting ?? []).map((a) => {
      const { tag, dueAt } = typeof a === 'string' ? { tag: a, dueAt: undefined } : a;
      const [role, unitOrGroup] = tag.split(':');
      return {
        role: role as 'unit',
        ...(unitOrGroup ? { unit: unitOrGroup } : {}),
        step: 'reportRectification',
        label: '报送整改情况',
        ...(dueAt ? { dueAt } : {}),
      };
    }),
    events: (o.events ?? ['proposed']).map((e) => {
      const { action, by, at: when } = typeof e === 'string' ? { action: e, by: undefined, at: undefined } : e;
      return {
        at: when ?? at,
        stage: 'x',
        action,
        summary: action,
        section: 'core',
        ...(by ? { by: { id: by, role: 'office' as const } } : {}),
      };
    }),
    deadlines: (o.deadlines ?? []).map((d) => ({
      label: '',
      party: { role: 'unit', unit },
      section: 'rectification',
      step: 'reportRectification',
      issuedAt: at,
      deadline: { dueAt: '2027-02-01T15:59:59.999Z', dueDate: '2027-02-01', rule: '' },
      reminders: [],
      escalations: [],
      extensions: [],
      ...d,
    })) as DeadlineTrack[],
    notifications: [],
    findings: (o.findings ?? []).map((f, i) => ({ id: i + 1, ...(typeof f === 'number' ? { keyItem: f } : f), at })),
    transfers: (o.transfers ?? []).map((t, i) => ({
      id: i + 1,
      to: t.to,
      at,
      ...(t.acknowledged ? { acknowledged: { at } } : {}),
    })),
    ...(o.commended ? { commendation: { text: '通报表扬' } } : {}),
    ...(o.followUp ? { followUp: o.followUp } : {}),
  };
}
