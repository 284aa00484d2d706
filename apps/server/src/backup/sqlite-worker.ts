import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SnapshotSummary } from './manifest.js';
import type { Progress } from './progress.js';

/**
 * better-sqlite3 blocks its thread, so the long SQLite work of a backup — `VACUUM INTO`, the
 * integrity checks and hashing every row — runs in a worker thread, never on the thread that
 * answers requests.
 *
 * The worker is plain CommonJS given as a string (`eval: true`): it then runs the same from the
 * TypeScript sources under vitest and from the compiled server, with no separate build step. Keep
 * it self-contained; its row serialisation is the SQLite half of the one described in manifest.ts.
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const Database = require(workerData.betterSqlite3);
const task = workerData.task;
const q = (name) => '"' + String(name).replace(/"/g, '""') + '"';
const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function enc(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return 'i:' + v.toString();
  if (typeof v === 'number') return 'r:' + (Object.is(v, -0) ? '-0' : String(v));
  if (typeof v === 'string') return 't:' + v;
  if (Buffer.isBuffer(v)) return 'b:' + v.toString('hex');
  throw new Error('unexpected SQLite value of type ' + typeof v);
}

function hasTable(db, name) {
  return !!db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name);
}

function summarise(db) {
  const names = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'").pluck().all().sort(byCodeUnit);
  const tables = [];
  for (const name of names) {
    const cols = db.prepare('select name, pk from pragma_table_info(?)').all(name);
    const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => q(c.name));
    const hash = crypto.createHash('sha256');
    hash.update(JSON.stringify({ table: name, columns: cols.map((c) => c.name) }) + '\n');
    let rows = 0;
    const st = db.prepare('select * from ' + q(name) + ' order by ' + (pk.length ? pk.join(', ') : 'rowid')).raw(true).safeIntegers(true);
    for (const r of st.iterate()) {
      hash.update(JSON.stringify(r.map(enc)) + '\n');
      rows++;
    }
    tables.push({ name, rows, sha256: hash.digest('hex') });
    parentPort.postMessage({ type: 'progress', done: tables.length, total: names.length, table: name });
  }
  const maxOf = (table, col) => {
    if (!hasTable(db, table)) return null;
    const v = db.prepare('select max(' + q(col) + ') from ' + q(table)).pluck().safeIntegers(false).get();
    return v === null || v === undefined ? null : v;
  };
  const blobs = hasTable(db, 'blobs')
    ? db.prepare('select sha256, max(size) as size from blobs group by sha256 order by sha256').safeIntegers(false).all()
    : [];
  return {
    tables,
    changeLogPosition: maxOf('change_log', 'position'),
    replicationPosition: maxOf('repl_tx', 'position'),
    schemaVersion: maxOf('kysely_migration', 'name'),
    blobs,
  };
}

try {
  if (task.kind === 'snapshot') {
    const live = new Database(task.live, { readonly: true, fileMustExist: true });
    live.pragma('busy_timeout = 10000');
    live.exec("VACUUM INTO '" + task.target.replace(/'/g, "''") + "'");
    live.close();
    const snap = new Database(task.target, { readonly: true, fileMustExist: true });
    const summary = summarise(snap);
    snap.close();
    parentPort.postMessage({ type: 'result', summary, problems: [] });
  } else {
    const db = new Database(task.file, { readonly: true, fileMustExist: true });
    const problems = [];
    const integrity = db.pragma('integrity_check', { simple: false }).map((r) => Object.values(r)[0]);
    if (!(integrity.length === 1 && integrity[0] === 'ok')) problems.push(...integrity.slice(0, 20).map((m) => 'integrity_check: ' + m));
    const fk = db.pragma('foreign_key_check');
    for (const r of fk.slice(0, 20)) problems.push('foreign_key_check: ' + r.table + ' row ' + r.rowid + ' refers to a missing ' + r.parent);
    if (fk.length > 20) problems.push('foreign_key_check: ' + (fk.length - 20) + ' more');
    const summary = summarise(db);
    db.close();
    parentPort.postMessage({ type: 'result', summary, problems });
  }
} catch (err) {
  parentPort.postMessage({ type: 'error', message: err && err.message ? err.message : String(err) });
}
`;

export type SqliteTask =
  /** Copies the live database consistently (`VACUUM INTO`) and summarises the copy. */
  | { kind: 'snapshot'; live: string; target: string }
  /** Runs integrity_check and foreign_key_check on a copy and summarises it. */
  | { kind: 'check'; file: string };

export interface SqliteTaskResult {
  summary: SnapshotSummary;
  /** integrity / foreign-key problems (check only). */
  problems: string[];
}

type WorkerMessage =
  | { type: 'progress'; done: number; total: number; table: string }
  | { type: 'result'; summary: SnapshotSummary; problems: string[] }
  | { type: 'error'; message: string };

const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');

export function runSqliteTask(task: SqliteTask, progress?: Progress): Promise<SqliteTaskResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { task, betterSqlite3 } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') progress?.({ step: 'tables', done: m.done, total: m.total, table: m.table });
      else if (m.type === 'result') settle(() => resolve({ summary: m.summary, problems: m.problems }));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the SQLite worker stopped (exit ${code}) before it answered`))));
  });
}
