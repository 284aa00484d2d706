import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Row-level replication capture. Every table except the local ones below has triggers that append
 * the row image of each insert, update and delete to `repl_log` in the writing transaction. Commits
 * are numbered in `repl_tx` in commit order; a replica applies whole commits in that order.
 *
 * Any migration that creates a table or changes its columns must end with
 * `await installReplicationTriggers(db)` (the trigger's column list is fixed when it is made); the
 * replication tests check that every table is captured with every column.
 */

/** Tables that belong to this server alone and are never replicated. */
export const LOCAL_TABLES: ReadonlySet<string> = new Set([
  'instance_meta',
  'repl_log',
  'repl_tx',
  'replica_peers',
  'replica_queue',
  'backup_runs',
  'server_errors',
  'integrity_checks',
  'outage_notices',
  'kysely_migration',
  'kysely_migration_lock',
]);

/** The advisory lock that orders change-log appends and replication commit numbers on PostgreSQL. */
export const COMMIT_ORDER_LOCK_KEY = 7_461_001;

export interface TableShape {
  name: string;
  columns: string[];
  primaryKey: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- used by migrations, which see any schema
type AnyDb = Kysely<any>;

export function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The replicated tables of the current schema, with their columns and primary key, in a stable order. */
export async function replicatedTables(db: AnyDb): Promise<TableShape[]> {
  const shapes: TableShape[] = [];
  if (isPostgres(db)) {
    const cols = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(db);
    const pks = await sql<{ table_name: string; column_name: string }>`
      select tc.table_name, kcu.column_name from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu
        on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
      where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY'
      order by tc.table_name, kcu.ordinal_position`.execute(db);
    const byName = new Map<string, TableShape>();
    for (const r of cols.rows) {
      if (LOCAL_TABLES.has(r.table_name)) continue;
      const s = byName.get(r.table_name) ?? { name: r.table_name, columns: [], primaryKey: [] };
      s.columns.push(r.column_name);
      byName.set(r.table_name, s);
    }
    for (const r of pks.rows) byName.get(r.table_name)?.primaryKey.push(r.column_name);
    shapes.push(...byName.values());
  } else {
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
    for (const t of tables.rows) {
      if (LOCAL_TABLES.has(t.name)) continue;
      const info = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${t.name})`.execute(db);
      shapes.push({
        name: t.name,
        columns: info.rows.map((c) => c.name),
        primaryKey: info.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      });
    }
  }
  shapes.sort((a, b) => a.name.localeCompare(b.name));
  for (const s of shapes) {
    if (s.primaryKey.length === 0) throw new Error(`Table ${s.name} has no primary key: replication needs one.`);
  }
  return shapes;
}

/** (Re)creates the capture triggers of every replicated table. Idempotent. */
export async function installReplicationTriggers(db: AnyDb): Promise<void> {
  const shapes = await replicatedTables(db);
  if (isPostgres(db)) {
    for (const s of shapes) {
      const args = s.primaryKey.map((c) => `'${c}'`).join(', ');
      await sql.raw(`drop trigger if exists repl_capture on ${ident(s.name)}`).execute(db);
      await sql
        .raw(`create trigger repl_capture after insert or update or delete on ${ident(s.name)} for each row execute function repl_capture(${args})`)
        .execute(db);
    }
    return;
  }
  for (const s of shapes) {
    const rowOf = (ref: 'NEW' | 'OLD') => `json_object(${s.columns.map((c) => `'${c}', ${ref}.${ident(c)}`).join(', ')})`;
    const pkOf = (ref: 'NEW' | 'OLD') => `json_array(${s.primaryKey.map((c) => `${ref}.${ident(c)}`).join(', ')})`;
    const t = s.name;
    for (const op of ['ins', 'upd', 'del']) await sql.raw(`drop trigger if exists ${ident(`repl_${t}_${op}`)}`).execute(db);
    await sql
      .raw(
        `create trigger ${ident(`repl_${t}_ins`)} after insert on ${ident(t)} begin
           insert into repl_log (tbl, pk, op, row) values ('${t}', ${pkOf('NEW')}, 'put', ${rowOf('NEW')});
         end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${ident(`repl_${t}_upd`)} after update on ${ident(t)} begin
           insert into repl_log (tbl, pk, op, row) select '${t}', ${pkOf('OLD')}, 'delete', null where ${pkOf('OLD')} <> ${pkOf('NEW')};
           insert into repl_log (tbl, pk, op, row) values ('${t}', ${pkOf('NEW')}, 'put', ${rowOf('NEW')});
         end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${ident(`repl_${t}_del`)} after delete on ${ident(t)} begin
           insert into repl_log (tbl, pk, op, row) values ('${t}', ${pkOf('OLD')}, 'delete', null);
         end`,
      )
      .execute(db);
  }
}

/** The PostgreSQL functions behind the triggers (made once, by the replication migration). */
export async function installPostgresCaptureFunctions(db: AnyDb): Promise<void> {
  await sql
    .raw(
      `create or replace function repl_capture() returns trigger language plpgsql as $$
      declare
        newpk jsonb := '[]'::jsonb;
        oldpk jsonb := '[]'::jsonb;
        i int;
      begin
        for i in 0 .. TG_NARGS - 1 loop
          if TG_OP <> 'DELETE' then newpk := newpk || jsonb_build_array(to_jsonb(NEW) -> TG_ARGV[i]); end if;
          if TG_OP <> 'INSERT' then oldpk := oldpk || jsonb_build_array(to_jsonb(OLD) -> TG_ARGV[i]); end if;
        end loop;
        if TG_OP = 'DELETE' or (TG_OP = 'UPDATE' and oldpk <> newpk) then
          insert into repl_log (tbl, pk, op, row) values (TG_TABLE_NAME, oldpk::text, 'delete', null);
        end if;
        if TG_OP <> 'DELETE' then
          insert into repl_log (tbl, pk, op, row) values (TG_TABLE_NAME, newpk::text, 'put', to_jsonb(NEW)::text);
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  // Runs at COMMIT (a deferred constraint trigger): numbers the transaction under the commit-order
  // lock, which is held until the commit is visible — so numbers follow commit order.
  await sql
    .raw(
      `create or replace function repl_stamp() returns trigger language plpgsql as $$
      begin
        if not exists (select 1 from repl_tx where xid = pg_current_xact_id()) then
          perform pg_advisory_xact_lock(${COMMIT_ORDER_LOCK_KEY});
          insert into repl_tx (xid) values (pg_current_xact_id());
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create constraint trigger repl_stamp after insert on repl_log deferrable initially deferred
       for each row execute function repl_stamp()`,
    )
    .execute(db);
}
