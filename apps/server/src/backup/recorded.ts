import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { CreateResult } from './create.js';
import type { PruneResult } from './retention.js';
import type { ResticResult } from './restic.js';
import { finishRun, startRun, type BackupRun, type RunKind, type RunOutcome } from './runs.repository.js';
import type { VerifyResult } from './verify.js';

/** Where a step is recorded (backup_runs of the server's own database), and by whom it was started. */
export interface Recorder {
  database: Database;
  clock: Clock;
  startedBy: 'schedule' | 'cli';
}

/**
 * Runs one backup step with a `backup_runs` row around it: `running` first (so a step that never
 * finishes is visible), then `ok` or `failed` with sizes, duration and the error. A step that throws
 * is recorded as failed and the error is rethrown.
 */
export async function recorded<T>(
  rec: Recorder | undefined,
  meta: { kind: RunKind; target: string; backupId?: string },
  fn: () => Promise<T>,
  outcome: (r: T) => RunOutcome,
): Promise<{ value: T; run: BackupRun | undefined }> {
  const run = rec ? await startRun(rec.database, rec.clock, { ...meta, startedBy: rec.startedBy }) : undefined;
  const t0 = performance.now();
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    if (rec && run) {
      await finishRun(rec.database, rec.clock, run, { status: 'failed', error: (err as Error).message ?? String(err), durationMs: Math.round(performance.now() - t0) });
    }
    throw err;
  }
  const finished = rec && run ? await finishRun(rec.database, rec.clock, run, { durationMs: Math.round(performance.now() - t0), ...outcome(value) }) : undefined;
  return { value, run: finished };
}

export const createOutcome = (r: CreateResult): RunOutcome => ({
  status: r.problems.length ? 'failed' : 'ok',
  backupId: r.id,
  bytes: r.bytesWritten,
  blobs: r.blobs.total,
  blobsNew: r.blobs.new,
  blobsReused: r.blobs.reused,
  tables: r.tables,
  position: r.changeLogPosition,
  detail: `snapshot ${r.snapshotBytes} bytes; blobs ${r.blobs.new} new, ${r.blobs.reused} already in the folder`,
  error: r.problems.length ? r.problems.join('\n') : null,
});

export const verifyOutcome = (r: VerifyResult): RunOutcome => ({
  status: r.ok ? 'ok' : 'failed',
  backupId: r.id,
  bytes: r.snapshotBytes + r.blobBytes,
  blobs: r.blobs,
  tables: r.tables,
  position: r.changeLogPosition,
  detail: r.ok ? `restored into a scratch ${r.dialect === 'postgres' ? 'database' : 'copy'}: every table and blob matches the manifest` : null,
  error: r.ok ? null : r.problems.join('\n'),
});

export const pruneOutcome = (r: PruneResult): RunOutcome => ({
  status: 'ok',
  blobs: r.removedBlobs,
  detail: r.removedBackups.length || r.removedBlobs ? `removed backups ${r.removedBackups.join(', ') || 'none'} and ${r.removedBlobs} blobs no kept backup needs; ${r.keptBackups} backups kept` : `nothing to remove; ${r.keptBackups} backups kept`,
});

export const offsiteOutcome = (r: ResticResult): RunOutcome => ({
  status: 'ok',
  bytes: r.bytesAdded,
  detail: `restic snapshot ${r.snapshotId} (${r.filesNew} new files)`,
});
