import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type MigrationProvider, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { MIGRATIONS } from './migrations/index.js';
import { boundSyncCommits, type SyncCommitLog } from './pg-sync-commit.js';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** SQLite releases before this one carry the WAL-reset corruption bug: Fieldkeep refuses them. */
export const MIN_SQLITE_VERSION = '3.51.3';

export interface Database {
  dialect: Dialect;
  /** The one writer (SQLite) or the pool (PostgreSQL). Every write goes through `withWriteTx`. */
  db: Kysely<DB>;
  /** Readers for pulls, lists and reports. On SQLite a separate read-only connection (WAL snapshot). */
  read: Kysely<DB>;
  /** Where the SQLite file lives, when it is SQLite. */
  sqlitePath: string | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; unset → SQLite at `<dataDir>/fieldkeep.sqlite`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** PostgreSQL schema to use (tests give each file its own). */
  pgSchema?: string;
  pgPoolSize?: number;
  /** PostgreSQL + FIELDKEEP_ACK=replicated: answer replica_unavailable when no synchronous standby confirms a commit within this many ms (pg-sync-commit.ts). */
  syncCommitTimeoutMs?: number;
  syncCommitLog?: SyncCommitLog;
}

// PostgreSQL int8 (change-log positions, counts) as JS numbers: positions stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Refuses SQLite releases older than MIN_SQLITE_VERSION (the WAL-reset corruption bug). */
export function assertSqliteVersion(version: string): void {
  if (compareVersions(version, MIN_SQLITE_VERSION) < 0) {
    throw new Error(
      `SQLite ${version} is too old: Fieldkeep needs ${MIN_SQLITE_VERSION} or newer (earlier versions can corrupt a WAL database).`,
    );
  }
}

export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts);
  return openSqlite(path.join(opts.dataDir, 'fieldkeep.sqlite'));
}

function openSqlite(file: string): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const writer = new SQLite(file);
  const version = (writer.prepare('select sqlite_version() as v').get() as { v: string }).v;
  try {
    assertSqliteVersion(version);
  } catch (err) {
    writer.close();
    throw err;
  }
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = FULL');
  writer.pragma('foreign_keys = ON');
  writer.pragma('busy_timeout = 5000');
  const reader = new SQLite(file, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma('query_only = ON');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(writer) }) });
  const read = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(reader) }) });
  return {
    dialect: 'sqlite',
    db,
    read,
    sqlitePath: file,
    async close() {
      await read.destroy();
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every statement again on each execution; SQLite's compile step
 * was a third of a sync push's time. Prepared statements are kept by their SQL text (most-recently
 * used, bounded) and reused: safe, because one connection runs one statement at a time.
 */
export function withStatementCache(db: SQLite.Database, max = 1000): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  const stamp = db.readonly ? undefined : replicationStamper(db);
  return {
    close: () => db.close(),
    prepare(sqlText: string) {
      if (stamp && sqlText === 'commit') return stamp.commitStatement();
      // SQLite rolls a transaction back by itself after some errors (SQLITE_FULL, IOERR, NOMEM): a
      // second rollback would fail and hide the error that matters (e.g. "disk full").
      if (sqlText === 'rollback') return rollbackIfOpen(db);
      let st = cache.get(sqlText);
      if (st) {
        cache.delete(sqlText);
      } else {
        st = db.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sqlText, st);
      return st;
    },
  };
}

function rollbackIfOpen(db: SQLite.Database): SQLite.Statement {
  const stmt = db.prepare('rollback');
  return {
    reader: false,
    run: (...params: unknown[]) => (db.inTransaction ? stmt.run(...params) : { changes: 0, lastInsertRowid: 0 }),
  } as unknown as SQLite.Statement;
}

/**
 * Numbers each SQLite commit that captured replication rows (see replication-schema.ts): just before
 * COMMIT, one `repl_tx` row records the last `repl_log.seq` of the transaction. The single writer
 * makes these numbers follow commit order. Writes made outside a transaction are numbered with the
 * next commit (the ranges are by seq, so nothing is skipped). Before the replication migration has
 * run there is nothing to number.
 */
function replicationStamper(db: SQLite.Database) {
  let stampSql: SQLite.Statement | undefined;
  let commitSql: SQLite.Statement | undefined;
  const prepareStamp = (): SQLite.Statement | undefined => {
    if (stampSql) return stampSql;
    const exists = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'repl_tx'`).get();
    if (!exists) return undefined;
    stampSql = db.prepare(
      `insert into repl_tx (last_seq)
       select m from (select max(seq) as m from repl_log)
       where m > coalesce((select last_seq from repl_tx order by position desc limit 1), 0)`,
    );
    return stampSql;
  };
  const commit = {
    reader: false,
    run(...params: unknown[]) {
      prepareStamp()?.run();
      commitSql ??= db.prepare('commit');
      return commitSql.run(...params);
    },
  };
  return { commitStatement: () => commit as unknown as SQLite.Statement };
}

function openPostgres(url: string, opts: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.pgPoolSize ?? 10,
    ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
  });
  if (opts.syncCommitTimeoutMs) boundSyncCommits(pool, opts.syncCommitTimeoutMs, opts.syncCommitLog); // see pg-sync-commit.ts
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    read: db,
    sqlitePath: undefined,
    async close() {
      await db.destroy();
    },
  };
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/**
 * Kysely's Migrator, told which schema holds its tables. Without that it takes a kysely_migration
 * table in *any* schema of the database for ours (another Fieldkeep schema, another app, parallel
 * tests) and then fails on, or skips, the one in our search_path.
 */
async function migratorFor(db: Kysely<DB>): Promise<Migrator> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return new Migrator({ db, provider });
  const schema = (await sql<{ s: string | null }>`select current_schema() as s`.execute(db)).rows[0]?.s;
  if (!schema) throw new Error('PostgreSQL has no current schema: check the search_path of DATABASE_URL.');
  return new Migrator({ db, provider, migrationTableSchema: schema });
}

/** Applies every pending migration. Returns the names applied. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const migrator = await migratorFor(db);
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    // Kysely's migrator looks for its table through the introspector, which reads every schema of
    // the database: a schema dropped meanwhile by someone else (another app, a parallel test) fails
    // that read with 3F000. Nothing was applied then; try again.
    if ((error as { code?: string }).code === '3F000' && attempt < 5) continue;
    throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  }
}

/**
 * The migrations not yet applied, read straight from our own migration table. Readiness asks this on
 * every probe, so it must not go through Kysely's Migrator: that introspects every schema of the
 * database and fails (3F000) whenever another schema is dropped meanwhile, which turned /health/ready
 * red on a healthy server.
 */
export async function pendingMigrations(db: Kysely<DB>): Promise<string[]> {
  const names = Object.keys(MIGRATIONS).sort();
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const schema = isPg ? (await sql<{ s: string | null }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const table = schema ? sql.id(schema, 'kysely_migration') : sql.id('kysely_migration');
  let executed: Set<string>;
  try {
    executed = new Set((await sql<{ name: string }>`select name from ${table}`.execute(db)).rows.map((r) => r.name));
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // No migration table yet: nothing has been applied.
    if (e.code === '42P01' || /no such table/.test(e.message ?? '')) return names;
    throw err;
  }
  return names.filter((n) => !executed.has(n));
}
