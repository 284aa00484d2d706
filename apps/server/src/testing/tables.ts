import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { replicatedTables } from '../db/replication-schema.js';

export interface TableInfo {
  name: string;
  columns: Array<{ name: string; isNullable: boolean }>;
}

/**
 * The tables of this database only, with their columns. (Kysely's introspection reads every schema
 * on a PostgreSQL server, so it races other test files that drop their schemas meanwhile.)
 */
export async function listTables(database: Database): Promise<TableInfo[]> {
  if (database.dialect === 'postgres') {
    const r = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
      select table_name, column_name, is_nullable from information_schema.columns
      where table_schema = current_schema() and table_name not like 'kysely_%'
      order by table_name, ordinal_position`.execute(database.db);
    const byTable = new Map<string, TableInfo>();
    for (const row of r.rows) {
      const t = byTable.get(row.table_name) ?? { name: row.table_name, columns: [] };
      t.columns.push({ name: row.column_name, isNullable: row.is_nullable === 'YES' });
      byTable.set(row.table_name, t);
    }
    return [...byTable.values()];
  }
  const tables = await database.db.introspection.getTables();
  return tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => ({ name: c.name, isNullable: c.isNullable })) }));
}

/** Every replicated table's rows, in primary-key order, as comparable JSON (a primary and its replica must agree). */
export async function dumpReplicatedTables(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await replicatedTables(database.db)) {
    const order = sql.join(t.primaryKey.map((c) => sql.id(c)));
    const rows = await sql<Record<string, unknown>>`select * from ${sql.id(t.name)} order by ${order}`.execute(database.db);
    out[t.name] = rows.rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]])));
  }
  return out;
}
