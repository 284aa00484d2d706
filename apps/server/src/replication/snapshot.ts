import fs from 'node:fs';
import readline from 'node:readline';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { replicatedTables } from '../db/replication-schema.js';

/**
 * A consistent copy of every replicated table at one log position, as NDJSON: a header line
 * `{"position","tables"}`, then one line per row `{"t": table, "r": row}`. For a replica whose
 * position is below the compacted log's floor (compaction.ts): it applies the copy, then follows
 * the log from `position`.
 */
export interface SnapshotHeader {
  position: number;
  tables: string[];
}

export interface SnapshotLine {
  t: string;
  r: Record<string, unknown>;
}

const PAGE_ROWS = 2000;

const pause = () => new Promise((r) => setImmediate(r));

/**
 * Writes the snapshot to `file`. One read transaction, so the rows and the position agree. SQLite
 * reads on a connection of its own (a WAL snapshot that blocks neither the writer nor other readers);
 * PostgreSQL in a REPEATABLE READ transaction. Pages by primary key, yielding between pages.
 */
export async function writeSnapshot(database: Database, file: string): Promise<{ position: number; rows: number }> {
  const shapes = await replicatedTables(database.read);
  const fd = fs.openSync(file, 'w');
  let rows = 0;
  const put = (line: unknown) => fs.writeSync(fd, `${JSON.stringify(line)}\n`);
  try {
    if (database.dialect === 'sqlite') {
      if (!database.sqlitePath) throw new Error('snapshot: the SQLite database has no file');
      const conn = new SQLite(database.sqlitePath, { readonly: true });
      try {
        conn.pragma('busy_timeout = 5000');
        conn.prepare('begin').run();
        const position = Number((conn.prepare('select coalesce(max(position), 0) as p from repl_tx').get() as { p: number }).p);
        put({ position, tables: shapes.map((s) => s.name) } satisfies SnapshotHeader);
        for (const shape of shapes) {
          const cols = shape.primaryKey.map((c) => `"${c.replaceAll('"', '""')}"`);
          const keyExpr = cols.length === 1 ? cols[0]! : `(${cols.join(', ')})`;
          const params = cols.length === 1 ? '?' : `(${cols.map(() => '?').join(', ')})`;
          const table = `"${shape.name.replaceAll('"', '""')}"`;
          const first = conn.prepare(`select * from ${table} order by ${cols.join(', ')} limit ${PAGE_ROWS}`);
          const after = conn.prepare(`select * from ${table} where ${keyExpr} > ${params} order by ${cols.join(', ')} limit ${PAGE_ROWS}`);
          let page = first.all() as Array<Record<string, unknown>>;
          while (page.length > 0) {
            for (const r of page) put({ t: shape.name, r } satisfies SnapshotLine);
            rows += page.length;
            if (page.length < PAGE_ROWS) break;
            const last = page.at(-1)!;
            await pause();
            page = after.all(...shape.primaryKey.map((c) => last[c])) as Array<Record<string, unknown>>;
          }
        }
        conn.prepare('commit').run();
        return { position, rows };
      } finally {
        conn.close();
      }
    }
    return await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        const position = Number((await sql<{ p: number }>`select coalesce(max(position), 0) as p from repl_tx`.execute(trx)).rows[0]?.p ?? 0);
        put({ position, tables: shapes.map((s) => s.name) } satisfies SnapshotHeader);
        for (const shape of shapes) {
          const order = sql.join(shape.primaryKey.map((c) => sql.id(c)));
          const key = shape.primaryKey.length === 1 ? sql.id(shape.primaryKey[0]!) : sql`(${order})`;
          let last: Record<string, unknown> | undefined;
          for (;;) {
            const vals = last ? shape.primaryKey.map((c) => last![c]) : [];
            const where = last ? (vals.length === 1 ? sql`where ${key} > ${vals[0]}` : sql`where ${key} > (${sql.join(vals)})`) : sql``;
            const page = (await sql<Record<string, unknown>>`select * from ${sql.id(shape.name)} ${where} order by ${order} limit ${PAGE_ROWS}`.execute(trx)).rows;
            for (const r of page) put({ t: shape.name, r } satisfies SnapshotLine);
            rows += page.length;
            if (page.length < PAGE_ROWS) break;
            last = page.at(-1);
          }
        }
        return { position, rows };
      });
  } finally {
    fs.closeSync(fd);
  }
}

/** The header, then each row line of a snapshot file, read as a stream. */
export async function* readSnapshot(file: string): AsyncGenerator<SnapshotHeader | SnapshotLine> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as SnapshotHeader | SnapshotLine;
}
