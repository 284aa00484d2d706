import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { LOCAL_TABLES, replicatedTables } from '../db/replication-schema.js';
import type { DB } from '../db/schema.js';
import type { ReplCommit, RowChange } from './log.repository.js';
import { readSnapshot } from './snapshot.js';

const id = (name: string) => sql.id(name);
const pkCache = new WeakMap<Database, Map<string, string[]>>();

/**
 * Applies whole commits of the primary in one transaction of the replica, together with whatever
 * `alsoInTx` writes (the replica's cursor): after a crash the replica has all of a batch and its
 * cursor, or none of it. Foreign keys are checked at commit, since a cascade on the primary may have
 * been logged child-after-parent. Only SQLite replicas (the office replica's embedded database).
 */
export async function applyCommits(
  database: Database,
  commits: readonly ReplCommit[],
  alsoInTx: (trx: Transaction<DB>) => Promise<void>,
): Promise<void> {
  if (database.dialect !== 'sqlite') throw new Error('A replica keeps its copy in SQLite: unset DATABASE_URL for `fieldkeep replica`.');
  await database.db.transaction().execute(async (trx) => {
    await sql`pragma defer_foreign_keys = on`.execute(trx);
    for (const c of commits) await applyRows(database, trx, c.rows);
    await alsoInTx(trx);
  });
}

/**
 * Replaces every replicated table of the replica with a primary's snapshot file (snapshot.ts), in one
 * transaction with `alsoInTx` (the new cursor): rows deleted on the primary meanwhile go too. Tables
 * local to the replica (its queue, its own records) are not touched.
 */
export async function applySnapshot(database: Database, file: string, alsoInTx: (trx: Transaction<DB>) => Promise<void>): Promise<number> {
  if (database.dialect !== 'sqlite') throw new Error('A replica keeps its copy in SQLite: unset DATABASE_URL for `fieldkeep replica`.');
  const tables = await replicatedTables(database.db);
  let count = 0;
  await database.db.transaction().execute(async (trx) => {
    await sql`pragma defer_foreign_keys = on`.execute(trx);
    for (const t of tables) await sql`delete from ${id(t.name)}`.execute(trx);
    let batch: RowChange[] = [];
    for await (const line of readSnapshot(file)) {
      if (!('t' in line)) continue;
      batch.push({ table: line.t, pk: [], op: 'put', row: line.r });
      if (batch.length >= 1000) {
        await applyRows(database, trx, batch);
        count += batch.length;
        batch = [];
      }
    }
    await applyRows(database, trx, batch);
    count += batch.length;
    await alsoInTx(trx);
  });
  return count;
}

async function applyRows(database: Database, trx: Transaction<DB>, rows: readonly RowChange[]): Promise<void> {
  for (const r of rows) {
    if (LOCAL_TABLES.has(r.table)) continue;
    const pkCols = await primaryKeyOf(database, trx, r.table);
    if (r.op === 'delete' || !r.row) {
      const conds = pkCols.map((c, i) => sql`${id(c)} = ${r.pk[i] as never}`);
      await sql`delete from ${id(r.table)} where ${sql.join(conds, sql` and `)}`.execute(trx);
      continue;
    }
    const row = r.row;
    const cols = Object.keys(row);
    const updates = cols.filter((c) => !pkCols.includes(c)).map((c) => sql`${id(c)} = excluded.${id(c)}`);
    const values = cols.map((c) => toSqlite(row[c]));
    await sql`insert into ${id(r.table)} (${sql.join(cols.map(id))}) values (${sql.join(values)})
      on conflict (${sql.join(pkCols.map(id))}) ${updates.length ? sql`do update set ${sql.join(updates)}` : sql`do nothing`}`.execute(trx);
  }
}

/** JSON values as SQLite binds them (booleans never occur: the schema stores them as integers). */
function toSqlite(v: unknown): never {
  if (v === undefined) return null as never;
  if (typeof v === 'object' && v !== null) return JSON.stringify(v) as never;
  if (typeof v === 'boolean') return (v ? 1 : 0) as never;
  return v as never;
}

async function primaryKeyOf(database: Database, trx: Transaction<DB>, table: string): Promise<string[]> {
  let m = pkCache.get(database);
  if (!m) pkCache.set(database, (m = new Map<string, string[]>()));
  const known = m.get(table);
  if (known) return known;
  const info = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(trx);
  const pk = info.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  if (pk.length === 0) throw new Error(`This replica has no table ${table}: is it on the same version as the primary?`);
  m.set(table, pk);
  return pk;
}
