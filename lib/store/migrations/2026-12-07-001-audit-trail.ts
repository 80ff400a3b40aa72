/**
 * Issue 33: the audit trail (lib/store/audit.ts). Entries are appended in hash chains (one per writer and day); nobody
 * updates or truncates them, and only `audit.prune` deletes, whole days past the retention, recording what it pruned.
 *
 * Both tables live in a schema of their own, `audit`. On PostgreSQL, when the migrating role may create roles, the
 * schema, its tables and functions belong to `audit_keeper` (a role nobody logs in as): the application's role keeps
 * SELECT and INSERT and may EXECUTE `audit.prune`, never UPDATE, DELETE, ALTER or DROP. Whatever the owner, triggers
 * refuse UPDATE and TRUNCATE always and DELETE outside `audit.prune`.
 * A superuser can undo all of this (docs/security.md says what each deployment can promise).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createSchema('audit').execute();
  await db.schema
    .createTable('audit.entries')
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('grp', 'text')
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('resource', 'text')
    .addColumn('section', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('client_address', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entries_pk', ['chain', 'seq'])
    .execute();
  await db.schema.createIndex('entries_at').on('audit.entries').column('at').execute();
  await db.schema.createIndex('entries_person_at').on('audit.entries').columns(['person', 'at']).execute();
  await db.schema.createIndex('entries_resource').on('audit.entries').column('resource').execute();
  await db.schema
    .createTable('audit.prunes')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('before', 'timestamptz', (c) => c.notNull())
    .addColumn('chains', 'jsonb', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .execute();

  await sql`
    create function audit.refuse_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and tg_table_name = 'entries'
         and current_setting('audit.pruning', true) = 'on' then
        return old;
      end if;
      raise exception 'the audit trail is append-only (% on audit.% refused)', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  for (const table of ['entries', 'prunes']) {
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.raw(`audit.${table}`)}
      for each row execute function audit.refuse_change()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.raw(`audit.${table}`)}
      for each statement execute function audit.refuse_change()`.execute(db);
  }
  // Whole days (UTC) before `before` go, and never anything younger than 180 days, whatever the caller asks; the
  // chains pruned, with their last hash, are recorded (and answered) so that audit:verify can tell what went.
  await sql`
    create function audit.prune(before timestamptz, who text) returns jsonb
    language plpgsql security definer set search_path = audit, pg_temp as $$
    declare
      cutoff timestamptz := least(date_trunc('day', before at time zone 'UTC') at time zone 'UTC',
                                  now() - interval '180 days');
      pruned jsonb;
      n integer;
    begin
      select coalesce(jsonb_agg(jsonb_build_object('chain', chain, 'seq', seq, 'hash', hash)), '[]'::jsonb)
        into pruned
        from (select distinct on (chain) chain, seq, hash from audit.entries
              where chain in (select chain from audit.entries group by chain having max(at) < cutoff)
              order by chain, seq desc) last;
      if jsonb_array_length(pruned) = 0 then return jsonb_build_object('entries', 0, 'chains', pruned); end if;
      perform set_config('audit.pruning', 'on', true);
      delete from audit.entries where chain in (select x->>'chain' from jsonb_array_elements(pruned) x);
      get diagnostics n = row_count;
      perform set_config('audit.pruning', 'off', true);
      insert into audit.prunes (before, chains, entries, by) values (cutoff, pruned, n, who);
      return jsonb_build_object('entries', n, 'before', cutoff, 'chains', pruned);
    end $$`.execute(db);

  // The owner apart from the application, where the migrating role may create one (PostgreSQL with CREATEROLE or a
  // superuser; PGlite is one superuser in-process, so this changes nothing there that matters).
  await sql`
    do $$
    declare app text := current_user;
    begin
      if exists (select 1 from pg_roles where rolname = current_user and (rolcreaterole or rolsuper)) then
        if not exists (select 1 from pg_roles where rolname = 'audit_keeper') then
          create role audit_keeper nologin;
        end if;
        execute format('grant audit_keeper to %I', app);
        alter schema audit owner to audit_keeper;
        alter table audit.entries owner to audit_keeper;
        alter table audit.prunes owner to audit_keeper;
        alter function audit.prune(timestamptz, text) owner to audit_keeper;
        alter function audit.refuse_change() owner to audit_keeper;
        execute format('grant usage on schema audit to %I', app);
        execute format('grant select, insert on audit.entries to %I', app);
        execute format('grant select on audit.prunes to %I', app);
        execute format('grant execute on function audit.prune(timestamptz, text) to %I', app);
        execute format('revoke audit_keeper from %I', app);
      end if;
    end $$`.execute(db);
}
