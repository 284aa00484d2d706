import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { encodeCsvRow } from './csv-format.js';

/**
 * better-sqlite3 blocks its thread, so a SQLite export reads and writes its CSV files in a worker
 * thread, never on the thread that answers requests. The worker opens its own read-only
 * connection and reads every table inside one transaction: one consistent snapshot (WAL), while
 * the server keeps writing.
 *
 * Plain CommonJS given as a string (`eval: true`), like the backup worker: it then runs the same
 * from the TypeScript sources under vitest and from the compiled server. Its CSV encoding is
 * `encodeCsvRow` itself (its source text), so both dialects write identical bytes.
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const Database = require(workerData.betterSqlite3);
const task = workerData.task;
const q = (n) => '"' + String(n).replace(/"/g, '""') + '"';
const encodeCsvRow = ${encodeCsvRow.toString()};

try {
  const db = new Database(task.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.exec('BEGIN');
  const tables = [];
  for (const t of task.tables) {
    const target = path.join(task.outDir, t.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const fd = fs.openSync(target, 'wx');
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    let rows = 0;
    let parts = [];
    let pending = 0;
    const flush = () => {
      if (parts.length === 0) return;
      const b = Buffer.from(parts.join(''), 'utf8');
      hash.update(b);
      fs.writeSync(fd, b);
      bytes += b.length;
      parts = [];
      pending = 0;
    };
    const put = (s) => {
      parts.push(s);
      pending += s.length;
      if (pending > 262144) flush();
    };
    put(encodeCsvRow(t.columns));
    const st = db
      .prepare('select ' + t.columns.map(q).join(', ') + ' from ' + q(t.name) + ' where ' + q(t.tenantColumn) + ' = ? order by ' + t.primaryKey.map(q).join(', '))
      .raw(true);
    for (const r of st.iterate(task.tenantId)) {
      put(encodeCsvRow(r));
      rows++;
    }
    flush();
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    tables.push({ name: t.name, rows, bytes, sha256: hash.digest('hex') });
    parentPort.postMessage({ type: 'progress', done: tables.length, total: task.tables.length, table: t.name });
  }
  const blobs = db.prepare('select sha256, size from blobs where tenant_id = ? order by sha256').all(task.tenantId);
  const schemaVersion = db.prepare('select max(name) as v from kysely_migration').get().v;
  db.exec('COMMIT');
  db.close();
  parentPort.postMessage({ type: 'result', tables, blobs, schemaVersion });
} catch (err) {
  parentPort.postMessage({ type: 'error', message: err && err.message ? err.message : String(err) });
}
`;

export interface SqliteExportTask {
  file: string;
  tenantId: string;
  outDir: string;
  tables: Array<{ name: string; file: string; columns: string[]; primaryKey: string[]; tenantColumn: string }>;
}

export interface TableWritten {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface SqliteExportResult {
  tables: TableWritten[];
  blobs: Array<{ sha256: string; size: number }>;
  schemaVersion: string;
}

type WorkerMessage =
  | { type: 'progress'; done: number; total: number; table: string }
  | ({ type: 'result' } & SqliteExportResult)
  | { type: 'error'; message: string };

const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');

export function runSqliteExport(task: SqliteExportTask, progress?: (done: number, total: number, table: string) => void): Promise<SqliteExportResult> {
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
      if (m.type === 'progress') progress?.(m.done, m.total, m.table);
      else if (m.type === 'result') settle(() => resolve({ tables: m.tables, blobs: m.blobs, schemaVersion: m.schemaVersion }));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the SQLite export worker stopped (exit ${code}) before it answered`))));
  });
}
