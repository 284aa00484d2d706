import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { BackupRunsTable, DB } from '../db/schema.js';
import { withWriteTx } from '../db/write.js';
import { newId } from '../ids.js';

type Reader = Kysely<DB> | Transaction<DB>;
export type BackupRun = Selectable<BackupRunsTable>;
export type RunKind = BackupRunsTable['kind'];

export interface RunOutcome {
  status: 'ok' | 'failed';
  backupId?: string | null;
  bytes?: number | null;
  blobs?: number | null;
  blobsNew?: number | null;
  blobsReused?: number | null;
  tables?: number | null;
  position?: number | null;
  detail?: string | null;
  error?: string | null;
  /** Measured by the step itself (the clock may be a test's manual one). */
  durationMs?: number;
}

/** False on a database whose migrations have not run yet (a backup taken before an upgrade). */
export async function hasRunsTable(database: Database): Promise<boolean> {
  if (database.dialect === 'postgres') {
    const r = await sql<{ t: string | null }>`select to_regclass('backup_runs')::text as t`.execute(database.db);
    return Boolean(r.rows[0]?.t);
  }
  const r = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'backup_runs'`.execute(database.db);
  return Number(r.rows[0]?.n) > 0;
}

export async function startRun(
  database: Database,
  clock: Clock,
  r: { kind: RunKind; target: string; startedBy: BackupRunsTable['started_by']; backupId?: string | null },
): Promise<BackupRun> {
  const { value } = await withWriteTx(database, clock, async (tx) =>
    tx.trx
      .insertInto('backup_runs')
      .values({
        id: newId(),
        kind: r.kind,
        status: 'running',
        started_by: r.startedBy,
        target: r.target,
        backup_id: r.backupId ?? null,
        started_at: tx.now,
        finished_at: null,
        duration_ms: null,
        bytes: null,
        blobs: null,
        blobs_new: null,
        blobs_reused: null,
        tables: null,
        position: null,
        detail: null,
        error: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return value;
}

/** Records how a run ended. */
export async function finishRun(database: Database, clock: Clock, run: BackupRun, o: RunOutcome): Promise<BackupRun> {
  const { value } = await withWriteTx(database, clock, async (tx) =>
    tx.trx
      .updateTable('backup_runs')
      .set({
        status: o.status,
        finished_at: tx.now,
        duration_ms: o.durationMs ?? Math.max(0, Date.parse(tx.now) - Date.parse(run.started_at)),
        backup_id: o.backupId ?? run.backup_id,
        bytes: o.bytes ?? null,
        blobs: o.blobs ?? null,
        blobs_new: o.blobsNew ?? null,
        blobs_reused: o.blobsReused ?? null,
        tables: o.tables ?? null,
        position: o.position ?? null,
        detail: o.detail ?? null,
        error: o.error ? o.error.slice(0, 4000) : null,
      })
      .where('id', '=', run.id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return value;
}

export async function lastRun(db: Reader, kind: RunKind, status?: BackupRunsTable['status']): Promise<BackupRun | undefined> {
  let q = db.selectFrom('backup_runs').selectAll().where('kind', '=', kind);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function recentFailures(db: Reader, limit = 10): Promise<BackupRun[]> {
  return db.selectFrom('backup_runs').selectAll().where('status', '=', 'failed').orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function runningRuns(db: Reader): Promise<BackupRun[]> {
  return db.selectFrom('backup_runs').selectAll().where('status', '=', 'running').orderBy('started_at', 'desc').execute();
}

export async function listRuns(db: Reader, limit = 50): Promise<BackupRun[]> {
  return db.selectFrom('backup_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
