import { sql, type Kysely } from 'kysely';
import { isPostgres, LOCAL_TABLES } from '../db/replication-schema.js';

/**
 * Which tables hold a tenant's data, found from the schema itself so a table added later is
 * exported without anyone remembering to list it: `tenants` (the tenant's own row) and every table
 * with a `tenant_id` column, except the few below. Rows that "hang off" others (visit_engineers,
 * form_versions, the sync tables) carry tenant_id too, so none is missed. Ordered so that a table
 * comes after every table it refers to (foreign keys): the order an import inserts in.
 */

/** Tenant tables left out of an export, and why (written into the manifest and docs/export.md). */
export const EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  sessions: 'Sign-in sessions are security tokens valid only on the server that issued them: after an import everyone signs in again.',
  user_tokens: 'Password-reset and invitation links are single-use security tokens: ask for a new link after an import.',
  replica_queue: 'Work queued on an office replica for its primary, local to that replica (empty on a primary): it reaches the tenant’s tables when the replica sends it.',
  server_errors: 'The server’s own support log of recent errors (local to each server, a few hundred rows, kept for the status page).',
};

/** Why a table local to one server (replication-schema.ts LOCAL_TABLES) is left out when it names a tenant. */
const LOCAL_REASON = 'Local to one server (not replicated): the server’s own bookkeeping, not the company’s records.';

/** Why a table with a tenant_id column is not exported, or undefined when it is. */
export function exclusionReason(table: string): string | undefined {
  return EXCLUDED_TABLES[table] ?? (LOCAL_TABLES.has(table) ? LOCAL_REASON : undefined);
}

/** Columns the database numbers itself: an import leaves them out and the new server numbers the rows again, in the same order. */
export const SERVER_NUMBERED: Readonly<Record<string, readonly string[]>> = {
  change_log: ['position'],
};

export interface ColumnShape {
  name: string;
  /** The declared type, lower case (`text`, `integer`, `double precision`, `bigint`). */
  type: string;
}

export interface TenantTable {
  name: string;
  columns: ColumnShape[];
  primaryKey: string[];
  /** Other tenant tables this one refers to. */
  refersTo: string[];
  /** The column that names the tenant: `id` for `tenants`, `tenant_id` elsewhere. */
  tenantColumn: 'id' | 'tenant_id';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reads whatever schema the database has
type AnyDb = Kysely<any>;

interface RawTable {
  name: string;
  columns: ColumnShape[];
  primaryKey: string[];
  refersTo: Set<string>;
}

async function readSchema(db: AnyDb): Promise<RawTable[]> {
  const tables = new Map<string, RawTable>();
  const get = (name: string) => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = { name, columns: [], primaryKey: [], refersTo: new Set() }));
    return t;
  };
  if (isPostgres(db)) {
    const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select c.table_name, c.column_name, c.data_type from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.table_name not like 'kysely\\_%'
      order by c.table_name, c.ordinal_position`.execute(db);
    for (const r of cols.rows) get(r.table_name).columns.push({ name: r.column_name, type: r.data_type.toLowerCase() });
    const pks = await sql<{ table_name: string; column_name: string }>`
      select tc.table_name, kcu.column_name from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu
        on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
      where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY'
      order by tc.table_name, kcu.ordinal_position`.execute(db);
    for (const r of pks.rows) tables.get(r.table_name)?.primaryKey.push(r.column_name);
    const fks = await sql<{ table_name: string; ref: string }>`
      select distinct tc.table_name, ccu.table_name as ref from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu
        on ccu.constraint_name = tc.constraint_name and ccu.constraint_schema = tc.constraint_schema
      where tc.table_schema = current_schema() and tc.constraint_type = 'FOREIGN KEY'`.execute(db);
    for (const r of fks.rows) tables.get(r.table_name)?.refersTo.add(r.ref);
  } else {
    const names = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\'`.execute(db);
    for (const { name } of names.rows) {
      const t = get(name);
      const info = await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info(${name})`.execute(db);
      for (const c of info.rows) t.columns.push({ name: c.name, type: c.type.toLowerCase() });
      t.primaryKey = info.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(db);
      for (const f of fks.rows) t.refersTo.add(f.table);
    }
  }
  return [...tables.values()];
}

/** The tenant-owned tables of this database, in foreign-key order (`tenants` first). */
export async function tenantTables(db: AnyDb): Promise<TenantTable[]> {
  const all = await readSchema(db);
  const owned = all.filter((t) => t.name === 'tenants' || (t.columns.some((c) => c.name === 'tenant_id') && !exclusionReason(t.name)));
  const names = new Set(owned.map((t) => t.name));
  const pending = new Map(owned.map((t) => [t.name, t]));
  const ordered: TenantTable[] = [];
  while (pending.size > 0) {
    // Every table whose references are all placed, alphabetically: a stable order on both dialects.
    const ready = [...pending.values()]
      .filter((t) => [...t.refersTo].every((r) => r === t.name || !names.has(r) || !pending.has(r)))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle among: ${[...pending.keys()].join(', ')}`);
    for (const t of ready) {
      pending.delete(t.name);
      if (t.primaryKey.length === 0) throw new Error(`Table ${t.name} has no primary key: an export needs one to order its rows.`);
      ordered.push({
        name: t.name,
        columns: t.columns,
        primaryKey: t.primaryKey,
        refersTo: [...t.refersTo].filter((r) => r !== t.name && names.has(r)).sort(),
        tenantColumn: t.name === 'tenants' ? 'id' : 'tenant_id',
      });
    }
  }
  return ordered;
}

/** The tables that name a tenant but are not exported, with the reason (for the manifest). */
export async function excludedTenantTables(db: AnyDb): Promise<Array<{ name: string; reason: string }>> {
  return (await readSchema(db))
    .filter((t) => t.columns.some((c) => c.name === 'tenant_id'))
    .flatMap((t) => {
      const reason = exclusionReason(t.name);
      return reason ? [{ name: t.name, reason }] : [];
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The newest migration applied to this database: the schema version an export is written in. */
export async function schemaVersion(db: AnyDb): Promise<string> {
  const r = await sql<{ v: string | null }>`select max(name) as v from kysely_migration`.execute(db);
  const v = r.rows[0]?.v;
  if (!v) throw new Error('The database has no migrations applied: run `fieldkeep migrate` first.');
  return v;
}

export const isNumericType = (type: string): boolean => /int|real|double|float|numeric|decimal/.test(type);
