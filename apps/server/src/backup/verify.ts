import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BackupError } from './backup-error.js';
import { writeFileDurable } from './durable-files.js';
import { FileDecrypter } from './encryption.js';
import { BACKUP_FILES, lockFolder, paths, pickBackup, unlockFolder, type FolderKeys, type VerifyInfo } from './folder.js';
import type { Manifest } from './manifest.js';
import { withScratchDatabase } from './postgres.js';
import { noProgress, type Progress } from './progress.js';
import {
  capProblems,
  checkBlobs,
  checkSqliteCopy,
  decryptSnapshot,
  ManifestUnreadable,
  missingAtBackupTime,
  readManifest,
  restoreAndCheckPostgres,
} from './restore-steps.js';

export interface VerifyResult {
  id: string;
  dir: string;
  ok: boolean;
  /** Everything that differs from the manifest (empty when ok). */
  problems: string[];
  dialect: 'sqlite' | 'postgres' | undefined;
  tables: number;
  blobs: number;
  blobBytes: number;
  snapshotBytes: number;
  changeLogPosition: number | null;
  verifiedAt: string;
  durationMs: number;
}

/**
 * Restores a backup into a scratch place (a temp folder; a scratch PostgreSQL database) and checks
 * it: integrity and foreign keys (SQLite), per-table counts and hashes, positions and schema version
 * against the manifest, then decrypts every blob and checks its SHA-256 and size. The result is
 * written beside the backup (verify.json): a backup is good once a verify says ok.
 *
 * Throws (nothing is recorded in the folder) when the folder cannot be opened at all: wrong or
 * missing key, no such backup. Differences are answered as `ok: false` with the problems.
 */
export async function verifyBackup(opts: {
  dir: string;
  backupId?: string | undefined;
  keys: FolderKeys;
  /** PostgreSQL backups: a server (DATABASE_URL) to make the scratch database on. */
  databaseUrl?: string | undefined;
  now: Date;
  progress?: Progress;
}): Promise<VerifyResult> {
  const t0 = performance.now();
  const progress = opts.progress ?? noProgress;
  const dir = path.resolve(opts.dir);
  const { identity } = await unlockFolder(dir, opts.keys);
  const lock = await lockFolder(dir, 'backup verify');
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'fieldkeep-verify-'));
  try {
    const backup = await pickBackup(dir, { id: opts.backupId });
    const dec = new FileDecrypter(identity);
    const result: VerifyResult = {
      id: backup.id,
      dir,
      ok: false,
      problems: [],
      dialect: backup.dialect,
      tables: 0,
      blobs: 0,
      blobBytes: 0,
      snapshotBytes: 0,
      changeLogPosition: null,
      verifiedAt: opts.now.toISOString(),
      durationMs: 0,
    };
    let manifest: Manifest | undefined;
    try {
      manifest = await readManifest(dir, backup.id, dec);
    } catch (err) {
      if (!(err instanceof ManifestUnreadable)) throw err;
      result.problems.push(err.message);
    }
    if (manifest) {
      if (manifest.dialect === 'postgres' && !opts.databaseUrl) {
        throw new BackupError('database_not_ready', 'Verifying a PostgreSQL backup restores it into a scratch database: set DATABASE_URL to a PostgreSQL server (the user needs CREATEDB).');
      }
      result.tables = manifest.tables.length;
      result.snapshotBytes = manifest.snapshot.bytes;
      result.changeLogPosition = manifest.changeLogPosition;
      result.problems.push(...(await checkSnapshot(dir, manifest, dec, scratch, opts.databaseUrl, progress)));
      const blobs = await checkBlobs(dir, manifest, dec, { progress });
      result.problems.push(...missingAtBackupTime(manifest), ...blobs.problems);
      result.blobs = blobs.checked;
      result.blobBytes = blobs.bytes;
    }
    result.problems = capProblems(result.problems);
    result.ok = result.problems.length === 0;
    result.durationMs = Math.round(performance.now() - t0);
    const info: VerifyInfo = { ok: result.ok, verifiedAt: result.verifiedAt, problems: result.problems };
    await writeFileDurable(path.join(paths.backup(dir, backup.id), BACKUP_FILES.verify), `${JSON.stringify(info, null, 2)}\n`);
    return result;
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
    await lock.release();
  }
}

async function checkSnapshot(dir: string, m: Manifest, dec: FileDecrypter, scratch: string, databaseUrl: string | undefined, progress: Progress): Promise<string[]> {
  const file = path.join(scratch, m.dialect === 'sqlite' ? 'fieldkeep.sqlite' : 'snapshot.dump');
  const problems = await decryptSnapshot(dir, m, dec, file, progress);
  if (problems.length > 0) return problems;
  if (m.dialect === 'sqlite') return checkSqliteCopy(file, m, progress);
  return withScratchDatabase(databaseUrl!, (url) => restoreAndCheckPostgres(file, url, m, progress));
}
