import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';

/** One captured row change: the table, the primary-key values, and the whole row for a put. */
export interface RowChange {
  table: string;
  pk: unknown[];
  op: 'put' | 'delete';
  row: Record<string, unknown> | null;
}

/** One committed transaction of the primary, as a replica applies it: all or nothing. */
export interface ReplCommit {
  position: number;
  rows: RowChange[];
}

/** The highest commit number: every commit at or below it is visible. */
export async function headPosition(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('repl_tx')
    .select((eb) => eb.fn.max('position').as('p'))
    .executeTakeFirst();
  return Number(r?.p ?? 0);
}

/**
 * Whole commits after `after`, oldest first, until about `maxRows` rows (a larger single commit is
 * still sent whole). Reads in one snapshot so the commits and their rows agree.
 */
export async function readCommits(database: Database, after: number, maxRows: number): Promise<ReplCommit[]> {
  return database.read.transaction().execute(async (trx) => {
    const txs = await trx
      .selectFrom('repl_tx')
      .selectAll()
      .where('position', '>', after)
      .orderBy('position')
      .limit(Math.max(1, Math.min(maxRows, 5000)))
      .execute();
    if (txs.length === 0) return [];
    const commits: ReplCommit[] = [];
    let rowCount = 0;
    if (database.dialect === 'sqlite') {
      const prev = await trx.selectFrom('repl_tx').select('last_seq').where('position', '=', after).executeTakeFirst();
      let from = after === 0 ? 0 : (prev?.last_seq ?? (await seqBefore(trx, txs[0]!.position)));
      for (const tx of txs) {
        const to = Number(tx.last_seq);
        const rows = await trx.selectFrom('repl_log').selectAll().where('seq', '>', from).where('seq', '<=', to).orderBy('seq').execute();
        commits.push({ position: tx.position, rows: rows.map(toChange) });
        rowCount += rows.length;
        from = to;
        if (rowCount >= maxRows) break;
      }
      return commits;
    }
    for (const tx of txs) {
      const rows = await trx.selectFrom('repl_log').selectAll().where(sql<boolean>`xid = ${tx.xid}::xid8`).orderBy('seq').execute();
      commits.push({ position: tx.position, rows: rows.map(toChange) });
      rowCount += rows.length;
      if (rowCount >= maxRows) break;
    }
    return commits;
  });
}

/** SQLite: the last seq of the newest commit below `position` (0 when there is none). */
async function seqBefore(db: Kysely<DB>, position: number): Promise<number> {
  const r = await db.selectFrom('repl_tx').select('last_seq').where('position', '<', position).orderBy('position', 'desc').limit(1).executeTakeFirst();
  return Number(r?.last_seq ?? 0);
}

function toChange(r: { tbl: string; pk: string; op: 'put' | 'delete'; row: string | null }): RowChange {
  return {
    table: r.tbl,
    pk: JSON.parse(r.pk) as unknown[],
    op: r.op,
    row: r.row === null ? null : (JSON.parse(r.row) as Record<string, unknown>),
  };
}
