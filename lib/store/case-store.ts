/**
 * The case store: the archive of every case, plan and round, in PostgreSQL (`DATABASE_URL=postgres://…`) or in PGlite,
 * Postgres compiled to WASM, in the data folder (the embedded default). Temporal runs the cases and forgets them after
 * its retention; the store keeps them for years, and answers lists, tasks and statistics in one SQL query each.
 *
 * The workflows write (an activity, idempotent on case and revision: an older revision never overwrites a newer one,
 * events are only appended); the API reads, with the same need-to-know views as everywhere else.
 */
import { isAlive } from '../processes';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExpressionBuilder, Kysely as KyselyType, LogEvent, Selectable } from 'kysely';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { Pool } from 'pg';
import { dataDir } from '../local-secret';
import type { CaseKind, RecordKind, TransferRecipient } from '../../workflows/domain';
import { caseKinds, transferRecipients } from '../../workflows/domain';
import { ids } from '../../workflows/ids';
import { partyTag } from '../../workflows/shared/party';
import type { CaseRecord } from '../../workflows/shared/record';
import type { CaseEvent } from '../../workflows/shared/schemas';
import { PGliteDialect } from './pglite-dialect';
import type { AssessmentsTable, DocumentsTable, StoreDatabase, WorkbenchSessionsTable } from './schema';
import { migrations } from './schema';

/** What a case writes: its whole record, who may see it, the round it belongs to. */
export interface CaseSnapshot {
  record: CaseRecord & {
    findings?: Array<{
      id: number;
      keyItem: number;
      at: string;
      thirdPartyAssessment?: string;
      assessment?: unknown;
    }>;
    transfers?: Array<{ id: number; to: string; at: string; acknowledged?: { at: string } }>;
    commendation?: unknown;
  };
  viewers: string[];
  roundId?: string;
}

export interface StoredCase {
  record: CaseRecord;
  viewers: string[];
}

export interface CaseRow {
  caseId: string;
  kind: RecordKind;
  unitCode: string;
  stage: string;
  closed: boolean;
  awaiting: string[];
  overdue: boolean;
  dueAt?: string;
  startedAt: string;
  record?: CaseRecord;
}

export interface CaseListFilter {
  /** One kind; without it, the supervisions and patrols. */
  kind?: RecordKind;
  year?: number;
  /** Rows to skip (paging). */
  offset?: number;
  /** Also the whole record of each (lists that show more than the row). */
  withRecord?: boolean;
  /** Only these stages of each kind (a kind not named is not listed). */
  stages?: Partial<Record<RecordKind, string[]>>;
  unit?: string;
  overdue?: boolean;
  limit: number;
  /** Only cases this party may see (`CaseViewers`); absent for the overseers. */
  viewer?: string;
}

/** The store does not answer (down, unreachable): the caller may try again later. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** A migration that failed: the start stops, naming it. */
export class StoreMigrationError extends Error {
  override name = 'StoreMigrationError';
}

/** A PGlite folder another live process has open (PGlite is one process's database). */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

/**
 * Take `<folder>.lock` for this process, or say who has the folder open. A lock left by a process that is gone is
 * taken over. Returns the release.
 */
function lockFolder(folder: string): () => void {
  const file = `${folder}.lock`;
  mkdirSync(path.dirname(folder), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const pid = Number(readFileSync(file, 'utf8'));
      if (isAlive(pid)) {
        throw new StoreLockedError(
          `the case store in ${folder} is open in another process (pid ${pid}): PGlite serves one process. Stop that ` +
            'process (npm start runs the worker and the API together), or give every process the same PostgreSQL ' +
            'server in DATABASE_URL',
        );
      }
      rmSync(file, { force: true });
    }
  }
}

/** Errors of the SQL itself (a bug, a constraint) are not outages; anything else is. */
function unavailable(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(?:2|4)[0-9A-Z]{4}$/.test(code) && !code.startsWith('08')) return err;
  return new StoreUnavailableError(`the case store does not answer: ${(err as Error).message}`);
}

/** Where the store is: `DATABASE_URL` (`postgres://…`, `pglite:<folder>`, `pglite:memory`), else PGlite in the data folder. */
export function storeLocation(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL ?? `pglite:${path.join(dataDir(env), 'cases-db')}`;
}

/** One thing a person did on a case (the workbench's 已办). */
export interface PersonEvent {
  caseId: string;
  kind: RecordKind;
  unitName: string;
  closed: boolean;
  at: string;
  action: string;
  summary: string;
}

export class CaseStore {
  /** Queries run so far (tests count them: a list is one query). */
  queries = 0;

  private release = () => undefined as void;

  private constructor(
    readonly db: KyselyType<StoreDatabase>,
    readonly location: string,
  ) {}

  /**
   * Open the store and bring its schema up to date (a failed migration stops the start, naming it).
   *
   * @example
   * const store = await CaseStore.open('pglite:.data/cases-db');
   */
  static async open(location: string = storeLocation()): Promise<CaseStore> {
    let store: CaseStore;
    const log = (event: LogEvent) => {
      if (event.level === 'query') store.queries++;
    };
    if (/^postgres(ql)?:\/\//.test(location)) {
      const pool = new Pool({ connectionString: location, max: 10, connectionTimeoutMillis: 5_000 });
      // A connection the server drops (a restart) is replaced on the next query; it must not crash the process.
      pool.on('error', () => undefined);
      store = new CaseStore(new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }), log }), location);
    } else if (location.startsWith('pglite:')) {
      const where = location.slice('pglite:'.length);
      const release = where === 'memory' ? () => undefined : lockFolder(path.resolve(where));
      try {
        const pglite = where === 'memory' ? new PGlite() : new PGlite(where);
        store = new CaseStore(new Kysely<StoreDatabase>({ dialect: new PGliteDialect(pglite), log }), location);
        await pglite.waitReady;
      } catch (err) {
        release();
        throw err;
      }
      store.release = release;
    } else {
      throw new StoreMigrationError(
        `DATABASE_URL must be postgres://…, pglite:<folder> or pglite:memory, not "${location}"`,
      );
    }
    try {
      await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      // eslint-disable-next-line @typescript-eslint/require-await
      provider: { getMigrations: async () => migrations },
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      throw new StoreMigrationError(
        `the case store's migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      );
    }
  }

  /**
   * The domain gauges of `GET /metrics` (counts only, no unit and no text): open cases by kind and stage, and the
   * deadlines of open cases by kind of submission: waiting, overdue, and escalations so far. Two queries.
   */
  async gauges(): Promise<{
    open: Array<{ kind: string; stage: string; count: number }>;
    deadlines: Array<{ kind: string; waiting: number; overdue: number; escalations: number }>;
  }> {
    return this.run(async () => {
      const [open, deadlines] = await Promise.all([
        this.db
          .selectFrom('cases')
          .select(['kind', 'stage', sql<number>`count(*)::int`.as('count')])
          .where('closed', '=', false)
          .groupBy(['kind', 'stage'])
          .execute(),
        this.db
          .selectFrom('case_deadlines as d')
          .innerJoin('cases as c', 'c.case_id', 'd.case_id')
          .select([
            'd.kind',
            sql<number>`count(*) filter (where d.status = 'waiting')::int`.as('waiting'),
            sql<number>`count(*) filter (where d.status = 'overdue')::int`.as('overdue'),
            sql<number>`coalesce(sum(d.escalations), 0)::int`.as('escalations'),
          ])
          .where('c.closed', '=', false)
          .groupBy('d.kind')
          .execute(),
      ]);
      return { open, deadlines };
    });
  }

  /** Whether the store answers (`select 1`), for the API's readiness. */
  async ping(): Promise<boolean> {
    return sql`select 1`
      .execute(this.db)
      .then(() => true)
      .catch(() => false);
  }

  async close(): Promise<void> {
    try {
      await this.db.destroy();
    } finally {
      this.release();
    }
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw unavailable(err);
    }
  }

  // ---- cases ----

  /**
   * Write a case as it stands. Idempotent on (case, revision): a write of an older or the same revision changes
   * nothing, so retries and replays never duplicate or reorder; new events are appended in order.
   */
  async saveCase(snapshot: CaseSnapshot): Promise<'saved' | 'stale'> {
    const r = snapshot.record;
    const now = new Date().toISOString();
    const dueAt = r.awaiting.find((a) => a.dueAt)?.dueAt ?? null;
    const year = (r as { year?: number }).year ?? Number(r.caseId.split('-')[1]);
    const row = {
      case_id: r.caseId,
      kind: r.kind,
      year,
      unit_code: r.targetUnit.code,
      unit_name: r.targetUnit.name,
      round_id: snapshot.roundId ?? null,
      stage: r.stage,
      closed: r.closed,
      revision: r.revision,
      viewers: snapshot.viewers,
      awaiting: [...new Set(r.awaiting.map(partyTag))],
      overdue: r.deadlines.some((t) => t.status === 'overdue'),
      due_at: dueAt,
      commended: snapshot.record.commendation !== undefined,
      record: JSON.stringify(r),
      started_at: r.events[0]?.at ?? now,
      updated_at: now,
    };
    return this.run(() =>
      this.db.transaction().execute(async (tx) => {
        const { case_id, started_at, ...changes } = row;
        const saved = await tx
          .insertInto('cases')
          .values(row)
          .onConflict((oc) => oc.column('case_id').doUpdateSet(changes).where('cases.revision', '<', r.revision))
          .returning('case_id')
          .executeTakeFirst();
        if (!saved) return 'stale';
        const { last } = await tx
          .selectFrom('case_events')
          .select(sql<number>`coalesce(max(seq), -1)`.as('last'))
          .where('case_id', '=', r.caseId)
          .executeTakeFirstOrThrow();
        const fresh = r.events.slice(last + 1).map((e, i) => ({
          case_id: r.caseId,
          seq: last + 1 + i,
          at: e.at,
          action: e.action,
          section: e.section,
          event: JSON.stringify(e),
        }));
        if (fresh.length)
          await tx
            .insertInto('case_events')
            .values(fresh)
            .onConflict((oc) => oc.doNothing())
            .execute();
        await tx.deleteFrom('case_findings').where('case_id', '=', r.caseId).execute();
        const findings = (snapshot.record.findings ?? []).map((f) => ({
          case_id: r.caseId,
          id: f.id,
          kind: r.kind,
          year,
          unit_code: r.targetUnit.code,
          key_item: f.keyItem,
          third_party: Boolean(f.thirdPartyAssessment) || f.assessment !== undefined,
          at: f.at,
        }));
        if (findings.length) await tx.insertInto('case_findings').values(findings).execute();
        await tx.deleteFrom('case_deadlines').where('case_id', '=', r.caseId).execute();
        const deadlines = r.deadlines.map((t) => ({
          case_id: r.caseId,
          key: t.key,
          kind: t.kind,
          party: partyTag(t.party),
          status: t.status,
          due_at: t.deadline.dueAt,
          submitted_at: t.submittedAt ?? null,
          late: t.late ?? null,
          escalations: t.escalations.length,
          extensions: t.extensions.length,
        }));
        if (deadlines.length) await tx.insertInto('case_deadlines').values(deadlines).execute();
        await tx.deleteFrom('case_transfers').where('case_id', '=', r.caseId).execute();
        const transfers = (snapshot.record.transfers ?? []).map((t) => ({
          case_id: r.caseId,
          id: t.id,
          year,
          unit_code: r.targetUnit.code,
          recipient: t.to,
          party: partyTag({ role: 'discipline', unit: transferRecipients[t.to as TransferRecipient]?.unit ?? t.to }),
          at: t.at,
          acknowledged_at: t.acknowledged?.at ?? null,
        }));
        if (transfers.length) await tx.insertInto('case_transfers').values(transfers).execute();
        return 'saved';
      }),
    );
  }

  async readCase(caseId: string): Promise<StoredCase | undefined> {
    const row = await this.run(() =>
      this.db.selectFrom('cases').select(['record', 'viewers']).where('case_id', '=', caseId).executeTakeFirst(),
    );
    return row && { record: row.record as CaseRecord, viewers: row.viewers };
  }

  /** One SQL query: the cases the filter names and the viewer may see, newest first. */
  async listCases(filter: CaseListFilter): Promise<CaseRow[]> {
    const rows = await this.run(() => {
      let q = this.db
        .selectFrom('cases')
        .select(['case_id', 'kind', 'unit_code', 'stage', 'closed', 'awaiting', 'overdue', 'due_at', 'started_at'])
        .$if(filter.withRecord === true, (qb) => qb.select('record'));
      q = filter.kind ? q.where('kind', '=', filter.kind) : q.where('kind', 'in', [...caseKinds]);
      if (filter.year !== undefined) q = q.where('year', '=', filter.year);
      const stages = filter.stages;
      if (stages) {
        q = q.where((eb) =>
          eb.or(
            Object.entries(stages)
              .filter(([, names]) => names.length > 0)
              .map(([kind, names]) => eb.and([eb('kind', '=', kind as RecordKind), eb('stage', 'in', names)])),
          ),
        );
      }
      if (filter.unit) q = q.where('unit_code', '=', filter.unit);
      if (filter.overdue !== undefined) q = q.where('overdue', '=', filter.overdue);
      if (filter.viewer) q = q.where(sql<boolean>`viewers @> array[${filter.viewer}]::text[]`);
      return q
        .orderBy('started_at', 'desc')
        .orderBy('case_id')
        .limit(filter.limit)
        .offset(filter.offset ?? 0)
        .execute();
    });
    return rows.map((r) => ({
      caseId: r.case_id,
      kind: r.kind,
      unitCode: r.unit_code,
      stage: r.stage,
      closed: r.closed,
      awaiting: r.awaiting,
      overdue: r.overdue,
      ...(r.due_at ? { dueAt: new Date(r.due_at).toISOString() } : {}),
      startedAt: new Date(r.started_at).toISOString(),
      ...('record' in r ? { record: r.record as CaseRecord } : {}),
    }));
  }

  /**
   * The follow-up visits (回头看) of a closed case (`of`), or those of a year's units (`year`: the visits scheduled in it),
   * oldest first, with their records.
   */
  async followUps(filter: { of: string } | { year: number }): Promise<CaseRecord[]> {
    const rows = await this.run(() => {
      const q = this.db
        .selectFrom('cases')
        .select('record')
        .where('kind', '=', 'supervision')
        .where(sql<boolean>`record->'followUp' is not null`);
      return (
        'of' in filter
          ? q.where(sql<boolean>`record->'followUp'->>'of' = ${filter.of}`)
          : q.where('year', '=', filter.year)
      )
        .orderBy('started_at')
        .orderBy('case_id')
        .execute();
    });
    return rows.map((r) => r.record as CaseRecord);
  }

  /**
   * The next free serial of a kind, year and unit (the highest stored below 9000, plus one; at least `from`): 9001 and up
   * are the further comprehensive rounds' (`ids.roundSerial`).
   */
  async nextSerial(kind: RecordKind, year: number, unit: string, from = 2): Promise<number> {
    const row = await this.run(() =>
      this.db
        .selectFrom('cases')
        .select(sql<number | null>`max(cast(right(case_id, 4) as integer))`.as('serial'))
        .where('kind', '=', kind)
        .where('year', '=', year)
        .where('unit_code', '=', unit)
        .where(sql<boolean>`cast(right(case_id, 4) as integer) < 9000`)
        .executeTakeFirst(),
    );
    return Math.max(from, (row?.serial ?? 0) + 1);
  }

  /** One SQL query: the open cases that wait for this party (and that it may see, unless it oversees all). */
  async openCasesAwaiting(tag: string, mustView: boolean, limit = 1000): Promise<CaseRecord[]> {
    const rows = await this.run(() => {
      let q = this.db
        .selectFrom('cases')
        .select('record')
        .where('closed', '=', false)
        .where(sql<boolean>`awaiting @> array[${tag}]::text[]`);
      if (mustView) q = q.where(sql<boolean>`viewers @> array[${tag}]::text[]`);
      return q.orderBy('due_at').limit(limit).execute();
    });
    return rows.map((r) => r.record as CaseRecord);
  }

  /**
   * What one person did (the events their token's `sub` is recorded on), newest first, with the case each belongs to:
   * the workbench's 已办. One SQL query on an index of the events by person.
   */
  async eventsBy(personId: string, limit = 200): Promise<PersonEvent[]> {
    const rows = await this.run(() =>
      this.db
        .selectFrom('case_events as e')
        .innerJoin('cases as c', 'c.case_id', 'e.case_id')
        .select(['e.case_id', 'e.event', 'c.kind', 'c.unit_name', 'c.closed', 'c.stage'])
        .where(sql<boolean>`e.event->'by'->>'id' = ${personId}`)
        .orderBy('e.at', 'desc')
        .orderBy('e.seq', 'desc')
        .limit(limit)
        .execute(),
    );
    return rows.map((r) => {
      const e = r.event as CaseEvent;
      return {
        caseId: r.case_id,
        kind: r.kind,
        unitName: r.unit_name,
        closed: r.closed,
        at: e.at,
        action: e.action,
        summary: e.summary,
      };
    });
  }

  /** The events of a case as stored (tests check that nothing is lost or doubled). */
  async caseEvents(caseId: string): Promise<Array<{ seq: number; action: string }>> {
    return this.run(() =>
      this.db
        .selectFrom('case_events')
        .select(['seq', 'action'])
        .where('case_id', '=', caseId)
        .orderBy('seq')
        .execute(),
    );
  }

  // ---- statistics (Art. 11 (1)(3), 16 (3)) ----

  /**
   * The figures of a year (or of all years), grouped in SQL: cases by kind, stage and unit; findings by key item;
   * every kind of submission on time, late, open and overdue; escalations; transfers; what is overdue now. `viewer`
   * limits the cases to those a party may see, `party` the submissions and transfers to its own; the API asks only
   * for the sections the reader's role may see.
   */
  async statistics(q: StatisticsQuery): Promise<Partial<StatisticsRows>> {
    const want = new Set(q.sections);
    const visible = (eb: ExpressionBuilder<StoreDatabase, 'cases'>) => {
      // Supervisions and patrols: the public reports that may lead to them are counted where they are listed.
      const clauses = [sql<boolean>`cases.kind in (${sql.join([...caseKinds])})`];
      if (q.year !== undefined) clauses.push(sql<boolean>`cases.year = ${q.year}`);
      if (q.viewer) clauses.push(sql<boolean>`cases.viewers @> array[${q.viewer}]::text[]`);
      return eb.and(clauses);
    };
    const count = sql<number>`count(*)::int`;
    return this.run(async () => {
      const out: Partial<StatisticsRows> = {};
      if (want.has('cases'))
        out.cases = await this.db
          .selectFrom('cases')
          .select([sql<CaseKind>`kind`.as('kind'), 'stage', 'unit_code', 'unit_name', count.as('count')])
          .select(sql<number>`count(*) filter (where commended)::int`.as('commended'))
          .where(visible)
          .groupBy(['kind', 'stage', 'unit_code', 'unit_name'])
          .execute();
      if (want.has('findings'))
        out.findings = await this.db
          .selectFrom('case_findings as f')
          .innerJoin('cases', 'cases.case_id', 'f.case_id')
          .select(['f.kind', 'f.unit_code', 'f.key_item', count.as('count')])
          .select(sql<number>`count(*) filter (where f.third_party)::int`.as('third_party'))
          .where(visible)
          .groupBy(['f.kind', 'f.unit_code', 'f.key_item'])
          .execute();
      if (want.has('submissions') || want.has('overdueNow')) {
        const deadlines = this.db
          .selectFrom('case_deadlines as d')
          .innerJoin('cases', 'cases.case_id', 'd.case_id')
          .where(visible)
          .$if(q.party !== undefined, (qb) => qb.where('d.party', '=', q.party!));
        if (want.has('submissions'))
          out.submissions = await deadlines
            .select(['d.kind', 'cases.unit_code', count.as('total')])
            .select([
              sql<number>`count(*) filter (where d.submitted_at is not null)::int`.as('submitted'),
              sql<number>`count(*) filter (where d.submitted_at is not null and not coalesce(d.late, false))::int`.as(
                'on_time',
              ),
              sql<number>`count(*) filter (where d.late)::int`.as('late'),
              sql<number>`count(*) filter (where d.status = 'waiting')::int`.as('waiting'),
              sql<number>`count(*) filter (where d.status = 'overdue')::int`.as('overdue'),
              sql<number>`coalesce(sum(d.escalations), 0)::int`.as('escalations'),
              sql<number>`coalesce(sum(d.extensions), 0)::int`.as('extensions'),
            ])
            .groupBy(['d.kind', 'cases.unit_code'])
            .execute();
        if (want.has('overdueNow'))
          out.overdueNow = (
            await deadlines
              .select(['d.case_id', 'd.kind', 'd.party', 'd.due_at', 'cases.unit_code', 'cases.unit_name'])
              .where('d.status', '=', 'overdue')
              .where('cases.closed', '=', false)
              .orderBy('d.due_at')
              .limit(1000)
              .execute()
          ).map((r) => ({ ...r, due_at: new Date(r.due_at).toISOString() }));
      }
      if (want.has('transfers'))
        out.transfers = await this.db
          .selectFrom('case_transfers as t')
          .select(['t.recipient', 't.unit_code', count.as('total')])
          .select(sql<number>`count(t.acknowledged_at)::int`.as('acknowledged'))
          .$if(q.year !== undefined, (qb) => qb.where('t.year', '=', q.year!))
          .$if(q.party !== undefined, (qb) => qb.where('t.party', '=', q.party!))
          .groupBy(['t.recipient', 't.unit_code'])
          .execute();
      return out;
    });
  }

  // ---- documents, reporters, assessments (Art. 5) ----

  /** Store a document (a report's account, an attachment); the caller has computed its hash from the bytes. */
  /** Store a document; false when one with its id was there already (the same content: a retried request). */
  async saveDocument(doc: StoredDocument & { bytes: Buffer }): Promise<boolean> {
    const saved = await this.run(() =>
      this.db
        .insertInto('documents')
        .values({
          id: doc.id,
          owner: doc.owner,
          section: doc.section,
          name: doc.name,
          content_type: doc.contentType,
          size: doc.size,
          sha256: doc.sha256,
          bytes: doc.bytes,
          created_at: doc.createdAt,
          created_by: doc.createdBy,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst(),
    );
    return saved !== undefined;
  }

  async deleteDocuments(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.run(() => this.db.deleteFrom('documents').where('id', 'in', ids).execute());
  }

  /** The documents of one owner (without their bytes), oldest first. */
  async documents(owner: string): Promise<StoredDocument[]> {
    const rows = await this.run(() =>
      this.db
        .selectFrom('documents')
        .select(['id', 'owner', 'section', 'name', 'content_type', 'size', 'sha256', 'created_at', 'created_by'])
        .where('owner', '=', owner)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    );
    return rows.map(documentOf);
  }

  /** One document with its bytes. */
  async document(id: string): Promise<(StoredDocument & { bytes: Buffer }) | undefined> {
    const row = await this.run(() =>
      this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row && { ...documentOf(row), bytes: Buffer.from(row.bytes) };
  }

  /** The accounts (section `account`) of public reports on a unit since a time: the duplicates' candidates. */
  async reportAccounts(
    unitCode: string,
    since: string,
    limit = 500,
  ): Promise<Array<{ reportId: string; text: string }>> {
    const rows = await this.run(() =>
      this.db
        .selectFrom('documents as d')
        .innerJoin('cases', 'cases.case_id', 'd.owner')
        .select(['d.owner', 'd.bytes'])
        .where('cases.kind', '=', 'public-report')
        .where('cases.unit_code', '=', unitCode)
        .where('d.section', '=', 'account')
        .where('d.created_at', '>=', new Date(since))
        .orderBy('d.created_at', 'desc')
        .limit(limit)
        .execute(),
    );
    return rows.map((r) => ({ reportId: r.owner, text: Buffer.from(r.bytes).toString('utf8') }));
  }

  async saveReporter(reportId: string, sealed: Buffer): Promise<void> {
    await this.run(() =>
      this.db
        .insertInto('reporters')
        .values({ report_id: reportId, sealed, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('report_id').doNothing())
        .execute(),
    );
  }

  async deleteReporter(reportId: string): Promise<void> {
    await this.run(() => this.db.deleteFrom('reporters').where('report_id', '=', reportId).execute());
  }

  async reporter(reportId: string): Promise<Buffer | undefined> {
    const row = await this.run(() =>
      this.db.selectFrom('reporters').select('sealed').where('report_id', '=', reportId).executeTakeFirst(),
    );
    return row && Buffer.from(row.sealed);
  }

  async saveAssessment(a: Assessment): Promise<void> {
    await this.run(() =>
      this.db
        .insertInto('assessments')
        .values({
          id: a.id,
          year: a.year,
          assessor: a.assessor,
          unit_codes: a.unitCodes,
          summary: a.summary,
          created_by: JSON.stringify(a.createdBy),
          created_at: a.createdAt,
        })
        .execute(),
    );
  }

  /** Assessments, newest first; of one year, or covering one unit. */
  async assessments(filter: { year?: number; unit?: string; limit: number; offset?: number }): Promise<Assessment[]> {
    const rows = await this.run(() =>
      this.db
        .selectFrom('assessments')
        .selectAll()
        .$if(filter.year !== undefined, (qb) => qb.where('year', '=', filter.year!))
        .$if(filter.unit !== undefined, (qb) => qb.where(sql<boolean>`unit_codes @> array[${filter.unit!}]::text[]`))
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit)
        .offset(filter.offset ?? 0)
        .execute(),
    );
    return rows.map(assessmentOf);
  }

  async assessment(id: string): Promise<Assessment | undefined> {
    const row = await this.run(() =>
      this.db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row && assessmentOf(row);
  }

  /** How many assessments a year has (their serial numbers follow it). */
  async assessmentCount(year: number): Promise<number> {
    const row = await this.run(() =>
      this.db
        .selectFrom('assessments')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('year', '=', year)
        .executeTakeFirstOrThrow(),
    );
    return row.n;
  }

  /**
   * What the records say of one unit (the cross-checks of an award nomination, Part 1): its open and overdue
   * rectifications, the transfers concerning it, its commendations (Art. 11 (1)) and the findings of its cases since
   * `sinceYear`. Supervisions and patrols only; one query each.
   */
  async unitRecord(unit: string, sinceYear: number) {
    return this.run(async () => {
      const rectifications = await this.db
        .selectFrom('case_deadlines')
        .innerJoin('cases', 'cases.case_id', 'case_deadlines.case_id')
        .select(['case_deadlines.case_id as caseId', 'case_deadlines.status', 'case_deadlines.due_at as dueAt'])
        .where('cases.unit_code', '=', unit)
        .where('cases.kind', 'in', [...caseKinds])
        .where('case_deadlines.kind', 'in', [
          'patrol-rectification',
          'supervision-rectification',
          'rectification-resubmission',
        ])
        .where('case_deadlines.status', 'in', ['waiting', 'overdue'])
        .orderBy('case_deadlines.due_at')
        .execute();
      const transfers = await this.db
        .selectFrom('case_transfers')
        .select(['case_id as caseId', 'year', 'recipient', 'at'])
        .where('unit_code', '=', unit)
        .orderBy('at')
        .execute();
      const commendations = await this.db
        .selectFrom('cases')
        .select(['case_id as caseId', 'year'])
        .where('unit_code', '=', unit)
        .where('commended', '=', true)
        .orderBy('case_id')
        .execute();
      const findings = await this.db
        .selectFrom('case_findings')
        .select(['case_id as caseId', 'year', sql<number>`count(*)::int`.as('n')])
        .where('unit_code', '=', unit)
        .where('year', '>=', sinceYear)
        .groupBy(['case_id', 'year'])
        .orderBy('case_id')
        .execute();
      return {
        rectifications: rectifications.map((r) => ({ ...r, dueAt: new Date(r.dueAt).toISOString() })),
        transfers: transfers.map((t) => ({ ...t, at: new Date(t.at).toISOString() })),
        commendations,
        findings: findings.map((f) => ({ ...f, n: Number(f.n) })),
      };
    });
  }

  // ---- the public bulletin (Art. 16 (3)) ----

  /** Publish once per case: a repeated publication returns what was published first. */
  async publish(entry: { caseId: string; unitName: string; title: string; text: string }): Promise<BulletinEntry> {
    return this.run(async () => {
      await this.db
        .insertInto('bulletin')
        .values({
          case_id: entry.caseId,
          unit_name: entry.unitName,
          title: entry.title,
          text: entry.text,
          published_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.column('case_id').doNothing())
        .execute();
      return (await this.bulletinEntry(entry.caseId))!;
    });
  }

  async bulletinEntry(caseId: string): Promise<BulletinEntry | undefined> {
    const row = await this.run(() =>
      this.db.selectFrom('bulletin').selectAll().where('case_id', '=', caseId).executeTakeFirst(),
    );
    return row && bulletinOf(row);
  }

  async bulletin(limit = 200): Promise<BulletinEntry[]> {
    const rows = await this.run(() =>
      this.db.selectFrom('bulletin').selectAll().orderBy('published_at', 'desc').limit(limit).execute(),
    );
    return rows.map(bulletinOf);
  }

  // ---- rounds, their reports, plans ----

  async saveReport(report: { roundId: string; kind: string; title: string; text: string; at: string }): Promise<void> {
    const row = { round_id: report.roundId, kind: report.kind, title: report.title, text: report.text, at: report.at };
    await this.run(() =>
      this.db
        .insertInto('reports')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['round_id', 'kind']).doUpdateSet({ title: row.title, text: row.text, at: row.at }),
        )
        .execute(),
    );
  }

  async report(roundId: string, kind: string): Promise<string | undefined> {
    const row = await this.run(() =>
      this.db
        .selectFrom('reports')
        .select('text')
        .where('round_id', '=', roundId)
        .where('kind', '=', kind)
        .executeTakeFirst(),
    );
    return row?.text;
  }

  async saveRound(progress: { workflowId: string; roundId: string; year: number; status: string }): Promise<void> {
    const row = {
      workflow_id: progress.workflowId,
      round_id: progress.roundId,
      year: progress.year,
      status: progress.status,
      progress: JSON.stringify(progress),
      updated_at: new Date().toISOString(),
    };
    await this.run(() =>
      this.db
        .insertInto('rounds')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('workflow_id')
            .doUpdateSet({ status: row.status, progress: row.progress, updated_at: row.updated_at }),
        )
        .execute(),
    );
  }

  /** A round (`supervision-round-2026`) as it last saved itself (status, pairs, reports), without its cases. */
  async roundState(roundId: string): Promise<unknown> {
    const row = await this.run(() =>
      this.db
        .selectFrom('rounds')
        .select('progress')
        .where('round_id', '=', roundId)
        .where('status', '!=', 'duplicate')
        .orderBy('workflow_id')
        .limit(1)
        .executeTakeFirst(),
    );
    return row?.progress;
  }

  /** The ids of the year's rounds that started (`supervision-round-2026`, `…-2` …). */
  async roundIds(year: number): Promise<string[]> {
    const rows = await this.run(() =>
      this.db
        .selectFrom('rounds')
        .select('round_id')
        .distinct()
        .where('year', '=', year)
        .where('status', '!=', 'duplicate')
        .orderBy('round_id')
        .execute(),
    );
    return rows.map((r) => r.round_id);
  }

  /** One SQL query: the round that owns its cases (a later trigger ends as a duplicate), with their records. */
  async round(roundId: string): Promise<{ progress: unknown; cases: CaseRecord[] } | undefined> {
    const row = await this.run(() =>
      this.db
        .selectFrom('rounds')
        .select((eb) => [
          'progress',
          jsonArrayFrom(
            eb
              .selectFrom('cases')
              .select('record')
              .whereRef('cases.round_id', '=', 'rounds.round_id')
              .orderBy('unit_code'),
          ).as('cases'),
        ])
        .where('round_id', '=', roundId)
        .where('status', '!=', 'duplicate')
        .orderBy('workflow_id')
        .limit(1)
        .executeTakeFirst(),
    );
    return row && { progress: row.progress, cases: row.cases.map((c) => c.record as CaseRecord) };
  }

  /**
   * The number (发文字号) of a document (`owner`, `key`): the one it was given, or the next of its series and year,
   * formatted by `format(seq)`. Two callers at once get one number each (the unique sequence decides; the loser tries
   * again).
   */
  async documentNumber(
    o: { owner: string; key: string; series: string; year: number; sha256: string },
    format: (seq: number) => string,
  ): Promise<{ number: string; sha256: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.run(() =>
          this.db.transaction().execute(async (tx) => {
            const given = await tx
              .selectFrom('document_numbers')
              .select(['number', 'sha256'])
              .where('owner', '=', o.owner)
              .where('key', '=', o.key)
              .executeTakeFirst();
            if (given) return { number: given.number, sha256: given.sha256 ?? o.sha256 };
            const { last } = await tx
              .selectFrom('document_numbers')
              .select(sql<number>`coalesce(max(seq), 0)`.as('last'))
              .where('series', '=', o.series)
              .where('year', '=', o.year)
              .executeTakeFirstOrThrow();
            const seq = Number(last) + 1;
            const number = format(seq);
            await tx
              .insertInto('document_numbers')
              .values({ ...o, seq, number, at: new Date().toISOString() })
              .execute();
            return { number, sha256: o.sha256 };
          }),
        );
      } catch (err) {
        // 23505: another caller took the number (or numbered the document) first.
        if ((err as { code?: string }).code !== '23505' || attempt >= 5) throw err;
      }
    }
  }

  /**
   * The number a document (`owner`, `key`) was given when it was issued, with the SHA-256 recorded then; undefined
   * when it has none yet. Read only: readers never give numbers (issue 30 item 8), the store writes do.
   */
  async givenNumber(owner: string, key: string): Promise<{ number: string; sha256?: string } | undefined> {
    const row = await this.run(() =>
      this.db
        .selectFrom('document_numbers')
        .select(['number', 'sha256'])
        .where('owner', '=', owner)
        .where('key', '=', key)
        .executeTakeFirst(),
    );
    return row && { number: row.number, ...(row.sha256 ? { sha256: row.sha256 } : {}) };
  }

  /** A yearly report's state (the workflow saves it at every change; a later save replaces it). */
  async saveYearlyReport(state: { reportId: string; year: number; status: string }): Promise<void> {
    const row = {
      report_id: state.reportId,
      year: state.year,
      status: state.status,
      state: JSON.stringify(state),
      updated_at: new Date().toISOString(),
    };
    await this.run(() =>
      this.db
        .insertInto('yearly_reports')
        .values(row)
        .onConflict((oc) =>
          oc.column('report_id').doUpdateSet({ status: row.status, state: row.state, updated_at: row.updated_at }),
        )
        .execute(),
    );
  }

  async yearlyReport(reportId: string): Promise<unknown> {
    const row = await this.run(() =>
      this.db.selectFrom('yearly_reports').select('state').where('report_id', '=', reportId).executeTakeFirst(),
    );
    return row?.state;
  }

  async savePlan(plan: { planId: string; year: number; stage: string; revision: number }): Promise<void> {
    const row = {
      plan_id: plan.planId,
      year: plan.year,
      stage: plan.stage,
      revision: plan.revision,
      record: JSON.stringify(plan),
      updated_at: new Date().toISOString(),
    };
    const { plan_id, ...changes } = row;
    await this.run(() =>
      this.db
        .insertInto('plans')
        .values(row)
        .onConflict((oc) => oc.column('plan_id').doUpdateSet(changes).where('plans.revision', '<', row.revision))
        .execute(),
    );
  }

  async plan(planId: string): Promise<unknown> {
    const row = await this.run(() =>
      this.db.selectFrom('plans').select('record').where('plan_id', '=', planId).executeTakeFirst(),
    );
    return row?.record;
  }

  /** A case id's kind, for a stored row whose workflow Temporal has forgotten. */
  static kindOf(caseId: string): CaseKind | undefined {
    return ids.kindOf(caseId);
  }

  // ---- sealed rows: re-sealing with the current store key (npm run store:reseal, lib/store/reseal.ts) ----

  /** The sealed identities (table `reporters`) after a cursor (an id; '' for the first), in id order. */
  async sealedRows(after: string, limit: number): Promise<Array<{ id: string; sealed: Buffer }>> {
    const rows = await this.run(() =>
      this.db
        .selectFrom('reporters')
        .select(['report_id', 'sealed'])
        .where('report_id', '>', after)
        .orderBy('report_id')
        .limit(limit)
        .execute(),
    );
    return rows.map((r) => ({ id: r.report_id, sealed: Buffer.from(r.sealed) }));
  }

  /** Replace a row's sealed bytes if it still holds `was` (a row deleted or changed meanwhile is left alone). */
  async resealRow(id: string, was: Buffer, sealed: Buffer): Promise<boolean> {
    const result = await this.run(() =>
      this.db
        .updateTable('reporters')
        .set({ sealed })
        .where('report_id', '=', id)
        .where('sealed', '=', was)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows === 1n;
  }

  // ---- the workbench's sessions (api/workbench/sessions.ts hashes the ids and seals the tokens; here are the rows) ----

  /** Keep a session: the whole row as it starts; later only its sealed part, and never once it has ended. */
  async saveSession(s: Omit<StoredSession, 'lastSeenAt'> & { idHash: string; sealed: Buffer }): Promise<void> {
    await this.run(() =>
      this.db
        .insertInto('workbench_sessions')
        .values({
          id_hash: s.idHash,
          ref: s.ref,
          person: s.person,
          sealed: s.sealed,
          client_address: s.clientAddress,
          user_agent: s.userAgent,
          started_at: s.startedAt,
          last_seen_at: s.startedAt,
          expires_at: s.expiresAt,
        })
        .onConflict((oc) =>
          oc.column('id_hash').doUpdateSet({ sealed: s.sealed }).where('workbench_sessions.ended_at', 'is', null),
        )
        .execute(),
    );
  }

  /**
   * The live session of `idHash`, its last use moved to `now` (one query); undefined when it has ended, was last used
   * before `idleSince`, or has passed its end.
   */
  async touchSession(idHash: string, now: Date, idleSince: Date): Promise<StoredSession | undefined> {
    const row = await this.run(() =>
      this.db
        .updateTable('workbench_sessions')
        .set({ last_seen_at: now })
        .where('id_hash', '=', idHash)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', idleSince)
        .returningAll()
        .executeTakeFirst(),
    );
    return row && sessionOf(row);
  }

  /** Whether the session is still live, without touching it (before each call made with its token). */
  async sessionLive(idHash: string, now: Date, idleSince: Date): Promise<boolean> {
    const row = await this.run(() =>
      this.db
        .selectFrom('workbench_sessions')
        .select('ref')
        .where('id_hash', '=', idHash)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', idleSince)
        .executeTakeFirst(),
    );
    return row !== undefined;
  }

  /**
   * End sessions that have not ended yet: one by its id's hash, one of a person's by its handle, or all of a person's.
   * Their tokens are erased. Answers how many ended.
   */
  async endSessions(which: { idHash: string } | { person: string; ref?: string }, why: string, now: Date) {
    const result = await this.run(() => {
      let q = this.db
        .updateTable('workbench_sessions')
        .set({ ended_at: now, ended_why: why, sealed: null })
        .where('ended_at', 'is', null);
      if ('idHash' in which) q = q.where('id_hash', '=', which.idHash);
      else {
        q = q.where('person', '=', which.person);
        if (which.ref !== undefined) q = q.where('ref', '=', which.ref);
      }
      return q.executeTakeFirst();
    });
    return Number(result.numUpdatedRows);
  }

  /** A person's live sessions, the last used first. */
  async sessionsOf(person: string, now: Date, idleSince: Date): Promise<StoredSession[]> {
    const rows = await this.run(() =>
      this.db
        .selectFrom('workbench_sessions')
        .selectAll()
        .where('person', '=', person)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', idleSince)
        .orderBy('last_seen_at', 'desc')
        .limit(100)
        .execute(),
    );
    return rows.map(sessionOf);
  }

  /** Forget the sessions whose end has passed: they can never be used again. */
  async purgeSessions(now: Date): Promise<void> {
    await this.run(() => this.db.deleteFrom('workbench_sessions').where('expires_at', '<', now).execute());
  }
}

/** A workbench session as the store keeps it (api/workbench/sessions.ts). */
export interface StoredSession {
  ref: string;
  person: string;
  sealed: Buffer | null;
  clientAddress: string;
  userAgent: string;
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

const sessionOf = (r: Selectable<WorkbenchSessionsTable>): StoredSession => ({
  ref: r.ref,
  person: r.person,
  sealed: r.sealed && Buffer.from(r.sealed),
  clientAddress: r.client_address,
  userAgent: r.user_agent,
  startedAt: new Date(r.started_at).toISOString(),
  lastSeenAt: new Date(r.last_seen_at).toISOString(),
  expiresAt: new Date(r.expires_at).toISOString(),
});

export interface StatisticsRows {
  cases: Array<{
    kind: CaseKind;
    stage: string;
    unit_code: string;
    unit_name: string;
    count: number;
    commended: number;
  }>;
  findings: Array<{ kind: string; unit_code: string; key_item: number; count: number; third_party: number }>;
  submissions: Array<{
    kind: string;
    unit_code: string;
    total: number;
    submitted: number;
    on_time: number;
    late: number;
    waiting: number;
    overdue: number;
    escalations: number;
    extensions: number;
  }>;
  overdueNow: Array<{
    case_id: string;
    kind: string;
    party: string;
    due_at: string;
    unit_code: string;
    unit_name: string;
  }>;
  transfers: Array<{ recipient: string; unit_code: string; total: number; acknowledged: number }>;
}

export interface StatisticsQuery {
  /** The year the cases began in (their id); absent: every year. */
  year?: number | undefined;
  /** Only the cases this party may see (`CaseViewers`). */
  viewer?: string | undefined;
  /** Only this party's own submissions and transfers. */
  party?: string | undefined;
  sections: Array<keyof StatisticsRows>;
}

export interface BulletinEntry {
  caseId: string;
  unitName: string;
  title: string;
  text: string;
  publishedAt: string;
}

const bulletinOf = (row: {
  case_id: string;
  unit_name: string;
  title: string;
  text: string;
  published_at: Date | string;
}) => ({
  caseId: row.case_id,
  unitName: row.unit_name,
  title: row.title,
  text: row.text,
  publishedAt: new Date(row.published_at).toISOString(),
});

/** A document as the store describes it (its bytes apart). */
export interface StoredDocument {
  id: string;
  owner: string;
  section: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
  createdBy: string;
}

function documentOf(r: Omit<Selectable<DocumentsTable>, 'bytes'>): StoredDocument {
  return {
    id: r.id,
    owner: r.owner,
    section: r.section,
    name: r.name,
    contentType: r.content_type,
    size: r.size,
    sha256: r.sha256,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
  };
}

/** Art. 5: a third-party assessment in the register. */
export interface Assessment {
  id: string;
  year: number;
  assessor: string;
  unitCodes: string[];
  summary: string;
  createdBy: unknown;
  createdAt: string;
}

function assessmentOf(r: Selectable<AssessmentsTable>): Assessment {
  return {
    id: r.id,
    year: r.year,
    assessor: r.assessor,
    unitCodes: r.unit_codes,
    summary: r.summary,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
