import { Cron } from 'croner';
import type { Database } from '../db/database.js';
import type { BackupConfig } from './backup.config.js';
import { hasRunsTable, lastRun, recentFailures, runningRuns, type BackupRun } from './runs.repository.js';

export interface BackupRunSummary {
  id: string;
  kind: BackupRun['kind'];
  status: BackupRun['status'];
  startedBy: BackupRun['started_by'];
  target: string;
  backupId: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  bytes: number | null;
  blobs: number | null;
  blobsNew: number | null;
  tables: number | null;
  position: number | null;
  detail: string | null;
  error: string | null;
}

export interface BackupStatus {
  /** Nightly backups configured (FIELDKEEP_BACKUP_DIR). */
  scheduled: boolean;
  nextRunAt: string | null;
  lastBackup: BackupRunSummary | null;
  /** The last verify that restored a backup into scratch and found it matching. */
  lastVerifiedRestore: BackupRunSummary | null;
  lastOffsite: BackupRunSummary | null;
  running: BackupRunSummary[];
  recentFailures: BackupRunSummary[];
}

const summary = (r: BackupRun): BackupRunSummary => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  startedBy: r.started_by,
  target: r.target,
  backupId: r.backup_id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  bytes: r.bytes === null ? null : Number(r.bytes),
  blobs: r.blobs,
  blobsNew: r.blobs_new,
  tables: r.tables,
  position: r.position === null ? null : Number(r.position),
  detail: r.detail,
  error: r.error,
});

/**
 * What the status page shows about backups (operator only: it names the backup folder). Read-only;
 * `config` gives the schedule (next run), `now` the time to count from.
 */
export async function backupStatus(database: Database, opts: { config?: Pick<BackupConfig, 'dir' | 'schedule'>; now?: Date } = {}): Promise<BackupStatus> {
  const scheduled = Boolean(opts.config?.dir);
  const nextRunAt = scheduled && opts.config ? (new Cron(opts.config.schedule, { paused: true }).nextRun(opts.now ?? new Date())?.toISOString() ?? null) : null;
  if (!(await hasRunsTable(database))) {
    return { scheduled, nextRunAt, lastBackup: null, lastVerifiedRestore: null, lastOffsite: null, running: [], recentFailures: [] };
  }
  const db = database.read;
  const [lastBackup, lastVerified, lastOffsite, running, failures] = await Promise.all([
    lastRun(db, 'create', 'ok'),
    lastRun(db, 'verify', 'ok'),
    lastRun(db, 'offsite', 'ok'),
    runningRuns(db),
    recentFailures(db),
  ]);
  return {
    scheduled,
    nextRunAt,
    lastBackup: lastBackup ? summary(lastBackup) : null,
    lastVerifiedRestore: lastVerified ? summary(lastVerified) : null,
    lastOffsite: lastOffsite ? summary(lastOffsite) : null,
    running: running.map(summary),
    recentFailures: failures.map(summary),
  };
}
