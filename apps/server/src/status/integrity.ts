import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Cron } from 'croner';
import { sql, type Kysely } from 'kysely';
import type { TIntegrityCheck } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { newId } from '../ids.js';
import { closeAbandonedChecks, finishIntegrityCheck, insertIntegrityCheck, type IntegrityCheckRow } from './status.repository.js';

/**
 * The database integrity check (docs/status.md "Database integrity"), out of hours on a schedule and
 * on an admin's "Run now". SQLite: `pragma quick_check` and `foreign_key_check` on a read-only
 * connection in a worker thread (better-sqlite3 blocks its thread; requests never wait for it).
 * PostgreSQL: amcheck (`verify_heapam`, `bt_index_check`) where the extension is installed,
 * otherwise every table of the schema is read whole (`count(*)` is a sequential scan of each page).
 */

const MAX_PROBLEMS = 50;

// Plain CommonJS given as a string (eval: true), as backup/sqlite-worker.ts does: it then runs the
// same from the TypeScript sources under vitest and from the compiled server.
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  const problems = [];
  const rows = db.pragma('quick_check(' + workerData.max + ')', { simple: false }).map((r) => String(Object.values(r)[0]));
  if (!(rows.length === 1 && rows[0] === 'ok')) problems.push(...rows.map((m) => 'quick_check: ' + m));
  if (problems.length === 0) {
    const fk = db.pragma('foreign_key_check');
    for (const r of fk.slice(0, workerData.max)) problems.push('foreign_key_check: ' + r.table + ' row ' + r.rowid + ' refers to a missing ' + r.parent);
  }
  db.close();
  parentPort.postMessage({ problems });
} catch (err) {
  parentPort.postMessage({ problems: ['The database could not be read: ' + (err && err.message ? err.message : String(err))] });
}
`;

const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');

function sqliteCheck(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, betterSqlite3, max: MAX_PROBLEMS } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: { problems: string[] }) => settle(() => resolve(m.problems)));
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the integrity worker stopped (exit ${code}) before it answered`))));
  });
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function postgresCheck(db: Kysely<DB>): Promise<{ method: string; problems: string[] }> {
  const problems: string[] = [];
  const add = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const amcheck = await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'amcheck'`.execute(db);
  const withAmcheck = Number(amcheck.rows[0]?.n) > 0;
  for (const t of tables.rows) {
    try {
      await sql.raw(`select count(*) from ${quoteIdent(t.name)}`).execute(db);
    } catch (err) {
      add(`${t.name}: could not be read (${(err as Error).message})`);
      continue;
    }
    if (!withAmcheck) continue;
    try {
      const heap = await sql<{ blkno: number; msg: string }>`select blkno, msg from verify_heapam(${quoteIdent(t.name)}::regclass) limit 5`.execute(db);
      for (const r of heap.rows) add(`${t.name} page ${r.blkno}: ${r.msg}`);
    } catch (err) {
      add(`${t.name}: verify_heapam failed (${(err as Error).message})`);
    }
  }
  if (withAmcheck) {
    const indexes = await sql<{ name: string }>`
      select c.relname as name from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_am am on am.oid = c.relam
      where c.relnamespace = current_schema()::regnamespace and am.amname = 'btree' and i.indisvalid
      order by c.relname`.execute(db);
    for (const ix of indexes.rows) {
      try {
        await sql`select bt_index_check(${quoteIdent(ix.name)}::regclass)`.execute(db);
      } catch (err) {
        add(`index ${ix.name}: ${(err as Error).message}`);
      }
    }
  }
  return { method: withAmcheck ? 'amcheck' : 'tables', problems };
}

/** What to check instead of the server's own database (tests point it at a damaged copy). */
export interface IntegrityTarget {
  sqliteFile?: string;
  postgres?: Kysely<DB>;
}

export const rowToIntegrityCheck = (r: IntegrityCheckRow): TIntegrityCheck => ({
  id: r.id,
  status: r.status,
  method: r.method,
  startedBy: r.started_by,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  problems: JSON.parse(r.problems) as string[],
});

/** One per database: the schedule and "Run now" share it, so two checks never run at once. */
export class IntegrityRunner {
  private current: { row: IntegrityCheckRow; done: Promise<IntegrityCheckRow> } | undefined;
  private starting: Promise<{ row: IntegrityCheckRow; done: Promise<IntegrityCheckRow> }> | undefined;
  private readonly ready: Promise<void>;

  constructor(private readonly ctx: Pick<AppContext, 'database' | 'clock' | 'log'>) {
    this.ready = closeAbandonedChecks(ctx.database.db, ctx.clock.now().toISOString()).catch((err: unknown) => {
      ctx.log.warn({ err }, 'could not close unfinished integrity checks');
    });
  }

  /** Starts a check, or joins the one under way: answers its row as it starts, and when it is done. */
  begin(by: IntegrityCheckRow['started_by'], target: IntegrityTarget = {}): Promise<{ row: IntegrityCheckRow; done: Promise<IntegrityCheckRow> }> {
    if (this.current) return Promise.resolve(this.current);
    this.starting ??= this.start(by, target).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Runs a check to the end (or waits for the one under way). */
  async run(by: IntegrityCheckRow['started_by'], target: IntegrityTarget = {}): Promise<IntegrityCheckRow> {
    return (await this.begin(by, target)).done;
  }

  /** Waits for a check under way. */
  async idle(): Promise<void> {
    await this.starting?.catch(() => undefined);
    await this.current?.done.catch(() => undefined);
  }

  private async start(by: IntegrityCheckRow['started_by'], target: IntegrityTarget) {
    await this.ready;
    const { database, clock } = this.ctx;
    const row: IntegrityCheckRow = {
      id: newId(),
      status: 'running',
      method: database.dialect === 'sqlite' ? 'quick_check' : 'tables',
      started_by: by,
      started_at: clock.now().toISOString(),
      finished_at: null,
      duration_ms: null,
      problems: '[]',
    };
    await insertIntegrityCheck(database.db, row);
    const t0 = performance.now();
    const done = this.check(database, target)
      .catch((err: unknown) => ({ method: row.method, problems: [`The check could not run: ${(err as Error).message}`] }))
      .then(({ method, problems }) =>
        finishIntegrityCheck(database.db, row.id, {
          status: problems.length === 0 ? 'ok' : 'failed',
          method,
          finished_at: clock.now().toISOString(),
          duration_ms: Math.round(performance.now() - t0),
          problems: JSON.stringify(problems),
        }),
      )
      .then((finished) => {
        if (finished.status === 'ok') this.ctx.log.info({ method: finished.method, ms: finished.duration_ms }, 'database integrity check: ok');
        else this.ctx.log.error({ problems: JSON.parse(finished.problems) as string[] }, 'database integrity check found problems');
        return finished;
      })
      .finally(() => {
        this.current = undefined;
      });
    this.current = { row, done };
    return this.current;
  }

  private async check(database: Database, target: IntegrityTarget): Promise<{ method: string; problems: string[] }> {
    if (database.dialect === 'sqlite') {
      const file = target.sqliteFile ?? database.sqlitePath;
      if (!file) throw new Error('no SQLite file to check');
      return { method: 'quick_check', problems: await sqliteCheck(file) };
    }
    return postgresCheck(target.postgres ?? database.read);
  }
}

const runners = new WeakMap<Database, IntegrityRunner>();

export function integrityRunner(ctx: Pick<AppContext, 'database' | 'clock' | 'log'>): IntegrityRunner {
  let r = runners.get(ctx.database);
  if (!r) {
    r = new IntegrityRunner(ctx);
    runners.set(ctx.database, r);
  }
  return r;
}

/** When the scheduled check runs next (null: not scheduled). */
export function nextIntegrityRun(schedule: string | null, now: Date): Date | null {
  return schedule ? (new Cron(schedule, { paused: true }).nextRun(now) ?? null) : null;
}

export interface IntegritySchedule {
  /** Stops the timer and waits for a check under way. */
  stop(): Promise<void>;
  /** Runs a check now (joins one under way). */
  runNow(): Promise<TIntegrityCheck>;
}

/** The out-of-hours check at FIELDKEEP_INTEGRITY_SCHEDULE (default 03:15, server's local time). */
export function startIntegritySchedule(ctx: AppContext): IntegritySchedule {
  const runner = integrityRunner(ctx);
  const schedule = ctx.config.status.integritySchedule;
  const job = schedule
    ? new Cron(schedule, { protect: true, unref: true }, async () => {
        try {
          await runner.run('schedule');
        } catch (err) {
          ctx.log.error({ err }, 'the database integrity check could not run');
        }
      })
    : undefined;
  if (job) ctx.log.info({ schedule, next: job.nextRun()?.toISOString() }, 'database integrity check scheduled');
  return {
    async stop() {
      job?.stop();
      await runner.idle();
    },
    runNow: async () => rowToIntegrityCheck(await runner.run('schedule')),
  };
}
